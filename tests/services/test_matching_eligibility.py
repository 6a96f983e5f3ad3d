"""Suggestions follow the TWV gate: the same facts and settings block the same people.

The hire gate (``matches.hire_gate``, the TWV checklist's rules) and matching
(``ranking.explain``, ``rank_candidates``, ``rank_vacancies``) are given the same profiles
and start dates; a person the gate refuses for a start date is never suggested for a
vacancy starting then, and the pair look-up names the same rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from matching.permits import RECAST_RCD_START, first_work_day
from portal.extensions import db
from portal.models import Role, Vacancy
from portal.services.candidates import profiles as candidates
from portal.services.matches import hire_gate
from portal.services.matches import ranking as matching_service
from portal.services.permits.procedure import set_procedure_facts
from portal.services.settings import definitions, values
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import create_match_profile, create_match_vacancy

DAY = timedelta(days=1)
#: The gate's blocking codes and matching's names for them.
GATE_CODE = {
    "ASYLUM_APPLICATION_UNDER_6_MONTHS": "blocked_not_allowed_to_work_yet",
    "W_DOCUMENT_INVALID_OR_MISSING": "blocked_w_document_expired",
    "ACCELERATED_PROCEDURE_NO_WORK": "blocked_accelerated_procedure",
    "ASYLUM_REJECTED_NO_WORK": "asylum_rejected",
    "NOT_IN_COA_RECEPTION": "not_in_coa_reception",
}


def _gate(profile, vacancy: Vacancy) -> set[str]:
    terms = SimpleNamespace(
        contract_start=vacancy.start_date,
        contract_end=vacancy.start_date + timedelta(days=180),
        hourly_wage=vacancy.hourly_wage,
    )
    return {GATE_CODE[c.code] for c in hire_gate.blocking_checks(profile, terms)}


def _matching(profile, vacancy: Vacancy) -> set[str]:
    explanation = matching_service.explain(profile, vacancy)
    assert explanation is not None
    return {r.code for r in explanation.blocked}


def _suggested(profile, vacancy: Vacancy) -> bool:
    listed = matching_service.rank_candidates(vacancy, top=50).items
    return profile.id in {s.candidate_id for s in listed}


def _profiles(today: date) -> dict[str, dict[str, Any]]:
    """Facts of people around the dates where a rule turns (relative to ``today``)."""
    return {
        "registered earlier": {
            "asylum_application_date": today - timedelta(days=120),
            "asylum_registration_date": today - timedelta(days=160),
        },
        "applied only": {"asylum_application_date": today - timedelta(days=120)},
        "accelerated": {"accelerated_procedure": True},
        "left reception": {"in_coa_reception": False},
        "left reception with a permit": {
            "in_coa_reception": False,
            "residence_permit_on": today - timedelta(days=10),
        },
        "refused": {"asylum_rejected": True},
        "W-document ends": {"w_document_valid_until": today + timedelta(days=40)},
    }


def _turning_days(facts: dict[str, Any]) -> list[date]:
    days = []
    if "asylum_registration_date" in facts or "asylum_application_date" in facts:
        days.append(
            first_work_day(
                facts["asylum_application_date"],
                registration_date=facts.get("asylum_registration_date"),
            )
        )
    if "w_document_valid_until" in facts:
        days.append(facts["w_document_valid_until"])
    return days


def test_suggestions_and_the_look_up_block_what_the_hire_gate_blocks(app_ctx) -> None:
    today = candidates.local_today()
    employer = create_employer()
    seen: dict[str, set[bool]] = {}
    for name, facts in _profiles(today).items():
        profile = create_match_profile(identity=True, **facts)
        profile.identity.date_of_birth = date(1990, 1, 1)
        days = _turning_days(facts) or [today + 30 * DAY]
        for day in days:
            for start in (day - DAY, day, day + DAY):
                if start < today:
                    continue
                vacancy = create_match_vacancy(
                    employer, start_in_days=(start - today).days
                )
                db.session.flush()
                gate = _gate(profile, vacancy)
                assert _matching(profile, vacancy) == gate, (name, start)
                assert _suggested(profile, vacancy) is (not gate), (name, start)
                seen.setdefault(name, set()).add(bool(gate))
    # The table can fail: blocked and free starts both occur where a date turns.
    assert seen["registered earlier"] == {True, False}
    assert seen["applied only"] == {True, False}
    assert seen["W-document ends"] == {True, False}
    assert seen["left reception"] == {True}
    assert seen["left reception with a permit"] == {False}
    assert seen["refused"] == {True}


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_an_accelerated_procedure_blocks_from_the_directive_s_date(
    app_ctx, offset
) -> None:
    """Ranked on a day before the directive, for a start the day before, on or after it."""
    start = RECAST_RCD_START + offset * DAY
    as_of = RECAST_RCD_START - 30 * DAY
    employer = create_employer()
    profile = create_match_profile(
        accelerated_procedure=True, asylum_application_date=as_of - 400 * DAY
    )
    profile.consents[0].given_on = as_of - 10 * DAY  # consent on that day too
    vacancy = create_match_vacancy(employer, start_date=start)
    blocked = {"blocked_accelerated_procedure"} if offset >= 0 else set()

    assert _gate(profile, vacancy) == blocked
    explanation = matching_service.explain(profile, vacancy, as_of=as_of)
    assert explanation is not None
    assert {r.code for r in explanation.blocked} == blocked
    listed = matching_service.rank_candidates(vacancy, as_of=as_of).items
    assert (profile.id in {s.candidate_id for s in listed}) is not blocked


def test_the_administrator_s_switch_reaches_suggestions_without_a_rebuild(
    app_ctx,
) -> None:
    admin = create_user(Role.ADMIN)
    employer = create_employer()
    accelerated = create_match_profile(accelerated_procedure=True)
    other = create_match_profile()
    vacancy = create_match_vacancy(employer)
    db.session.commit()
    cache = matching_service.index_cache()

    on = {s.candidate_id for s in matching_service.rank_candidates(vacancy).items}
    values.set_value(definitions.BLOCK_ACCELERATED, False, by=admin)
    db.session.commit()
    off = {s.candidate_id for s in matching_service.rank_candidates(vacancy).items}
    explanation = matching_service.explain(accelerated, vacancy)

    assert on == {other.id}
    assert off == {other.id, accelerated.id}
    assert explanation is not None
    assert not explanation.is_blocked
    # The switch applies when ranking: the same index served both.
    assert (cache.builds["candidates"], cache.updates) == (1, 0)


def test_vacancies_for_a_person_out_of_reception_are_not_suggested(app_ctx) -> None:
    employer = create_employer()
    create_match_vacancy(employer)
    left = create_match_profile(in_coa_reception=False)
    holder = create_match_profile(
        in_coa_reception=False,
        residence_permit_on=candidates.local_today() - timedelta(days=3),
    )

    assert not matching_service.rank_vacancies(left).available
    assert matching_service.rank_vacancies(holder).items


def test_recording_the_procedure_facts_updates_the_index(app_ctx) -> None:
    matchmaker = create_user(Role.MATCHMAKER)
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile()
    db.session.commit()
    assert _suggested(profile, vacancy)
    cache = matching_service.index_cache()

    set_procedure_facts(
        profile, registration_date=None, accelerated=True, by=matchmaker
    )
    db.session.commit()

    assert not _suggested(profile, vacancy)
    assert cache.updates == 1  # the changed profile alone, featurised again
