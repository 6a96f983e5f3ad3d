import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from portal.domain.twv_rules import (
    LATE_NOTE_NL,
    CaseDates,
    reminder_key,
    reminder_schedule,
)

END = date(2026, 6, 30)
CASE = CaseDates(
    case_id=17,
    created_on=date(2025, 6, 1),
    cycle=2,
    twv_end=END,
    w_valid_until=END,
)
TWV_END_OFFSETS = (-84, -63, -42, -21, -7, 0)
W_END_OFFSETS = (-112, -70)


def day(anchor, offset):
    return anchor + timedelta(days=offset)


def due(case, today):
    return {spec.key: spec for spec in reminder_schedule(case, today)}


def test_key_format_is_stable():
    assert reminder_key(17, 2, "twv_end", -42) == "case:17:cycle:2:twv_end:-42"


@pytest.mark.parametrize("offset", TWV_END_OFFSETS)
def test_twv_end_points_fall_due_on_their_day(offset):
    key = f"case:17:cycle:2:twv_end:{offset}"
    point = day(END, offset)
    assert key not in due(CASE, point - timedelta(days=1))
    on_time = due(CASE, point)[key]
    assert on_time.due_on == point
    assert on_time.late_by_days == 0
    assert not on_time.superseded
    late = due(CASE, point + timedelta(days=1))[key]
    assert late.late_by_days == 1
    assert late.params["late_by_days"] == 1


@pytest.mark.parametrize(
    ("kind", "audience"), [("w_end", "matchmaker"), ("w_end_employer", "employer")]
)
@pytest.mark.parametrize("offset", W_END_OFFSETS)
def test_w_document_points_for_matchmaker_and_employer(kind, audience, offset):
    key = f"case:17:cycle:2:{kind}:{offset}"
    point = day(END, offset)
    assert key not in due(CASE, point - timedelta(days=1))
    assert due(CASE, point)[key].audience == audience
    assert due(CASE, point + timedelta(days=1))[key].late_by_days == 1


def test_audiences_of_the_twv_end_series():
    specs = due(CASE, END)
    assert specs["case:17:cycle:2:twv_end:-84"].audience == "employer"
    assert specs["case:17:cycle:2:twv_end:-7"].audience == "both"
    assert specs["case:17:cycle:2:twv_end:0"].audience == "both"


def test_lapse_reminder_says_the_person_may_no_longer_work():
    spec = due(CASE, END)["case:17:cycle:2:twv_end:0"]
    assert "niet meer werken" in spec.body_nl


def test_keys_are_stable_between_runs():
    assert reminder_schedule(CASE, END) == reminder_schedule(CASE, END)


def test_daily_job_sends_every_point_once_and_on_time():
    sent: dict[str, date] = {}
    today = CASE.created_on
    while today <= END + timedelta(days=30):
        for spec in reminder_schedule(CASE, today):
            if spec.key not in sent:
                assert spec.late_by_days == 0
                sent[spec.key] = today
        today += timedelta(days=1)
    expected = {f"case:17:cycle:2:twv_end:{o}" for o in TWV_END_OFFSETS} | {
        f"case:17:cycle:2:{kind}:{o}"
        for kind in ("w_end", "w_end_employer")
        for o in W_END_OFFSETS
    }
    assert set(sent) == expected
    assert len(sent) == len(set(sent))


def test_case_created_two_weeks_before_expiry_gets_one_catch_up():
    case = replace(CASE, created_on=day(END, -14))
    specs = reminder_schedule(case, case.created_on)
    twv = [s for s in specs if s.kind == "twv_end"]
    assert [s.key for s in twv] == ["case:17:cycle:2:twv_end:-21"]
    assert twv[0].late_by_days == 7
    w_end = [s.key for s in specs if s.kind == "w_end"]
    assert w_end == ["case:17:cycle:2:w_end:-70"]


def test_new_point_supersedes_the_catch_up():
    case = replace(CASE, created_on=day(END, -14))
    specs = due(case, day(END, -7))
    assert specs["case:17:cycle:2:twv_end:-21"].superseded
    assert not specs["case:17:cycle:2:twv_end:-7"].superseded


def test_points_missed_while_the_job_was_down_are_returned_late():
    specs = [s for s in reminder_schedule(CASE, day(END, -20)) if s.kind == "twv_end"]
    assert [s.offset_days for s in specs] == [-84, -63, -42, -21]
    assert [s.late_by_days for s in specs] == [64, 43, 22, 1]
    assert [s.superseded for s in specs] == [True, True, True, False]


def test_renewal_granted_stops_the_end_series():
    case = replace(CASE, next_twv_granted=True)
    assert reminder_schedule(case, END) == []


def test_new_w_document_stops_the_w_series_only():
    case = replace(CASE, new_w_document_received=True)
    kinds = {s.kind for s in reminder_schedule(case, END)}
    assert kinds == {"twv_end"}


@pytest.mark.parametrize(
    ("closed_on", "empty"),
    [(END - timedelta(days=1), True), (END, True), (END + timedelta(days=1), False)],
)
def test_closed_track_sends_nothing(closed_on, empty):
    case = replace(CASE, closed_on=closed_on)
    assert (reminder_schedule(case, END) == []) is empty


SUBMITTED = date(2026, 1, 5)


@pytest.mark.parametrize(("days", "present"), [(35, False), (36, True), (37, True)])
def test_decision_overdue_reminder(days, present):
    case = replace(CASE, submitted_on=SUBMITTED)
    specs = due(case, day(SUBMITTED, days))
    key = "case:17:cycle:2:decision_overdue:36"
    assert (key in specs) is present
    if present:
        assert specs[key].late_by_days == days - 36
        assert specs[key].params["legal_on"] == date(2026, 2, 9)


def test_recorded_decision_stops_the_overdue_reminder():
    case = replace(CASE, submitted_on=SUBMITTED, decided_on=date(2026, 2, 1))
    assert not any(
        s.kind == "decision_overdue" for s in reminder_schedule(case, date(2026, 3, 1))
    )


UNUSED = date(2026, 2, 1)


@pytest.mark.parametrize(("days", "present"), [(30, False), (31, True), (32, True)])
def test_unused_twv_escalates_after_30_days(days, present):
    case = replace(CASE, twv_unused_since=UNUSED)
    assert ("case:17:cycle:2:twv_unused:31" in due(case, day(UNUSED, days))) is present


def test_notified_uwv_stops_the_unused_reminder():
    case = replace(CASE, twv_unused_since=UNUSED, uwv_notified_on=date(2026, 2, 5))
    assert not any(
        s.kind == "twv_unused" for s in reminder_schedule(case, date(2026, 4, 1))
    )


def test_keys_differ_per_case_and_cycle():
    other_case = replace(CASE, case_id=18)
    next_cycle = replace(CASE, cycle=3)
    keys = [set(due(c, END)) for c in (CASE, other_case, next_cycle)]
    assert not keys[0] & keys[1]
    assert not keys[0] & keys[2]


def test_every_reminder_text_fills_from_its_params():
    case = replace(CASE, submitted_on=SUBMITTED, twv_unused_since=UNUSED)
    specs = reminder_schedule(case, END)
    assert {s.kind for s in specs} == {
        "twv_end",
        "w_end",
        "w_end_employer",
        "decision_overdue",
        "twv_unused",
    }
    for spec in specs:
        for text in (spec.subject_nl, spec.body_nl, LATE_NOTE_NL):
            names = set(re.findall(r"%\((\w+)\)s", text))
            assert names <= set(spec.params), (spec.key, names)
            assert text % spec.params
