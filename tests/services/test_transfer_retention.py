"""Job retention across a planned COA transfer: a job lost is a hire ended with the reason
"relocated by COA" (one definition), and the outcomes are counted for the evaluation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.models import HireStatus, RetentionOutcome
from portal.models.base import local_today
from portal.services.matches import hires
from portal.services.permits import event_corrections, events, retention
from tests.fixtures.permits import create_working_person

TODAY = local_today()


def _planned(w, days: int = 7):
    w.hire.status = HireStatus.ACTIVE
    outcome = events.record_event(
        w.candidate,
        kind="transfer_planned",
        occurred_on=TODAY + timedelta(days=days),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=w.matchmaker,
    )
    return outcome.retentions[0]


def test_a_lost_job_ends_the_hire_with_the_coa_reason(app_ctx):
    w = create_working_person()
    item = _planned(w)
    retention.record_outcome(
        item, outcome="lost_job", on=TODAY, reason_code="travel", by=w.matchmaker
    )
    assert w.hire.status == HireStatus.ENDED_EARLY
    assert w.hire.ended_on == TODAY
    assert w.hire.end_reason_code == "relocated_by_coa"
    assert item.outcome_reason_code == "travel"  # why the move cost the job
    assert w.case.closed_on is not None  # the TWV track ends as for any early end
    # recording the loss again changes nothing; turning it into "kept" is refused
    retention.record_outcome(
        item, outcome="lost_job", on=TODAY, reason_code="travel", by=w.matchmaker
    )
    with pytest.raises(events.EventInvalid):
        retention.record_outcome(item, outcome="kept_job", on=TODAY, by=w.matchmaker)
    assert item.outcome == RetentionOutcome.LOST_JOB


def test_a_job_that_ended_for_another_reason_is_not_lost_through_the_move(app_ctx):
    w = create_working_person()
    item = _planned(w)
    hires.end_early(
        w.hire, ended_on=TODAY, reason_code="found_other_work", by=w.matchmaker
    )
    with pytest.raises(events.EventInvalid) as caught:
        retention.record_outcome(
            item, outcome="lost_job", on=TODAY, reason_code="travel", by=w.matchmaker
        )
    assert "outcome" in caught.value.errors
    assert w.hire.end_reason_code == "found_other_work"
    assert item.outcome is None


def test_a_job_the_employer_ended_because_of_the_move_is_not_kept(app_ctx):
    w = create_working_person()
    item = _planned(w)
    hires.end_early(
        w.hire, ended_on=TODAY, reason_code="relocated_by_coa", by=w.matchmaker
    )
    with pytest.raises(events.EventInvalid):
        retention.record_outcome(item, outcome="kept_job", on=TODAY, by=w.matchmaker)
    # the loss can be recorded on the hire that already ended that way
    retention.record_outcome(
        item, outcome="lost_job", on=TODAY, reason_code="hours", by=w.matchmaker
    )
    assert item.outcome == RetentionOutcome.LOST_JOB


def test_an_outcome_is_not_dated_ahead(app_ctx):
    w = create_working_person()
    item = _planned(w)
    with pytest.raises(events.EventInvalid):
        retention.record_outcome(
            item, outcome="kept_job", on=TODAY + timedelta(days=1), by=w.matchmaker
        )


def test_outcome_counts_by_transfer_date_centre_and_without_voided_events(app_ctx):
    kept, lost, still_open, voided = (create_working_person() for _ in range(4))
    lost.candidate.reception_centre = "AZC Kronenburg"
    items = {
        "kept": _planned(kept, days=1),
        "lost": _planned(lost, days=10),
        "open": _planned(still_open, days=10),
        "voided": _planned(voided, days=5),
    }
    retention.record_outcome(
        items["kept"], outcome="kept_job", on=TODAY, by=kept.matchmaker
    )
    retention.record_outcome(
        items["lost"],
        outcome="lost_job",
        on=TODAY,
        reason_code="travel",
        by=lost.matchmaker,
    )
    event_corrections.void_event(
        items["voided"].event, reason_code="did_not_happen", by=voided.matchmaker
    )
    first, last = TODAY + timedelta(days=1), TODAY + timedelta(days=10)
    assert retention.outcome_counts(first, last) == {
        "kept_job": 1,
        "lost_job": 1,
        "open": 1,
    }
    # both ends of the period count; a day earlier or later does not
    assert retention.outcome_counts(first + timedelta(days=1), last)["kept_job"] == 0
    assert retention.outcome_counts(first, last - timedelta(days=1)) == {
        "kept_job": 1,
        "lost_job": 0,
        "open": 0,
    }
    assert retention.outcome_counts(first, last, centre="AZC Kronenburg") == {
        "kept_job": 0,
        "lost_job": 1,
        "open": 0,
    }
