"""Two decisions at once, double submits: the database decides, once, and says who won.

The probe's 40 decision races ended in bare 500s. On PostgreSQL two real threads, each with
its own connection, decide the same match at the same moment; SQLite in memory has one
connection for every thread, so there the race is played with a stale object instead
(the second decision loaded the match before the first one changed it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Match,
    MatchStatus,
    Role,
    StatusChange,
    User,
    Vacancy,
)
from portal.services import audit
from portal.services.matches import review as matches
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import local_today
from portal.services.vacancies.rules import VacancyData
from tests.conftest import USE_POSTGRES
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import create_match_profile, create_match_vacancy
from tests.fixtures.vacancies import KOK_URI

needs_postgres = pytest.mark.skipif(
    not USE_POSTGRES,
    reason="in-memory SQLite gives every thread the same connection: no real race",
)


def _world(app) -> dict[str, int]:
    with app.app_context():
        employer = create_employer()
        world = {
            "mm1": create_user(Role.MATCHMAKER).id,
            "mm2": create_user(Role.MATCHMAKER).id,
            "vacancy": create_match_vacancy(employer).id,
            "profile": create_match_profile().id,
            "employer_user": create_user(Role.EMPLOYER, employer=employer).id,
        }
        db.session.commit()
        return world


def _in_parallel(app, *actions: Callable[[], Any]) -> list[Any]:
    """Run each action in its own thread and app context (own session and connection)."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int, action: Callable[[], Any]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[i] = action()
                db.session.commit()
            except Exception as exc:
                db.session.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=a) for a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _decide(world: dict[str, int], who: str, how: str) -> Callable[[], str]:
    def action() -> str:
        vacancy = db.session.get(Vacancy, world["vacancy"])
        profile = db.session.get(CandidateProfile, world["profile"])
        by = db.session.get(User, world[who])
        if how == "approve":
            matches.approve(vacancy, profile, by=by)
        else:
            matches.reject(vacancy, profile, by=by, reason_code="distance")
        return how

    return action


def _changes(app) -> list[tuple[str | None, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(StatusChange.from_state, StatusChange.to_state)
            .where(StatusChange.object_type == "match")
            .order_by(StatusChange.id)
        )
        return [tuple(r) for r in rows]


@needs_postgres
@pytest.mark.parametrize("first", ["suggest", "none"])
def test_two_decisions_at_once_one_wins_the_other_is_told(app, first):
    world = _world(app)
    if first == "suggest":  # the pair's row exists: both race on its status
        with app.app_context():
            matches.suggest(
                db.session.get(Vacancy, world["vacancy"]),
                db.session.get(CandidateProfile, world["profile"]),
                by=db.session.get(User, world["mm1"]),
            )
            db.session.commit()
    results = _in_parallel(
        app, _decide(world, "mm1", "approve"), _decide(world, "mm2", "reject")
    )
    won = [r for r in results if isinstance(r, str)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1, results
    assert len(lost) == 1, results
    assert isinstance(lost[0], matches.AlreadyDecided), repr(lost[0])
    with app.app_context():
        match = db.session.scalars(select(Match)).one()
        assert match.status == (
            MatchStatus.APPROVED if won == ["approve"] else MatchStatus.REJECTED
        )
        winner = world["mm1"] if won == ["approve"] else world["mm2"]
        assert match.decided_by_id == winner
        assert lost[0].by_name == db.session.get(User, winner).name
    # One decision in the trail, after the row's creation.
    assert [to for _, to in _changes(app)][-1] == str(match.status)
    assert sum(1 for _, to in _changes(app) if to in {"approved", "rejected"}) == 1


@needs_postgres
def test_a_double_submit_of_approve_approves_once(app):
    world = _world(app)
    results = _in_parallel(
        app, _decide(world, "mm1", "approve"), _decide(world, "mm1", "approve")
    )
    assert sorted(type(r).__name__ for r in results) == ["AlreadyDecided", "str"]
    assert sum(1 for _, to in _changes(app) if to == "approved") == 1


def test_a_stale_decision_is_refused_on_both_databases(app):
    """The loser loaded the match before the winner's decision reached the database."""
    world = _world(app)
    with app.app_context():
        vacancy = db.session.get(Vacancy, world["vacancy"])
        profile = db.session.get(CandidateProfile, world["profile"])
        matches.suggest(vacancy, profile, by=db.session.get(User, world["mm1"]))
        db.session.commit()
        match = matches.find_match(vacancy, profile)
        assert match.status == MatchStatus.SUGGESTED  # loaded, now stale:
        db.session.execute(
            update(Match)
            .where(Match.id == match.id)
            .values(status=MatchStatus.REJECTED, decided_by_id=world["mm2"])
            .execution_options(synchronize_session=False)
        )
        # ... and, like every real decision, wrote its state change
        audit.record_change(
            "match",
            match.id,
            from_state="suggested",
            to_state="rejected",
            by=db.session.get(User, world["mm2"]),
            reason_code="other",
        )
        with pytest.raises(matches.AlreadyDecided) as refused:
            matches.approve(vacancy, profile, by=db.session.get(User, world["mm1"]))
        assert refused.value.by_name == db.session.get(User, world["mm2"]).name
        db.session.rollback()


def _vacancy_data() -> VacancyData:
    return VacancyData(
        title="Kok",
        esco_occupation=KOK_URI,
        pc4="1187",
        hours_per_week=32,
        start_date=local_today() + timedelta(days=30),
        contract_months=6,
        hourly_wage=Decimal("16.50"),
        essential_skills=tuple(taxonomy_search.essential_skills(KOK_URI)[:3]),
        languages={"nl": "A2"},
    )


def test_a_resubmitted_vacancy_form_creates_one_vacancy(app_ctx):
    owner = create_user(Role.EMPLOYER, employer=create_employer())
    data = _vacancy_data()
    first = vacancies.create_vacancy(
        owner.employer, data, by=owner, submission_key="k1"
    )
    again = vacancies.create_vacancy(
        owner.employer, data, by=owner, submission_key="k1"
    )
    other = vacancies.create_vacancy(
        owner.employer, data, by=owner, submission_key="k2"
    )
    assert first.id == again.id != other.id
    assert db.session.scalar(select(func.count()).select_from(Vacancy)) == 2


@needs_postgres
def test_a_double_submit_of_vacancy_create_in_parallel_creates_one(app):
    with app.app_context():
        owner_id = create_user(Role.EMPLOYER, employer=create_employer()).id
        db.session.commit()

    def create() -> int:
        owner = db.session.get(User, owner_id)
        return vacancies.create_vacancy(
            owner.employer, _vacancy_data(), by=owner, submission_key="same-form"
        ).id

    results = _in_parallel(app, create, create)
    assert all(isinstance(r, int) for r in results), results
    assert results[0] == results[1]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Vacancy)) == 1
