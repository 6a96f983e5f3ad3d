"""Rules kept current for issue 13: the recast Reception Conditions Directive (12 Jun
2026), the accelerated-procedure block, the Wtta for agency work and the volunteer track.
Each date is tested on the day before, on and after."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from matching.permits import (
    ACCELERATED_PROCEDURE_BLOCK,
    RECAST_RCD_START,
    WAITING_RULES,
    accelerated_procedure_blocks,
    earliest_work_date,
    may_work_on,
)
from portal.domain.agency_work import WTTA_RULES, check_admission, wtta_rule_on
from portal.domain.twv_rules import (
    EligibilityFacts,
    EligibilitySettings,
    check_eligibility,
)
from portal.domain.volunteer import (
    FOR_PROFIT_NO_VOLUNTEERS,
    NO_VOLUNTEER_DECLARATION,
    VOLUNTEER_RULES,
    volunteer_problems,
)

ONE_DAY = timedelta(days=1)


def _facts(**changes) -> EligibilityFacts:
    base = EligibilityFacts(
        start_on=date(2026, 9, 1),
        asylum_application_on=date(2025, 6, 1),
        w_valid_until=date(2027, 12, 31),
        date_of_birth=date(1995, 5, 5),
        hourly_wage=Decimal("15.50"),
        contract_end=date(2026, 11, 30),
        has_bsn=True,
        registered_in_brp=True,
    )
    return replace(base, **changes)


def _codes(facts, settings=None, today=date(2026, 8, 1)) -> list[str]:
    return [c.code for c in check_eligibility(facts, today=today, settings=settings)]


def test_every_new_rule_row_has_a_source_and_a_status():
    rows = [*WAITING_RULES, ACCELERATED_PROCEDURE_BLOCK, *WTTA_RULES, *VOLUNTEER_RULES]
    assert all(r.source and r.status in {"VERIFIED", "ASSUMED"} for r in rows)


# -- recast directive: 6 months from the registration -------------------------------------
@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (RECAST_RCD_START - ONE_DAY, False),
        (RECAST_RCD_START, True),
        (RECAST_RCD_START + ONE_DAY, True),
    ],
)
def test_registration_counts_from_12_june_2026(day, allowed):
    # Registered 1 Nov 2025 (6 months: 1 May 2026), application lodged 1 Feb 2026
    # (6 months: 1 Aug 2026). The registration rule only applies from 12 Jun 2026.
    kwargs = {"registration_date": date(2025, 11, 1)}
    assert may_work_on(date(2026, 2, 1), day, **kwargs) is allowed
    assert earliest_work_date(date(2026, 2, 1), **kwargs) == RECAST_RCD_START


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(date(2026, 7, 31), False), (date(2026, 8, 1), True), (date(2026, 8, 2), True)],
)
def test_six_months_after_registration_day_before_on_after(day, allowed):
    application, registration = date(2026, 4, 1), date(2026, 2, 1)
    assert may_work_on(application, day, registration_date=registration) is allowed
    assert may_work_on(application, day) is (day >= date(2026, 10, 1))


def test_without_a_registration_date_the_application_date_counts():
    assert earliest_work_date(date(2026, 4, 1)) == date(2026, 10, 1)
    assert earliest_work_date(date(2026, 4, 1), registration_date=None) == date(
        2026, 10, 1
    )


def test_the_gate_uses_the_registration_date():
    facts = _facts(
        start_on=date(2026, 8, 3),
        asylum_application_on=date(2026, 4, 1),
        asylum_registration_on=date(2026, 2, 1),
    )
    assert "ASYLUM_APPLICATION_UNDER_6_MONTHS" not in _codes(facts)
    no_registration = replace(facts, asylum_registration_on=None)
    assert "ASYLUM_APPLICATION_UNDER_6_MONTHS" in _codes(no_registration)


# -- accelerated procedure -------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "blocked"),
    [
        (RECAST_RCD_START - ONE_DAY, False),
        (RECAST_RCD_START, True),
        (RECAST_RCD_START + ONE_DAY, True),
    ],
)
def test_accelerated_procedure_blocks_from_12_june_2026(start, blocked):
    assert accelerated_procedure_blocks(start, accelerated=True) is blocked
    assert not accelerated_procedure_blocks(start, accelerated=False)
    facts = _facts(
        start_on=start, accelerated_procedure=True, contract_end=start + ONE_DAY
    )
    assert ("ACCELERATED_PROCEDURE_NO_WORK" in _codes(facts)) is blocked


def test_accelerated_block_is_its_own_setting_apart_from_the_dutch_proposal():
    facts = _facts(accelerated_procedure=True)
    assert EligibilitySettings().eu_pact_2026 is False  # the proposal stays off
    assert EligibilitySettings().block_accelerated_procedure is True
    assert "ACCELERATED_PROCEDURE_NO_WORK" in _codes(facts)
    off = EligibilitySettings(block_accelerated_procedure=False)
    assert "ACCELERATED_PROCEDURE_NO_WORK" not in _codes(facts, off)
    # The Dutch "low chance" block does not fire from the accelerated flag.
    assert "LOW_CHANCE_NO_WORK" not in _codes(facts)


# -- Wtta: agencies admitted from 2027, fines from 2028 ---------------------------------
@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2026, 12, 31), "not_required"),
        (date(2027, 1, 1), "transition"),
        (date(2027, 1, 2), "transition"),
        (date(2027, 12, 31), "transition"),
        (date(2028, 1, 1), "enforced"),
        (date(2028, 1, 2), "enforced"),
    ],
)
def test_wtta_phases_by_date(day, phase):
    assert wtta_rule_on(day).phase == phase


@pytest.mark.parametrize(
    ("end", "severity"),
    [
        (date(2026, 12, 31), None),
        (date(2027, 1, 1), "warning"),
        (date(2027, 12, 31), "warning"),
        (date(2028, 1, 1), "blocking"),
    ],
)
def test_agency_without_admission(end, severity):
    result = check_admission(
        start_on=date(2026, 10, 1), end_on=end, via_agency=True, admitted=False
    )
    assert result.severity == severity
    admitted = check_admission(
        start_on=date(2026, 10, 1), end_on=end, via_agency=True, admitted=True
    )
    assert admitted.code is None
    direct = check_admission(
        start_on=date(2026, 10, 1), end_on=end, via_agency=False, admitted=False
    )
    assert direct.code is None


def test_the_gate_reports_the_missing_admission():
    facts = _facts(
        start_on=date(2027, 1, 4), contract_end=date(2027, 3, 31), via_agency=True
    )
    checks = check_eligibility(facts, today=date(2026, 12, 1))
    found = next(c for c in checks if c.code == "WTTA_ADMISSION_MISSING")
    assert found.severity == "warning"
    assert found.params["fines_from"] == date(2028, 1, 1)
    ok = replace(facts, agency_admitted=True)
    assert "WTTA_ADMISSION_MISSING" not in _codes(ok, today=date(2026, 12, 1))


# -- volunteer track ----------------------------------------------------------------------
def test_volunteer_work_needs_the_declaration_and_a_non_profit():
    day = date(2026, 12, 4)
    assert volunteer_problems(day, has_declaration=True, for_profit=False) == []
    assert (
        volunteer_problems(
            day, has_declaration=False, declaration_applied=True, for_profit=False
        )
        == []
    )
    assert volunteer_problems(day, has_declaration=False, for_profit=False) == [
        NO_VOLUNTEER_DECLARATION
    ]
    assert volunteer_problems(day, has_declaration=True, for_profit=True) == [
        FOR_PROFIT_NO_VOLUNTEERS
    ]
