"""Matching's eligibility rules agree with the TWV gate's, case by case.

The gate (``portal.domain.twv_eligibility.check_eligibility``, used by the TWV checklist
and the hire gate) and matching (``matching.rules`` and the vectorised ranking) are
given the same facts for a table of people and start dates: the day before, on and after
every date a rule turns on (end of the waiting period from the application or the
registration, the directive's first day, the W-document's last day, the residence
permit), with the accelerated-procedure switch on and off and the Dutch proposal on and
off. Both must block the same start dates for the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.permits import RECAST_RCD_START, EligibilityRules
from matching.rules import eligibility_violations
from matching.types import Candidate, Vacancy
from portal.domain.twv_eligibility import (
    EligibilityFacts,
    EligibilitySettings,
    check_eligibility,
)

COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
DAY = timedelta(days=1)
#: The gate's blocking code for each of matching's eligibility rules.
GATE_CODE = {
    "ASYLUM_APPLICATION_UNDER_6_MONTHS": "blocked_not_allowed_to_work_yet",
    "W_DOCUMENT_INVALID_OR_MISSING": "blocked_w_document_expired",
    "ACCELERATED_PROCEDURE_NO_WORK": "blocked_accelerated_procedure",
}


@dataclass(frozen=True)
class Person:
    name: str
    applied: date
    w_valid_until: date
    registered: date | None = None
    accelerated: bool = False
    permit: date | None = None
    #: The dates around which the answer changes.
    turns: tuple[date, ...] = ()


PEOPLE = (
    Person(
        "waiting from the application",
        applied=date(2025, 9, 2),
        w_valid_until=date(2027, 12, 31),
        turns=(date(2026, 3, 2),),
    ),
    Person(
        "waiting from an earlier registration",
        applied=date(2026, 3, 20),
        registered=date(2026, 1, 10),
        w_valid_until=date(2027, 12, 31),
        turns=(date(2026, 7, 10), date(2026, 9, 20)),
    ),
    Person(
        "registration six months before the directive",
        applied=date(2026, 1, 20),
        registered=date(2025, 11, 1),
        w_valid_until=date(2027, 12, 31),
        turns=(date(2026, 5, 1), RECAST_RCD_START, date(2026, 7, 20)),
    ),
    Person(
        "registration after the application",
        applied=date(2026, 1, 20),
        registered=date(2026, 2, 20),
        w_valid_until=date(2027, 12, 31),
        turns=(date(2026, 7, 20), date(2026, 8, 20)),
    ),
    Person(
        "accelerated procedure",
        applied=date(2025, 6, 1),
        accelerated=True,
        w_valid_until=date(2027, 12, 31),
        turns=(RECAST_RCD_START,),
    ),
    Person(
        "accelerated, then a residence permit",
        applied=date(2025, 6, 1),
        accelerated=True,
        permit=date(2026, 8, 1),
        w_valid_until=date(2026, 7, 20),
        turns=(RECAST_RCD_START, date(2026, 7, 20), date(2026, 8, 1)),
    ),
    Person(
        "status holder within the waiting period",
        applied=date(2026, 5, 1),
        permit=date(2026, 7, 15),
        w_valid_until=date(2026, 6, 30),
        turns=(date(2026, 6, 30), date(2026, 7, 15), date(2026, 11, 1)),
    ),
    Person(
        "W-document ends",
        applied=date(2025, 1, 10),
        w_valid_until=date(2026, 10, 10),
        turns=(date(2026, 10, 10),),
    ),
)


def _cases():
    for person in PEOPLE:
        for turn in person.turns:
            for offset in (-1, 0, 1):
                yield pytest.param(
                    person,
                    turn + offset * DAY,
                    id=f"{person.name}: {turn + offset * DAY}",
                )


def _gate(person: Person, start: date, settings: EligibilitySettings) -> set[str]:
    facts = EligibilityFacts(
        start_on=start,
        asylum_application_on=person.applied,
        w_valid_until=person.w_valid_until,
        has_residence_permit=person.permit is not None,
        residence_permit_on=person.permit,
        date_of_birth=date(1990, 1, 1),
        asylum_registration_on=person.registered,
        accelerated_procedure=person.accelerated,
    )
    checks = check_eligibility(facts, today=start - 40 * DAY, settings=settings)
    blocking = {
        c.code
        for c in checks
        if c.severity == "blocking" and c.params.get("blocks") != "submission"
    }
    assert blocking <= set(GATE_CODE), blocking  # nothing matching cannot know
    return {GATE_CODE[code] for code in blocking}


def _candidate(person: Person) -> Candidate:
    return Candidate(
        ref="K-1",
        occupations=((COOK, 3.0),),
        pc4="1187",
        max_travel_km=30.0,
        hours_per_week=32.0,
        available_from=date(2025, 1, 1),
        asylum_application_date=person.applied,
        asylum_registration_date=person.registered,
        accelerated_procedure=person.accelerated,
        residence_permit_on=person.permit,
        w_document_valid_until=person.w_valid_until,
    )


def _vacancy(start: date) -> Vacancy:
    return Vacancy(
        ref="V-1",
        esco_occupation=COOK,
        title="Kok",
        pc4="1181",
        hours_per_week=32.0,
        start_date=start,
        contract_months=6.0,
        hourly_wage_eur=15.0,
    )


@pytest.mark.parametrize("block_accelerated", [True, False])
@pytest.mark.parametrize("eu_pact", [False, True])
@pytest.mark.parametrize(("person", "start"), list(_cases()))
def test_matching_blocks_what_the_twv_gate_blocks(
    person: Person, start: date, eu_pact: bool, block_accelerated: bool
) -> None:
    gate = _gate(
        person,
        start,
        EligibilitySettings(
            eu_pact_2026=eu_pact, block_accelerated_procedure=block_accelerated
        ),
    )
    rules = EligibilityRules(block_accelerated_procedure=block_accelerated)
    candidate, vacancy = _candidate(person), _vacancy(start)
    as_of = start - 40 * DAY

    assert set(eligibility_violations(candidate, start, rules)) == gate
    explained = explain_pair(candidate, vacancy, as_of=as_of, rules=rules)
    assert {r.code for r in explained.blocked} == gate
    ranked = CandidateIndex().fit([candidate]).rank(vacancy, as_of=as_of, rules=rules)
    assert bool(ranked) is not gate


def test_the_table_covers_every_rule_both_ways() -> None:
    """Each rule is seen blocking and not blocking (the table can fail)."""
    seen: dict[str, set[bool]] = {code: set() for code in GATE_CODE.values()}
    settings = EligibilitySettings()
    for person in PEOPLE:
        for turn in person.turns:
            for offset in (-1, 0, 1):
                gate = _gate(person, turn + offset * DAY, settings)
                for code in seen:
                    seen[code].add(code in gate)
    assert all(both == {True, False} for both in seen.values()), seen
