from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.domain.minimum_wage import (
    DEFAULT_RATES,
    WAGE_BELOW_MINIMUM,
    WML_RATE_UNKNOWN,
    NoMinimumWageError,
    WageRate,
    age_on,
    check_contract_wage,
    check_wage,
    last_day_of_period,
    minimum_hourly_wage,
    youth_rates,
)

CENT = Decimal("0.01")
ONE_DAY = timedelta(days=1)

PERIODS = [
    (date(2025, 1, 1), Decimal("14.06")),
    (date(2025, 7, 1), Decimal("14.40")),
    (date(2026, 1, 1), Decimal("14.71")),
]


def test_every_rate_has_a_source_and_a_status():
    assert all(rate.source for rate in DEFAULT_RATES)
    assert all(rate.status in {"VERIFIED", "ASSUMED"} for rate in DEFAULT_RATES)
    # Only the 1 Jul 2026 rows could not be checked against a shared source.
    assert {r.valid_from for r in DEFAULT_RATES if r.status == "ASSUMED"} == {
        date(2026, 7, 1)
    }


def test_no_row_for_1_january_2027_until_a_source_publishes_it():
    assert max(r.valid_from for r in DEFAULT_RATES) == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("age", "minimum"),
    [
        (None, Decimal("14.99")),
        (21, Decimal("14.99")),
        (20, Decimal("11.99")),
        (19, Decimal("8.99")),
        (18, Decimal("7.50")),
        (17, Decimal("5.92")),
        (16, Decimal("5.17")),
        (15, Decimal("4.50")),
    ],
)
def test_july_2026_rates_day_before_on_and_after(age, minimum):
    before = minimum_hourly_wage(date(2026, 6, 30), age=age)
    assert before.hourly < minimum
    for on in (date(2026, 7, 1), date(2026, 7, 2)):
        lookup = minimum_hourly_wage(on, age=age)
        assert lookup.known
        assert lookup.hourly == minimum
        assert lookup.rate.status == "ASSUMED"
    assert check_wage(minimum - CENT, date(2026, 7, 1), age=age).blocking
    assert check_wage(minimum, date(2026, 7, 1), age=age).ok
    assert check_wage(minimum - CENT, date(2026, 6, 30), age=age).ok


def test_youth_rates_reproduce_the_published_january_2026_amounts():
    published = {
        r.age: str(r.hourly) for r in DEFAULT_RATES if r.valid_from == date(2026, 1, 1)
    }
    assert youth_rates(Decimal("14.71")) == published


@pytest.mark.parametrize(("period_start", "minimum"), PERIODS)
@pytest.mark.parametrize("where", ["first_day", "last_day"])
def test_one_cent_below_the_minimum_is_refused(period_start, minimum, where):
    on = period_start if where == "first_day" else last_day_of_period(period_start)
    check = check_wage(minimum - CENT, on)
    assert not check.ok
    assert check.code == WAGE_BELOW_MINIMUM
    assert check.blocking
    assert check.minimum == minimum


@pytest.mark.parametrize(("period_start", "minimum"), PERIODS)
@pytest.mark.parametrize("where", ["first_day", "last_day"])
def test_exactly_the_minimum_is_accepted(period_start, minimum, where):
    on = period_start if where == "first_day" else last_day_of_period(period_start)
    check = check_wage(minimum, on)
    assert check.ok
    assert check.code is None
    assert check.known


@pytest.mark.parametrize(
    ("on", "minimum"),
    [
        (date(2025, 6, 30), Decimal("14.06")),
        (date(2025, 7, 1), Decimal("14.40")),
        (date(2025, 7, 2), Decimal("14.40")),
        (date(2025, 12, 31), Decimal("14.40")),
        (date(2026, 1, 1), Decimal("14.71")),
        (date(2026, 1, 2), Decimal("14.71")),
    ],
)
def test_rate_changes_on_the_indexation_day(on, minimum):
    lookup = minimum_hourly_wage(on)
    assert lookup.hourly == minimum
    assert lookup.known


@pytest.mark.parametrize(
    ("on", "known"),
    [(date(2026, 12, 31), True), (date(2027, 1, 1), False), (date(2027, 1, 2), False)],
)
def test_rate_from_1_january_2027_is_unknown(on, known):
    lookup = minimum_hourly_wage(on)
    assert lookup.known is known
    assert lookup.hourly == Decimal("14.99")  # last known rate as a lower bound
    assert lookup.code == (None if known else WML_RATE_UNKNOWN)


def test_unknown_rate_is_a_warning_not_a_pass():
    check = check_wage(Decimal("20.00"), date(2027, 1, 1))
    assert not check.ok
    assert not check.blocking
    assert check.code == WML_RATE_UNKNOWN


def test_below_the_lower_bound_is_refused_even_when_unknown():
    check = check_wage(Decimal("14.98"), date(2027, 1, 1))
    assert check.code == WAGE_BELOW_MINIMUM


def test_an_admin_row_makes_the_rate_known():
    rates = (*DEFAULT_RATES, WageRate(date(2027, 1, 1), 21, Decimal("15.30"), "admin"))
    lookup = minimum_hourly_wage(date(2027, 1, 1), rates=rates)
    assert lookup.known
    assert lookup.hourly == Decimal("15.30")
    assert check_wage(Decimal("15.29"), date(2027, 1, 1), rates=rates).blocking


def test_no_rate_before_the_table_starts():
    with pytest.raises(NoMinimumWageError):
        minimum_hourly_wage(date(2024, 12, 31))


@pytest.mark.parametrize(
    ("age", "minimum"),
    [
        (None, Decimal("14.71")),
        (25, Decimal("14.71")),
        (21, Decimal("14.71")),
        (20, Decimal("11.77")),
        (19, Decimal("8.83")),
        (18, Decimal("7.36")),
    ],
)
def test_adult_rate_by_default_and_youth_rates_on_request(age, minimum):
    assert minimum_hourly_wage(date(2026, 2, 1), age=age).hourly == minimum


def test_youth_rate_not_read_for_july_2025_is_a_lower_bound():
    lookup = minimum_hourly_wage(date(2025, 8, 1), age=16)
    assert lookup.hourly == Decimal("4.85")
    assert not lookup.known


def test_no_minimum_wage_below_15():
    with pytest.raises(NoMinimumWageError):
        minimum_hourly_wage(date(2026, 2, 1), age=14)


@pytest.mark.parametrize(
    ("hourly", "ok", "failed_on"),
    [
        (Decimal("14.05"), False, date(2025, 6, 1)),
        (Decimal("14.39"), False, date(2025, 7, 1)),
        (Decimal("14.40"), True, None),
    ],
)
def test_contract_wage_checked_on_every_rate_change(hourly, ok, failed_on):
    result = check_contract_wage(hourly, date(2025, 6, 1), date(2025, 8, 31))
    assert result.ok is ok
    assert [c.on for c in result.checks] == [date(2025, 6, 1), date(2025, 7, 1)]
    if failed_on:
        assert result.failures[0].on == failed_on


@pytest.mark.parametrize(
    ("end", "unknown_from"),
    [
        (date(2026, 12, 31), None),
        (date(2027, 1, 1), date(2027, 1, 1)),
        (date(2027, 1, 2), date(2027, 1, 1)),
        (None, date(2027, 1, 1)),
    ],
)
def test_contract_into_2027_gives_unknown_rate(end, unknown_from):
    result = check_contract_wage(Decimal("14.99"), date(2026, 9, 1), end)
    assert not result.failures
    first_unknown = result.first_unknown
    assert (first_unknown.on if first_unknown else None) == unknown_from
    assert result.ok is (unknown_from is None)


def test_contract_wage_rejects_reversed_dates():
    with pytest.raises(ValueError, match="before"):
        check_contract_wage(Decimal("15"), date(2026, 3, 1), date(2026, 2, 28))


def test_youth_override_checks_the_birthday_inside_the_contract():
    # Turns 21 on 1 Apr 2026: 11.77 is enough at 20, not at 21.
    result = check_contract_wage(
        Decimal("11.77"),
        date(2026, 2, 1),
        date(2026, 5, 31),
        date_of_birth=date(2005, 4, 1),
    )
    assert [c.on for c in result.failures] == [date(2026, 4, 1)]
    assert result.failures[0].minimum == Decimal("14.71")


@pytest.mark.parametrize(
    ("day", "age"),
    [(date(2026, 5, 4), 17), (date(2026, 5, 5), 18), (date(2026, 5, 6), 18)],
)
def test_age_on_birthday(day, age):
    assert age_on(date(2008, 5, 5), day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [(date(2026, 2, 28), 17), (date(2026, 3, 1), 18), (date(2028, 2, 29), 20)],
)
def test_age_on_for_29_february(day, age):
    assert age_on(date(2008, 2, 29), day) == age


def test_last_day_of_period():
    assert last_day_of_period(date(2026, 3, 1)) == date(2026, 6, 30)
    assert last_day_of_period(date(2026, 7, 1)) == date(2026, 12, 31)
    assert last_day_of_period(date(2026, 7, 1)) + ONE_DAY == date(2027, 1, 1)
