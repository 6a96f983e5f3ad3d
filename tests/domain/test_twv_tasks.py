import re
from datetime import date, timedelta

import pytest

from portal.domain.twv_rules import (
    change_needs_new_twv_task,
    early_end_task,
    status_holder_closure,
    transfer_check_task,
    unused_twv_task,
)

UNUSED = date(2026, 2, 1)


def fills(text, params):
    assert set(re.findall(r"%\((\w+)\)s", text)) <= set(params)
    return text % params


def test_transfer_creates_a_check_for_the_matchmaker():
    task = transfer_check_task(17, date(2026, 3, 1))
    assert task.key == "case:17:transfer_check:2026-03-01"
    assert task.audience == "matchmaker"
    assert task.rule == "D8"
    assert "bereiken" in fills(task.body_nl, task.params)


def test_early_end_asks_the_employer_to_notify_uwv_in_writing():
    task = early_end_task(17, 2, date(2026, 4, 15))
    assert task.key == "case:17:cycle:2:early_end:2026-04-15"
    assert task.audience == "employer"
    assert task.due_on == date(2026, 4, 15)
    assert "schriftelijk" in fills(task.body_nl, task.params)


@pytest.mark.parametrize(("days", "escalated"), [(30, False), (31, True), (32, True)])
def test_unused_twv_escalates_after_30_days(days, escalated):
    task = unused_twv_task(17, 2, UNUSED, UNUSED + timedelta(days=days))
    assert task.escalated is escalated
    assert task.params["escalate_on"] == date(2026, 3, 4)
    fills(task.body_nl, task.params)


@pytest.mark.parametrize("change", ["employer", "work"])
def test_change_of_employer_or_work_needs_a_new_twv(change):
    task = change_needs_new_twv_task(17, date(2026, 5, 1), change)
    assert task.rule == "D7"
    assert change in task.key
    assert "werkvergunning" in fills(task.body_nl, task.params)


def test_status_holder_closes_the_track():
    closure = status_holder_closure(17, date(2026, 5, 1))
    assert closure.close_track
    assert closure.no_twv_needed_from == date(2026, 5, 1)
    assert closure.rule == "D10"
    assert "geen werkvergunning" in fills(closure.message_nl, closure.params)


def test_task_keys_are_stable():
    assert early_end_task(1, 1, UNUSED) == early_end_task(1, 1, UNUSED)
