"""Where a case stands (pure): every state at its boundary, the day before, of and after.

The case: contract 1 Apr 2026 – 31 Mar 2027; TWV granted until 30 Sep 2026, so it must
be renewed. The renewal date is 12 weeks (84 days) before the end: 8 Jul 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.models import CycleStatus, HireStatus
from portal.services.twv.status import (
    CaseSnapshot,
    CycleSnapshot,
    case_dates,
    case_state,
    sort_key,
)

END = date(2026, 9, 30)
RENEW_ON = date(2026, 7, 8)
ONE_DAY = timedelta(days=1)

GRANTED = CycleSnapshot(
    number=1,
    status=CycleStatus.GRANTED,
    submitted_on=date(2026, 3, 2),
    decided_on=date(2026, 3, 20),
    valid_from=date(2026, 3, 20),
    valid_until=END,
    w_valid_until=END,
    opened_on=date(2026, 3, 2),
)


def snapshot(*cycles: CycleSnapshot, **changes: object) -> CaseSnapshot:
    values: dict[str, object] = {
        "case_id": 1,
        "contract_start": date(2026, 4, 1),
        "contract_end": date(2027, 3, 31),
        "cycles": cycles or (GRANTED,),
        "hire_status": HireStatus.ACTIVE,
    }
    values.update(changes)
    return CaseSnapshot(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (RENEW_ON - ONE_DAY, "granted"),
        (RENEW_ON, "renewal_due"),
        (RENEW_ON + ONE_DAY, "renewal_due"),
    ],
)
def test_renewal_is_due_from_twelve_weeks_before_the_end(today, code):
    assert case_state(snapshot(), today).code == code


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (END - timedelta(days=8), "renewal_due"),
        (END - timedelta(days=7), "lapses_soon"),
        (END, "lapses_soon"),  # the last day: may still work
        (END + ONE_DAY, "lapsed"),  # may no longer work
    ],
)
def test_lapse_is_red_in_its_last_week_and_after_the_last_day(today, code):
    state = case_state(snapshot(), today)
    assert state.code == code
    assert (state.tone == "danger") == (code in {"lapses_soon", "lapsed"})


def test_lapsed_case_may_not_work():
    assert not case_state(snapshot(), END + ONE_DAY).may_work
    assert case_state(snapshot(), END).may_work


def test_twv_that_outlives_the_contract_needs_no_renewal():
    state = case_state(snapshot(contract_end=END), END - timedelta(days=3))
    assert state.code == "granted"


def test_granted_renewal_replaces_the_old_end():
    renewal = CycleSnapshot(
        number=2,
        status=CycleStatus.GRANTED,
        submitted_on=date(2026, 7, 10),
        decided_on=date(2026, 8, 1),
        valid_from=END + ONE_DAY,
        valid_until=date(2027, 9, 30),
        w_valid_until=date(2027, 9, 30),
    )
    state = case_state(snapshot(GRANTED, renewal), END + ONE_DAY)
    assert state.code == "granted"
    assert state.params["valid_until"] == date(2027, 9, 30)


@pytest.mark.parametrize(
    ("today", "code", "weeks"),
    [
        (date(2026, 4, 6), "applied", 5),  # day 35: still in time
        (date(2026, 4, 7), "overdue", 5),  # day 36
    ],
)
def test_first_application_is_overdue_from_day_36(today, code, weeks):
    submitted = CycleSnapshot(
        number=1, status=CycleStatus.SUBMITTED, submitted_on=date(2026, 3, 2)
    )
    state = case_state(snapshot(submitted), today)
    assert state.code == code
    assert state.params["weeks_waiting"] == weeks
    assert state.params["legal"] == date(2026, 4, 6)
    assert state.params["practical"] == date(2026, 5, 4)


def test_renewal_application_waiting_and_overdue():
    renewal = CycleSnapshot(
        number=2, status=CycleStatus.SUBMITTED, submitted_on=date(2026, 7, 8)
    )
    case = snapshot(GRANTED, renewal)
    assert case_state(case, date(2026, 8, 12)).code == "applied"  # day 35
    assert case_state(case, date(2026, 8, 13)).code == "overdue"  # day 36


def test_preparing_case_is_to_apply_or_blocked():
    preparing = CycleSnapshot(number=1, status=CycleStatus.PREPARING)
    assert case_state(snapshot(preparing), date(2026, 3, 2)).code == "to_apply"
    assert (
        case_state(snapshot(preparing, blocked=True), date(2026, 3, 2)).code
        == "blocked"
    )


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (date(2026, 6, 30), "granted"),
        (date(2026, 7, 1), "not_needed"),
    ],
)
def test_status_holder_needs_no_twv_from_the_permit_date(today, code):
    case = snapshot(contract_end=END, residence_permit_on=date(2026, 7, 1))
    assert case_state(case, today).code == code


def test_after_the_contract_the_case_is_closed():
    case = snapshot(contract_end=date(2026, 6, 30))
    assert case_state(case, date(2026, 6, 30)).code == "granted"
    assert case_state(case, date(2026, 7, 1)).code == "closed"


def test_early_end_with_a_granted_twv_asks_to_tell_uwv_until_done():
    ended = snapshot(hire_status=HireStatus.ENDED_EARLY, hire_ended_on=date(2026, 5, 1))
    assert case_state(ended, date(2026, 5, 2)).code == "unused_report"
    notified = snapshot(
        GRANTED.__class__(**{**GRANTED.__dict__, "uwv_notified_on": date(2026, 5, 3)}),
        hire_status=HireStatus.ENDED_EARLY,
        hire_ended_on=date(2026, 5, 1),
        closed_on=date(2026, 5, 3),
    )
    assert case_state(notified, date(2026, 5, 4)).code == "closed"


def test_most_urgent_first():
    today = END + ONE_DAY
    lapsed = case_state(snapshot(case_id=1), today)
    fine = case_state(
        snapshot(
            case_id=2,
            cycles=(
                CycleSnapshot(
                    number=1,
                    status=CycleStatus.GRANTED,
                    valid_from=date(2026, 3, 20),
                    valid_until=date(2027, 6, 30),
                    w_valid_until=date(2027, 6, 30),
                ),
            ),
        ),
        today,
    )
    to_apply = case_state(
        snapshot(case_id=3, cycles=(CycleSnapshot(1, CycleStatus.PREPARING),)), today
    )
    ordered = sorted(
        [(fine, 2), (to_apply, 3), (lapsed, 1)], key=lambda p: sort_key(*p)
    )
    assert [case_id for _, case_id in ordered] == [1, 3, 2]


# -- which cycle carries which reminder series -------------------------------------------


def test_each_w_document_date_is_reminded_under_one_cycle_only():
    renewal_same_w = CycleSnapshot(
        number=2, status=CycleStatus.PREPARING, w_valid_until=END, opened_on=RENEW_ON
    )
    first, second = case_dates(snapshot(GRANTED, renewal_same_w))
    assert first.w_valid_until == END
    assert second.w_valid_until is None


def test_new_w_document_moves_the_w_series_to_the_renewal():
    renewal = CycleSnapshot(
        number=2,
        status=CycleStatus.PREPARING,
        w_valid_until=date(2027, 2, 28),
        opened_on=RENEW_ON,
    )
    first, second = case_dates(
        snapshot(GRANTED, renewal, profile_w_valid_until=date(2027, 2, 28))
    )
    assert first.new_w_document_received
    assert second.w_valid_until == date(2027, 2, 28)


def test_no_end_of_twv_series_when_the_twv_outlives_the_contract():
    (dates,) = case_dates(snapshot(contract_end=END))
    assert dates.twv_end is None
    assert dates.w_valid_until is None


def test_after_an_early_end_only_the_tell_uwv_series_remains():
    unused = CycleSnapshot(**{**GRANTED.__dict__, "unused_since": date(2026, 5, 1)})
    (dates,) = case_dates(
        snapshot(
            unused, hire_status=HireStatus.ENDED_EARLY, hire_ended_on=date(2026, 5, 1)
        )
    )
    assert dates.twv_end is None
    assert dates.w_valid_until is None
    assert dates.twv_unused_since == date(2026, 5, 1)


def test_reminders_stop_the_day_after_the_contract():
    (dates,) = case_dates(snapshot())
    assert dates.closed_on == date(2027, 4, 1)
