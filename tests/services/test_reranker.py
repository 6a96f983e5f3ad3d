"""Learning from matchmakers' decisions: used only while it beats the hand-set weights."""

from __future__ import annotations

import random

import pytest

from portal.extensions import db
from portal.models import Match, MatchStatus, Role
from portal.models.base import utcnow
from portal.services.matches import reranker
from portal.services.matches import review as matches
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import (
    ESCO_WAREHOUSE,
    PC4_GRONINGEN,
    PC4_WORKPLACE,
    create_match_profile,
    create_match_vacancy,
)


def _decided(vacancy, profile, *, parts: dict[str, float], approved: bool) -> Match:
    match = Match(
        vacancy=vacancy,
        candidate=profile,
        status=MatchStatus.APPROVED if approved else MatchStatus.REJECTED,
        reason_code=None if approved else "distance",
        score=sum(parts.values()),
        reasons=[
            {"code": code, "contribution": value, "params": {}}
            for code, value in parts.items()
        ],
        decided_at=utcnow(),
    )
    db.session.add(match)
    return match


def distance_driven_decisions(n_vacancies: int = 6, per_vacancy: int = 12) -> None:
    """Matchmakers who approve only close candidates, whatever their trade.

    The hand-set sum rewards the occupation (25 points) far more than distance (10),
    so it orders these decisions badly; a model on the parts learns the distance.
    """
    rng = random.Random(7)
    employer = create_employer()
    vacancies = [create_match_vacancy(employer) for _ in range(n_vacancies)]
    profiles = [create_match_profile(consent=False) for _ in range(per_vacancy)]
    for vacancy in vacancies:
        for profile in profiles:
            distance = rng.uniform(0, 10)
            occupation = rng.choice([0.0, 25.0])
            _decided(
                vacancy,
                profile,
                parts={
                    "same_occupation": occupation,
                    "distance": round(distance, 2),
                    "hours_fit": 8.0,
                },
                approved=distance > 5,
            )
    db.session.flush()


def test_too_few_decisions_keep_the_hand_set_weights(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    for _ in range(3):
        _decided(
            vacancy,
            create_match_profile(),
            parts={"same_occupation": 25.0},
            approved=True,
        )
    db.session.flush()

    view = reranker.current_report()

    assert view.in_use == "weights"
    assert view.why == "too_few"
    assert view.report.n_decisions == 3
    assert view.report.min_decisions == app_ctx.config["RERANKER_MIN_DECISIONS"]


def test_a_better_learned_order_is_used_and_reorders_proposals(app_ctx) -> None:
    app_ctx.config["RERANKER_MIN_DECISIONS"] = 40
    distance_driven_decisions()
    employer = create_employer()
    vacancy = create_match_vacancy(employer, pc4=PC4_WORKPLACE)
    cook_further = create_match_profile(pc4="1069", max_travel_km=40)
    warehouse_close = create_match_profile(
        pc4=PC4_WORKPLACE, occupations=((ESCO_WAREHOUSE, 3.0),)
    )

    view = reranker.current_report()
    assert view.in_use == "reranker"
    assert view.why == "better"
    assert view.report.learned_score > view.report.hand_set_score + reranker.MARGIN

    plain = reranker.matching_service.rank_candidates(vacancy, top=2)
    learned = reranker.rank_candidates(vacancy, top=2)
    assert [s.candidate_ref for s in plain.items] == [
        cook_further.ref,
        warehouse_close.ref,
    ]
    assert [s.candidate_ref for s in learned.items] == [
        warehouse_close.ref,
        cook_further.ref,
    ]
    assert learned.model == "reranker"
    # The score shown stays the hand-set, explainable one.
    assert {s.score for s in learned.items} == {s.score for s in plain.items}


def test_a_learned_order_that_is_no_better_is_not_used(app_ctx) -> None:
    app_ctx.config["RERANKER_MIN_DECISIONS"] = 40
    rng = random.Random(3)
    employer = create_employer()
    vacancies = [create_match_vacancy(employer) for _ in range(6)]
    profiles = [create_match_profile() for _ in range(10)]
    for vacancy in vacancies:
        for profile in profiles:
            total = rng.uniform(0, 60)
            # Matchmakers agree with the hand-set total: nothing to gain from learning.
            _decided(
                vacancy,
                profile,
                parts={
                    "same_occupation": total / 2,
                    "distance": total / 6,
                    "hours_fit": total / 3,
                },
                approved=total > 30,
            )
    db.session.flush()

    view = reranker.current_report()

    assert view.in_use == "weights"
    assert view.why == "not_better"
    assert view.report.hand_set_score == pytest.approx(1.0)


def test_decisions_use_the_matchmakers_word_and_skip_blocked_pairs(app_ctx) -> None:
    employer = create_employer()
    mm = create_user(Role.MATCHMAKER)
    owner = create_user(Role.EMPLOYER, employer=employer)
    vacancy = create_match_vacancy(employer)
    approved_then_declined = matches.approve(vacancy, create_match_profile(), by=mm)
    matches.decline(approved_then_declined, by=owner, reason_code="position_filled")
    matches.reject(vacancy, create_match_profile(), by=mm, reason_code="hours")
    matches.reject(
        vacancy, create_match_profile(pc4=PC4_GRONINGEN), by=mm, reason_code="distance"
    )
    matches.suggest(vacancy, create_match_profile(), by=mm)

    found = reranker.decisions()

    assert [d.approved for d in found] == [True, False]
    assert all(d.group == str(vacancy.id) for d in found)
    assert found[0].parts["same_occupation"] == 25.0


def test_the_reranker_is_refitted_only_after_a_new_decision(app_ctx) -> None:
    employer = create_employer()
    mm = create_user(Role.MATCHMAKER)
    vacancy = create_match_vacancy(employer)
    cache = reranker._cache()

    reranker.current()
    reranker.current()
    assert cache.fits == 1

    matches.approve(vacancy, create_match_profile(), by=mm)
    reranker.current()
    reranker.current()
    assert cache.fits == 2
