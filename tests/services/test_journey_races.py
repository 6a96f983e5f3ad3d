"""Two people (or one double click) deciding at once: exactly one decision, never a 5xx.

Every test runs real concurrent requests (threads, each with its own app context and
database connection) on a server-like database: the PostgreSQL test database when
DATABASE_URL points to one, otherwise a SQLite file (an in-memory database has one
shared connection and would not race at all).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    Match,
    MatchStatus,
    Role,
    StatusChange,
    TwvCase,
    User,
    Vacancy,
)
from tests.conftest import USE_POSTGRES, make_app
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.journey import contract_terms, walk_to
from tests.fixtures.matches import create_match_profile, create_match_vacancy
from tests.web.test_vacancies import form_data as vacancy_form_data


@pytest.fixture
def race_app(database_url: str | None, tmp_path: Path) -> Iterator[Flask]:
    url = database_url if USE_POSTGRES else f"sqlite:///{tmp_path / 'race.db'}"
    yield from make_app(url)


def _at_once(app: Flask, calls: list[Callable[[], int]]) -> list[int]:
    """Run the calls in threads released together; returns their status codes."""
    barrier = threading.Barrier(len(calls))
    codes: list[int] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], int]) -> None:
        try:
            barrier.wait()
            codes.append(call())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return codes


def _world(app: Flask, *, people: int = 2):
    with app.app_context():
        organisation = create_employer()
        employer = create_user(Role.EMPLOYER, employer=organisation)
        matchmakers = [create_user(Role.MATCHMAKER) for _ in range(people)]
        vacancy = create_match_vacancy(organisation)
        profiles = [create_match_profile() for _ in range(5)]
        db.session.commit()
        return (
            employer.id,
            [m.id for m in matchmakers],
            vacancy.id,
            [p.id for p in profiles],
        )


def _client(app: Flask, user_id: int):
    with app.app_context():
        return app.test_client(user=db.session.get(User, user_id))


def _count(app: Flask, query) -> int:
    with app.app_context():
        return int(db.session.scalar(query) or 0)


def test_two_matchmakers_approving_a_new_pair_record_one_decision(race_app):
    _employer, (mm1, mm2), vacancy_id, profile_ids = _world(race_app)
    clients = [_client(race_app, mm1), _client(race_app, mm2)]
    for profile_id in profile_ids:
        url = f"/matches/vacature/{vacancy_id}/kandidaat/{profile_id}/goedkeuren"
        codes = _at_once(
            race_app, [lambda c=c, u=url: c.post(u).status_code for c in clients]
        )
        assert codes == [302, 302]
    assert _count(race_app, select(func.count(Match.id))) == len(profile_ids)
    approvals = select(func.count(StatusChange.id)).where(
        StatusChange.object_type == "match", StatusChange.to_state == "approved"
    )
    assert _count(race_app, approvals) == len(profile_ids)


def test_the_loser_is_told_who_decided(race_app):
    _employer, (mm1, mm2), vacancy_id, profile_ids = _world(race_app)
    url = f"/matches/vacature/{vacancy_id}/kandidaat/{profile_ids[0]}/goedkeuren"
    assert _client(race_app, mm1).post(url).status_code == 302
    page = _client(race_app, mm2).post(url, follow_redirects=True)
    assert page.status_code == 200
    with race_app.app_context():
        name = db.session.get(User, mm1).name
    assert f"Dit is al besloten door {name}" in page.get_data(as_text=True)


def test_approve_and_reject_at_once_leave_one_decision(race_app):
    _employer, (mm1, mm2), vacancy_id, profile_ids = _world(race_app)
    a, b = _client(race_app, mm1), _client(race_app, mm2)
    for profile_id in profile_ids:
        base = f"/matches/vacature/{vacancy_id}/kandidaat/{profile_id}"
        assert (
            a.post(f"{base}/bewaren").status_code == 302
        )  # the row exists: UPDATE race
        codes = _at_once(
            race_app,
            [
                lambda base=base: a.post(f"{base}/goedkeuren").status_code,
                lambda base=base: (
                    b.post(
                        f"{base}/afwijzen", data={"reason_code": "hours"}
                    ).status_code
                ),
            ],
        )
        assert all(code < 500 for code in codes)
    decisions = select(func.count(StatusChange.id)).where(
        StatusChange.object_type == "match",
        StatusChange.from_state == "suggested",
        StatusChange.to_state.in_(("approved", "rejected")),
    )
    assert _count(race_app, decisions) == len(profile_ids)


def test_a_double_submitted_hire_confirmation_confirms_once(race_app):
    employer_id, (mm1, _mm2), vacancy_id, profile_ids = _world(race_app)
    with race_app.app_context():
        world = SimpleNamespace(
            matchmaker=db.session.get(User, mm1),
            employer=db.session.get(User, employer_id),
            vacancy=db.session.get(Vacancy, vacancy_id),
            profile=db.session.get(CandidateProfile, profile_ids[0]),
        )
        match = walk_to(world, MatchStatus.INTRODUCED)
        match_id = match.id
        db.session.commit()
    boss = _client(race_app, employer_id)
    terms = contract_terms()
    contract = {
        "contract_start": terms.contract_start.isoformat(),
        "contract_end": terms.contract_end.isoformat(),
        "hours_per_week": "32",
        "hourly_wage": "15.50",
    }
    codes = _at_once(
        race_app,
        [lambda: boss.post(f"/traject/{match_id}/contract", data=contract).status_code]
        * 2,
    )
    assert all(code < 500 for code in codes)
    assert _count(race_app, select(func.count(Hire.id))) == 1
    mm = _client(race_app, mm1)
    codes = _at_once(
        race_app,
        [lambda: mm.post(f"/traject/{match_id}/bevestigen").status_code] * 2,
    )
    assert codes == [302, 302]
    assert _count(race_app, select(func.count(TwvCase.id))) == 1
    confirmed = select(func.count(StatusChange.id)).where(
        StatusChange.object_type == "hire", StatusChange.to_state == "planned"
    )
    assert _count(race_app, confirmed) == 1


def test_a_double_submitted_vacancy_creates_one(race_app):
    employer_id, _mms, _vacancy_id, _profiles = _world(race_app)
    boss = _client(race_app, employer_id)
    data = {**vacancy_form_data(), "once_token": "same-token-for-both-clicks"}
    before = _count(race_app, select(func.count(Vacancy.id)))
    codes = _at_once(
        race_app,
        [lambda: boss.post("/vacatures/nieuw", data=data).status_code] * 2,
    )
    assert codes == [302, 302]
    assert _count(race_app, select(func.count(Vacancy.id))) == before + 1
