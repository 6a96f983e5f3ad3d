import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.domain.twv_rules import (
    Check,
    EligibilityFacts,
    EligibilitySettings,
    check_eligibility,
    is_blocked,
)

ONE_DAY = timedelta(days=1)
TODAY = date(2026, 2, 2)
START = date(2026, 3, 2)

ELIGIBLE = EligibilityFacts(
    start_on=START,
    asylum_application_on=date(2025, 6, 1),
    w_valid_until=date(2026, 12, 31),
    date_of_birth=date(1995, 5, 5),
    hourly_wage=Decimal("15.00"),
    contract_end=date(2026, 6, 30),
    has_bsn=True,
    registered_in_brp=True,
)
PACT_ON = EligibilitySettings(eu_pact_2026=True)


def codes(facts, today=TODAY, settings=None):
    return [c.code for c in check_eligibility(facts, today=today, settings=settings)]


def by_code(facts, code, today=TODAY, settings=None) -> Check:
    checks = check_eligibility(facts, today=today, settings=settings)
    return next(c for c in checks if c.code == code)


def test_eligible_candidate_gets_only_the_marktconform_reminder():
    assert codes(ELIGIBLE) == ["MARKTCONFORM_REMINDER"]
    assert by_code(ELIGIBLE, "MARKTCONFORM_REMINDER").severity == "info"


# A1 ---------------------------------------------------------------------------


def test_status_holder_skips_the_twv_checklist():
    facts = replace(
        ELIGIBLE,
        has_residence_permit=True,
        residence_permit_on=date(2026, 1, 10),
        w_valid_until=None,
        has_bsn=False,
    )
    checks = check_eligibility(facts, today=TODAY)
    assert [c.code for c in checks] == ["NO_TWV_NEEDED_STATUS_HOLDER"]
    assert not is_blocked(checks)


@pytest.mark.parametrize(
    ("permit_on", "status_holder"),
    [(START - ONE_DAY, True), (START, True), (START + ONE_DAY, False)],
)
def test_status_holder_from_the_permit_date(permit_on, status_holder):
    facts = replace(ELIGIBLE, has_residence_permit=True, residence_permit_on=permit_on)
    assert ("NO_TWV_NEEDED_STATUS_HOLDER" in codes(facts)) is status_holder


# A2 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birthday_18", "blocked"),
    [(START - ONE_DAY, False), (START, False), (START + ONE_DAY, True)],
)
def test_under_18_on_the_start_date_is_blocked(birthday_18, blocked):
    dob = birthday_18.replace(year=birthday_18.year - 18)
    facts = replace(ELIGIBLE, date_of_birth=dob)
    assert ("UNDER_18" in codes(facts)) is blocked
    if blocked:
        check = by_code(facts, "UNDER_18")
        assert check.severity == "blocking"
        assert check.params["adult_on"] == birthday_18


def test_born_on_29_february_turns_18_on_1_march():
    facts = replace(
        ELIGIBLE, date_of_birth=date(2008, 2, 29), start_on=date(2026, 2, 28)
    )
    assert by_code(facts, "UNDER_18").params["adult_on"] == date(2026, 3, 1)
    assert "UNDER_18" not in codes(replace(facts, start_on=date(2026, 3, 1)))


def test_unknown_date_of_birth_is_a_warning():
    check = by_code(replace(ELIGIBLE, date_of_birth=None), "DATE_OF_BIRTH_MISSING")
    assert check.severity == "warning"


# A3 / A3b ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "blocked"),
    [
        (date(2026, 2, 27), True),
        (date(2026, 2, 28), False),  # 31 Aug + 6 months
        (date(2026, 3, 1), False),
    ],
)
def test_start_before_six_months_is_blocked(start, blocked):
    facts = replace(ELIGIBLE, asylum_application_on=date(2025, 8, 31), start_on=start)
    assert ("ASYLUM_APPLICATION_UNDER_6_MONTHS" in codes(facts, today=start)) is blocked
    if blocked:
        check = by_code(facts, "ASYLUM_APPLICATION_UNDER_6_MONTHS", today=start)
        assert check.params["earliest_on"] == date(2026, 2, 28)
        assert check.severity == "blocking"


@pytest.mark.parametrize(
    ("today", "present"),
    [(date(2026, 2, 27), True), (date(2026, 2, 28), False), (date(2026, 3, 1), False)],
)
def test_submission_blocked_until_six_months(today, present):
    facts = replace(ELIGIBLE, asylum_application_on=date(2025, 8, 31))
    assert ("SUBMISSION_BEFORE_6_MONTHS" in codes(facts, today=today)) is present
    if present:
        check = by_code(facts, "SUBMISSION_BEFORE_6_MONTHS", today=today)
        assert check.severity == "blocking"
        assert check.params["submit_from"] == date(2026, 2, 28)
        assert check.params["blocks"] == "submission"


@pytest.mark.parametrize(
    ("today", "may_draft"),
    [(date(2026, 1, 30), False), (date(2026, 1, 31), True), (date(2026, 2, 1), True)],
)
def test_drafting_allowed_from_month_five(today, may_draft):
    facts = replace(ELIGIBLE, asylum_application_on=date(2025, 8, 31))
    check = by_code(facts, "SUBMISSION_BEFORE_6_MONTHS", today=today)
    assert check.params["draft_from"] == date(2026, 1, 31)
    assert check.params["may_draft"] is may_draft


def test_early_submission_can_be_a_warning_instead():
    facts = replace(ELIGIBLE, asylum_application_on=date(2025, 8, 31))
    settings = EligibilitySettings(block_submission_before_6_months=False)
    check = by_code(facts, "SUBMISSION_BEFORE_6_MONTHS", today=TODAY, settings=settings)
    assert check.severity == "warning"


def test_missing_application_date_blocks():
    facts = replace(ELIGIBLE, asylum_application_on=None)
    assert by_code(facts, "ASYLUM_APPLICATION_DATE_MISSING").severity == "blocking"


# A4 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("w_valid_until", "blocked"),
    [(None, True), (START - ONE_DAY, True), (START, False), (START + ONE_DAY, False)],
)
def test_w_document_must_be_valid_on_the_start_date(w_valid_until, blocked):
    facts = replace(ELIGIBLE, w_valid_until=w_valid_until, contract_end=None)
    assert ("W_DOCUMENT_INVALID_OR_MISSING" in codes(facts)) is blocked


@pytest.mark.parametrize(
    ("contract_end", "renewals"),
    [(date(2026, 12, 30), None), (date(2026, 12, 31), None), (date(2027, 1, 1), 1)],
)
def test_renewal_expected_when_the_contract_outlasts_the_w_document(
    contract_end, renewals
):
    facts = replace(ELIGIBLE, contract_end=contract_end)
    checks = {c.code: c for c in check_eligibility(facts, today=TODAY)}
    if renewals is None:
        assert "TWV_RENEWAL_EXPECTED" not in checks
    else:
        assert checks["TWV_RENEWAL_EXPECTED"].params["renewals"] == renewals


# A5, A6 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"in_coa_reception": False}, "NOT_IN_COA_RECEPTION"),
        ({"asylum_finally_rejected": True}, "ASYLUM_REJECTED_NO_WORK"),
    ],
)
def test_blocking_status_facts(change, code):
    checks = check_eligibility(replace(ELIGIBLE, **change), today=TODAY)
    assert checks[0].code == code
    assert checks[0].severity == "blocking"
    assert is_blocked(checks)


# A7, A8, A9 -------------------------------------------------------------------


def test_no_24_week_cap_and_no_labour_market_test():
    facts = replace(
        ELIGIBLE, contract_end=date(2029, 12, 31), w_valid_until=date(2029, 12, 31)
    )
    # Only the wage notes remain: no 24-week cap, no vacancy report, no search period.
    assert set(codes(facts)) == {"MARKTCONFORM_REMINDER", "WML_RATE_UNKNOWN"}


def test_contract_ending_before_the_start_is_an_input_error():
    facts = replace(ELIGIBLE, contract_end=START - ONE_DAY)
    with pytest.raises(ValueError, match="before"):
        check_eligibility(facts, today=TODAY)


def test_no_bsn_does_not_block():
    checks = check_eligibility(replace(ELIGIBLE, has_bsn=False), today=TODAY)
    assert not is_blocked(checks)
    check = next(c for c in checks if c.code == "NO_BSN_PAYROLL")
    assert check.severity == "warning"
    assert "personeelsnummer" in check.action_nl
    assert "nooit een verzonnen BSN" in check.action_nl
    assert "anoniementarief" in check.action_nl


# A10 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "blocked"),
    [(date(2026, 6, 11), True), (date(2026, 6, 12), False), (date(2026, 6, 13), False)],
)
def test_eu_pact_high_chance_may_start_from_the_pact_date(start, blocked):
    facts = replace(
        ELIGIBLE,
        asylum_application_on=date(2026, 1, 1),
        start_on=start,
        eu_pact_chance="high",
    )
    found = codes(facts, today=start, settings=PACT_ON)
    assert ("ASYLUM_APPLICATION_UNDER_6_MONTHS" in found) is blocked
    assert "ASYLUM_APPLICATION_UNDER_6_MONTHS" in codes(facts, today=start)  # flag off


@pytest.mark.parametrize(
    ("start", "blocked"),
    [(date(2026, 6, 11), False), (date(2026, 6, 12), True), (date(2026, 6, 13), True)],
)
def test_eu_pact_low_chance_may_not_work(start, blocked):
    facts = replace(ELIGIBLE, start_on=start, eu_pact_chance="low")
    assert ("LOW_CHANCE_NO_WORK" in codes(facts, settings=PACT_ON)) is blocked
    assert "LOW_CHANCE_NO_WORK" not in codes(facts)  # flag off by default


# B1–B4 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wage", "blocked"),
    [(Decimal("14.70"), True), (Decimal("14.71"), False), (Decimal("14.72"), False)],
)
def test_wage_below_minimum_blocks(wage, blocked):
    facts = replace(ELIGIBLE, hourly_wage=wage)
    assert ("WAGE_BELOW_MINIMUM" in codes(facts)) is blocked
    if blocked:
        check = by_code(facts, "WAGE_BELOW_MINIMUM")
        assert check.params["minimum"] == Decimal("14.71")
        assert check.params["on"] == START


@pytest.mark.parametrize(
    ("contract_end", "warned"),
    [(date(2026, 12, 31), False), (date(2027, 1, 1), True), (None, True)],
)
def test_contract_into_2027_warns_rate_unknown(contract_end, warned):
    facts = replace(ELIGIBLE, contract_end=contract_end)
    assert ("WML_RATE_UNKNOWN" in codes(facts)) is warned
    if warned:
        check = by_code(facts, "WML_RATE_UNKNOWN")
        assert check.severity == "warning"
        assert check.params["on"] == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("contract_end", "blocked"),
    [(date(2026, 6, 30), False), (date(2026, 7, 1), True), (date(2026, 7, 2), True)],
)
def test_wage_below_the_july_2026_minimum_blocks_from_that_day(contract_end, blocked):
    facts = replace(ELIGIBLE, hourly_wage=Decimal("14.98"), contract_end=contract_end)
    assert ("WAGE_BELOW_MINIMUM" in codes(facts)) is blocked
    if blocked:
        check = by_code(facts, "WAGE_BELOW_MINIMUM")
        assert check.params["on"] == date(2026, 7, 1)
        assert check.params["minimum"] == Decimal("14.99")


def test_adult_rate_applies_regardless_of_age_by_default():
    # 19 during the whole contract: youth minimum 8.83, adult minimum 14.71.
    facts = replace(
        ELIGIBLE, date_of_birth=date(2007, 1, 1), hourly_wage=Decimal("9.00")
    )
    assert "WAGE_BELOW_MINIMUM" in codes(facts)
    youth = EligibilitySettings(use_youth_rates=True)
    assert "WAGE_BELOW_MINIMUM" not in codes(facts, settings=youth)


# E2 ---------------------------------------------------------------------------


def test_brp_hint_when_not_registered():
    check = by_code(replace(ELIGIBLE, registered_in_brp=False), "BRP_REGISTRATION_HINT")
    assert check.severity == "info"
    assert check.params["eligible_from"] == date(2025, 12, 1)
    assert check.params["eligible_now"] is True


# Messages ---------------------------------------------------------------------

SCENARIOS = [
    ELIGIBLE,
    replace(ELIGIBLE, has_residence_permit=True),
    replace(
        ELIGIBLE,
        date_of_birth=date(2010, 1, 1),
        asylum_application_on=date(2026, 2, 1),
        w_valid_until=None,
        in_coa_reception=False,
        asylum_finally_rejected=True,
        hourly_wage=Decimal("10"),
        has_bsn=False,
        registered_in_brp=False,
        eu_pact_chance="low",
        start_on=date(2026, 7, 1),
        contract_end=None,
    ),
    replace(
        ELIGIBLE, date_of_birth=None, contract_end=None, asylum_application_on=None
    ),
    replace(ELIGIBLE, contract_end=date(2028, 1, 1)),
]


@pytest.mark.parametrize("facts", SCENARIOS)
def test_every_message_fills_from_its_params(facts):
    for check in check_eligibility(facts, today=TODAY, settings=PACT_ON):
        for text in (check.message_nl, check.action_nl):
            assert text.strip()
            assert text % check.params
            names = set(re.findall(r"%\((\w+)\)s", text))
            assert names <= set(check.params)
            assert "%" not in re.sub(r"%\(\w+\)s", "", text)


def test_blocking_checks_come_first():
    checks = check_eligibility(SCENARIOS[2], today=TODAY, settings=PACT_ON)
    severities = [c.severity for c in checks]
    order = {"blocking": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.__getitem__)
    assert {c.code for c in checks} >= {
        "UNDER_18",
        "ASYLUM_APPLICATION_UNDER_6_MONTHS",
        "W_DOCUMENT_INVALID_OR_MISSING",
        "NOT_IN_COA_RECEPTION",
        "ASYLUM_REJECTED_NO_WORK",
        "LOW_CHANCE_NO_WORK",
        "WAGE_BELOW_MINIMUM",
        "NO_BSN_PAYROLL",
        "BRP_REGISTRATION_HINT",
    }


def test_drafting_never_starts_after_submission_under_the_eu_pact():
    facts = replace(
        ELIGIBLE,
        asylum_application_on=date(2026, 5, 1),
        start_on=date(2026, 9, 1),
        contract_end=None,
        eu_pact_chance="high",
    )
    check = by_code(
        facts, "SUBMISSION_BEFORE_6_MONTHS", today=date(2026, 7, 1), settings=PACT_ON
    )
    assert check.params["submit_from"] == date(2026, 8, 1)
    assert check.params["draft_from"] == date(2026, 8, 1)
