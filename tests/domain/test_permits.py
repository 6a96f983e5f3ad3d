from datetime import date, timedelta

import pytest

from matching.permits import (
    EU_PACT_2026_START,
    TWV_LEGAL_TERM_DAYS,
    TWV_PRACTICAL_WAIT_DAYS,
    WAITING_RULES,
    add_months,
    earliest_work_date,
    may_work_on,
    twv_renewals_needed,
)

ONE_DAY = timedelta(days=1)


def test_terms_match_the_sources():
    assert TWV_LEGAL_TERM_DAYS == 35
    assert TWV_PRACTICAL_WAIT_DAYS == 63


def test_every_waiting_rule_has_a_source_and_status():
    for rule in WAITING_RULES:
        assert rule.source
        assert rule.status in ("VERIFIED", "ASSUMED")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 8, 30), 6, date(2026, 2, 28)),
        (date(2025, 9, 1), 6, date(2026, 3, 1)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 3, 15), 6, date(2025, 9, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 15), -2, date(2024, 11, 15)),
        (date(2025, 5, 5), 0, date(2025, 5, 5)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("application", "earliest"),
    [
        (date(2025, 1, 15), date(2025, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2025, 12, 31), date(2026, 6, 30)),
    ],
)
def test_earliest_work_date_is_six_calendar_months(application, earliest):
    assert earliest_work_date(application) == earliest


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2026, 2, 27), False),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), True),
    ],
)
def test_may_work_on_boundary_after_31_august(day, allowed):
    assert may_work_on(date(2025, 8, 31), day) is allowed


def test_eu_pact_is_off_by_default_even_for_high_chance():
    application = date(2026, 1, 1)
    assert earliest_work_date(application, high_chance=True) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (EU_PACT_2026_START - ONE_DAY, False),
        (EU_PACT_2026_START, True),
        (EU_PACT_2026_START + ONE_DAY, True),
    ],
)
def test_eu_pact_three_months_not_before_the_pact_starts(day, allowed):
    application = date(2026, 1, 1)  # 3 months = 1 Apr 2026, before the pact
    assert earliest_work_date(application, eu_pact=True, high_chance=True) == (
        EU_PACT_2026_START
    )
    assert may_work_on(application, day, eu_pact=True, high_chance=True) is allowed


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(date(2026, 7, 31), False), (date(2026, 8, 1), True), (date(2026, 8, 2), True)],
)
def test_eu_pact_three_months_after_the_pact_starts(day, allowed):
    application = date(2026, 5, 1)
    assert may_work_on(application, day, eu_pact=True, high_chance=True) is allowed


def test_eu_pact_does_not_shorten_the_wait_without_high_chance():
    application = date(2026, 5, 1)
    assert earliest_work_date(application, eu_pact=True) == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("w_valid_until", "contract_end", "renewals"),
    [
        (date(2026, 12, 31), date(2026, 12, 30), 0),
        (date(2026, 12, 31), date(2026, 12, 31), 0),
        (date(2026, 12, 31), date(2027, 1, 1), 1),
        (date(2026, 12, 31), date(2027, 12, 31), 1),  # 365 more days: one renewal
        (date(2026, 12, 31), date(2028, 1, 1), 2),
    ],
)
def test_twv_renewals_needed_at_the_boundaries(w_valid_until, contract_end, renewals):
    assert (
        twv_renewals_needed(w_valid_until, date(2026, 3, 1), contract_end) == renewals
    )


def test_twv_renewals_needed_uses_the_assumed_term():
    assert (
        twv_renewals_needed(
            date(2026, 3, 31),
            date(2026, 3, 1),
            date(2026, 6, 29),  # 90 days beyond the W-document
            w_document_term_days=30,
        )
        == 3
    )


def test_twv_renewals_when_w_document_ends_before_the_contract_starts():
    # The first TWV then needs a new W-document, assumed to start with the contract.
    assert (
        twv_renewals_needed(date(2026, 1, 1), date(2026, 3, 1), date(2027, 2, 28)) == 0
    )
    assert (
        twv_renewals_needed(date(2026, 1, 1), date(2026, 3, 1), date(2027, 3, 1)) == 1
    )


def test_twv_renewals_rejects_a_contract_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="before"):
        twv_renewals_needed(date(2026, 12, 31), date(2026, 3, 1), date(2026, 2, 28))
