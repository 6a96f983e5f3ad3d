from datetime import date, timedelta

import pytest

from portal.domain.twv_rules import (
    decision_overdue,
    expected_decision,
    next_twv_start,
    renewal_due_date,
    twv_end_date,
)

SUBMITTED = date(2026, 1, 5)


def test_expected_decision_legal_and_practical():
    legal, practical = expected_decision(SUBMITTED)
    assert legal == date(2026, 2, 9)  # + 35 days (D1)
    assert practical == date(2026, 3, 9)  # + 63 days


@pytest.mark.parametrize(("days", "overdue"), [(34, False), (35, False), (36, True)])
def test_decision_overdue_from_day_36(days, overdue):
    assert decision_overdue(SUBMITTED, SUBMITTED + timedelta(days=days)) is overdue


def test_decided_case_is_never_overdue():
    today = SUBMITTED + timedelta(days=60)
    assert not decision_overdue(SUBMITTED, today, decided_on=date(2026, 2, 20))


def test_twv_end_follows_the_w_document_unless_stated():
    assert twv_end_date(date(2026, 12, 31)) == date(2026, 12, 31)
    assert twv_end_date(date(2026, 12, 31), date(2026, 10, 1)) == date(2026, 10, 1)


def test_renewal_due_12_weeks_before_the_end():
    assert renewal_due_date(date(2026, 12, 31)) == date(2026, 10, 8)
    assert renewal_due_date(date(2026, 12, 31), safety_margin_days=0) == date(
        2026, 10, 29
    )


@pytest.mark.parametrize(
    ("prev_end", "start"),
    [
        (date(2026, 2, 28), date(2026, 3, 1)),
        (date(2028, 2, 28), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 1, 1)),
    ],
)
def test_next_twv_starts_the_day_after(prev_end, start):
    assert next_twv_start(prev_end) == start
