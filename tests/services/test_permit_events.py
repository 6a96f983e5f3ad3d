"""IND and COA events: each one changes eligibility and creates tasks and notifications."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    MatchStatus,
    Notification,
    PermitTask,
    ProcedureEventKind,
    StatusChange,
    TransferRetention,
)
from portal.models.base import local_today
from portal.services.permits import event_corrections, events, tasks
from portal.services.twv import eligibility as twv_eligibility
from tests.fixtures.permits import create_working_person


def _kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind).where(Notification.user_id == user.id)
        )
    )


def _task_kinds(outcome) -> set[tuple[str, str]]:
    return {(t.kind, t.audience) for t in outcome.tasks}


def test_final_refusal_ends_the_right_to_work(app_ctx):
    w = create_working_person()
    assert twv_eligibility.eligibility(w.case)  # computed before: no A6 block yet
    before = [
        c.code for c in twv_eligibility.eligibility(w.case) if c.severity == "blocking"
    ]
    assert "ASYLUM_REJECTED_NO_WORK" not in before

    outcome = events.record_event(
        w.candidate,
        kind=ProcedureEventKind.REFUSED_FINAL,
        occurred_on=local_today() - timedelta(days=1),
        by=w.matchmaker,
    )

    assert w.candidate.asylum_rejected is True
    assert "ASYLUM_REJECTED_NO_WORK" in outcome.twv_blocking[w.case.id]
    # the open match ends with a coded reason and a StatusChange
    assert w.match.status == MatchStatus.WITHDRAWN
    assert w.match.reason_code == "asylum_rejected"
    change = db.session.scalar(
        select(StatusChange).where(
            StatusChange.object_type == "match", StatusChange.object_id == w.match.id
        )
    )
    assert change.to_state == "withdrawn"
    assert change.reason_code == "asylum_rejected"
    # tasks: employer stops the work and tells UWV; matchmaker follows up
    assert _task_kinds(outcome) == {
        ("stop_work", "employer"),
        ("notify_uwv", "employer"),
        ("follow_up", "matchmaker"),
    }
    assert "refused_final_employer" in _kinds_for(w.employer_user)
    assert "refused_final_matchmaker" in _kinds_for(w.matchmaker)
    assert "match_withdrawn" in _kinds_for(w.other_user)
    # the employer's task list shows its own two tasks only
    assert {t.kind for t in tasks.tasks_for_user(w.employer_user)} == {
        "stop_work",
        "notify_uwv",
    }
    assert tasks.tasks_for_user(w.other_user) == []


def test_refusal_with_appeal_keeps_the_right_to_work(app_ctx):
    w = create_working_person()
    outcome = events.record_event(
        w.candidate,
        kind="refused_appeal",
        occurred_on=local_today(),
        by=w.matchmaker,
    )
    assert w.candidate.asylum_rejected is False
    assert "ASYLUM_REJECTED_NO_WORK" not in outcome.twv_blocking[w.case.id]
    assert w.match.status == MatchStatus.APPROVED
    assert _task_kinds(outcome) == {("follow_up", "matchmaker")}
    assert _kinds_for(w.employer_user) == []
    assert "refused_appeal_matchmaker" in _kinds_for(w.matchmaker)


def test_permit_granted_makes_a_status_holder(app_ctx):
    w = create_working_person()
    granted_on = local_today() - timedelta(days=3)
    outcome = events.record_event(
        w.candidate,
        kind="permit_granted",
        occurred_on=granted_on,
        municipality="Amstelveen",
        by=w.matchmaker,
    )
    assert w.candidate.residence_permit_on == granted_on
    assert w.candidate.linked_municipality == "Amstelveen"
    # D10: the TWV track closes, no TWV needed
    assert outcome.closed_cases == [w.case.id]
    assert w.case.closed_on == granted_on
    assert w.case.close_reason_code == "status_holder"
    assert w.match.status == MatchStatus.APPROVED  # may now work freely
    assert _task_kinds(outcome) == {
        ("regular_contract", "employer"),
        ("municipality_link", "matchmaker"),
    }
    assert "permit_granted_employer" in _kinds_for(w.employer_user)
    assert "permit_granted_matchmaker" in _kinds_for(w.matchmaker)


def test_leaving_reception_blocks_the_twv(app_ctx):
    w = create_working_person()
    outcome = events.record_event(
        w.candidate, kind="left_reception", occurred_on=local_today(), by=w.matchmaker
    )
    assert w.candidate.in_coa_reception is False
    assert "NOT_IN_COA_RECEPTION" in outcome.twv_blocking[w.case.id]
    assert w.match.status == MatchStatus.WITHDRAWN
    assert w.match.reason_code == "left_procedure"
    assert _task_kinds(outcome) == {
        ("check_work", "employer"),
        ("follow_up", "matchmaker"),
    }
    assert "left_reception_employer" in _kinds_for(w.employer_user)


def test_planned_transfer_of_a_working_person_flags_at_once(app_ctx):
    w = create_working_person()
    w.hire.status = "active"
    outcome = events.record_event(
        w.candidate,
        kind="transfer_planned",
        occurred_on=local_today() + timedelta(days=10),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=w.matchmaker,
    )
    # nothing moves yet: still in reception, matches go on
    assert w.candidate.in_coa_reception is True
    assert w.candidate.relocations == []
    assert w.match.status == MatchStatus.APPROVED
    assert _task_kinds(outcome) == {("employment_statement", "matchmaker")}
    assert [r.hire_id for r in outcome.retentions] == [w.hire.id]
    assert "transfer_planned_employer" in _kinds_for(w.employer_user)
    assert "transfer_planned_matchmaker" in _kinds_for(w.matchmaker)
    assert db.session.scalars(select(TransferRetention)).all() == outcome.retentions


def test_done_transfer_records_the_move_and_the_risk(app_ctx):
    w = create_working_person()
    outcome = events.record_event(
        w.candidate,
        kind="transfer_done",
        occurred_on=local_today(),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=w.matchmaker,
    )
    assert outcome.event.relocation_id == w.candidate.relocations[0].id
    assert w.hire.at_risk_since is not None  # Ter Apel is far beyond 25 km
    assert _task_kinds(outcome) == {
        ("transfer_check", "matchmaker"),
        ("retention_outcome", "matchmaker"),
    }
    assert "transfer_done_employer" in _kinds_for(w.employer_user)
    due = {t.kind: t.due_on for t in outcome.tasks}
    assert due["retention_outcome"] == local_today() + timedelta(days=14)


def test_the_same_task_is_not_created_twice(app_ctx):
    w = create_working_person()
    outcome = events.record_event(
        w.candidate, kind="refused_final", occurred_on=local_today(), by=w.matchmaker
    )
    again = tasks.create_task(
        outcome.event,
        __import__("portal.domain.procedure_events").domain.procedure_events.STOP_WORK,
        w.hire,
    )
    assert again.id in {t.id for t in outcome.tasks}
    assert db.session.query(PermitTask).count() == len(outcome.tasks)


@pytest.mark.parametrize(
    ("kind", "day", "field"),
    [
        ("refused_final", date(2099, 1, 1), "occurred_on"),
        ("transfer_planned", date(2025, 1, 1), "occurred_on"),
        ("transfer_done", None, "to_pc4"),
    ],
)
def test_bad_input_is_refused_per_field(app_ctx, kind, day, field):
    w = create_working_person()
    with pytest.raises(events.EventInvalid) as caught:
        events.record_event(
            w.candidate,
            kind=kind,
            occurred_on=day or local_today(),
            to_reception_centre="azc X",
            to_pc4="0000",
            by=w.matchmaker,
        )
    assert field in caught.value.errors
    assert db.session.query(PermitTask).count() == 0


def test_completing_a_task(app_ctx):
    w = create_working_person()
    outcome = events.record_event(
        w.candidate, kind="refused_final", occurred_on=local_today(), by=w.matchmaker
    )
    task = next(t for t in outcome.tasks if t.kind == "stop_work")
    assert tasks.get_task_for(w.other_user, task.id) is None
    assert tasks.get_task_for(w.employer_user, task.id) is task
    tasks.complete_task(task, by=w.employer_user)
    assert task.done_on == local_today()
    assert "stop_work" not in {t.kind for t in tasks.tasks_for_user(w.employer_user)}


def test_registration_date_and_accelerated_procedure_reach_the_twv_gate(app_ctx):
    from portal.services.permits import procedure

    w = create_working_person()
    # contract from 1 Apr 2026: before the directive applies, so no block yet
    procedure.set_procedure_facts(
        w.candidate, registration_date=None, accelerated=True, by=w.matchmaker
    )
    codes = {c.code for c in twv_eligibility.eligibility(w.case)}
    assert "ACCELERATED_PROCEDURE_NO_WORK" not in codes
    w.hire.contract_start = date(2026, 6, 12)
    codes = {c.code for c in twv_eligibility.eligibility(w.case)}
    assert "ACCELERATED_PROCEDURE_NO_WORK" in codes
    with pytest.raises(events.EventInvalid):
        procedure.set_procedure_facts(
            w.candidate,
            registration_date=w.candidate.asylum_application_date + timedelta(days=1),
            accelerated=False,
            by=w.matchmaker,
        )


def test_agency_admission_is_checked_and_recorded_on_the_case(app_ctx):
    from portal.services.permits import procedure

    w = create_working_person(
        contract_start=date(2027, 1, 4), contract_end=date(2027, 6, 30)
    )
    procedure.record_agency(
        w.case, via_agency=True, admission_number="", by=w.matchmaker
    )
    checks = {
        c.code: c for c in twv_eligibility.eligibility(w.case, today=date(2026, 12, 4))
    }
    assert checks["WTTA_ADMISSION_MISSING"].severity == "warning"
    procedure.record_agency(
        w.case, via_agency=True, admission_number="WTTA-12345", by=w.matchmaker
    )
    assert w.case.wtta_checked_on == local_today()
    assert w.case.wtta_checked_by_id == w.matchmaker.id
    checks = {
        c.code for c in twv_eligibility.eligibility(w.case, today=date(2026, 12, 4))
    }
    assert "WTTA_ADMISSION_MISSING" not in checks


# -- the matchmaker hears of every event ---------------------------------------------------
def test_leaving_reception_and_a_done_transfer_notify_the_matchmaker(app_ctx):
    w = create_working_person()
    left = events.record_event(
        w.candidate, kind="left_reception", occurred_on=local_today(), by=w.matchmaker
    )
    assert (w.matchmaker.id, "left_reception_matchmaker") in left.notified
    assert "left_reception_matchmaker" in _kinds_for(w.matchmaker)
    other = create_working_person()
    done = events.record_event(
        other.candidate,
        kind="transfer_done",
        occurred_on=local_today(),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=other.matchmaker,
    )
    assert (other.matchmaker.id, "transfer_done_matchmaker") in done.notified
    assert _kinds_for(other.matchmaker) == ["transfer_done_matchmaker"]
    # the employer hears of it too, with a link to its tasks, never where the person went
    assert _kinds_for(other.employer_user) == ["transfer_done_employer"]


def test_planned_transfer_of_someone_not_at_work_asks_the_matchmaker_to_follow_up(
    app_ctx,
):
    w = create_working_person()
    w.hire.status = "ended"  # the contract is over: not at work
    outcome = events.record_event(
        w.candidate,
        kind="transfer_planned",
        occurred_on=local_today() + timedelta(days=10),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=w.matchmaker,
    )
    assert outcome.retentions == []
    assert _task_kinds(outcome) == {("transfer_follow_up", "matchmaker")}
    assert _kinds_for(w.matchmaker) == ["transfer_planned_not_working_matchmaker"]
    assert _kinds_for(w.employer_user) == []
    assert [t.kind for t in tasks.tasks_for_user(w.matchmaker)] == [
        "transfer_follow_up"
    ]


def test_returning_to_reception_lifts_the_block_and_creates_tasks(app_ctx):
    w = create_working_person()
    with pytest.raises(events.EventInvalid) as caught:
        events.record_event(
            w.candidate,
            kind="returned_to_reception",
            occurred_on=local_today(),
            by=w.matchmaker,
        )
    assert "kind" in caught.value.errors  # still in reception: nothing to return from
    events.record_event(
        w.candidate,
        kind="left_reception",
        occurred_on=local_today() - timedelta(days=5),
        by=w.matchmaker,
    )
    with pytest.raises(events.EventInvalid):
        events.record_event(
            w.candidate,
            kind="left_reception",
            occurred_on=local_today(),
            by=w.matchmaker,
        )
    back = events.record_event(
        w.candidate,
        kind="returned_to_reception",
        occurred_on=local_today(),
        by=w.matchmaker,
    )
    assert w.candidate.in_coa_reception is True
    assert "NOT_IN_COA_RECEPTION" not in back.twv_blocking[w.case.id]
    assert _task_kinds(back) == {
        ("resume_work", "employer"),
        ("resume_matching", "matchmaker"),
    }
    assert "returned_to_reception_employer" in _kinds_for(w.employer_user)
    assert "returned_to_reception_matchmaker" in _kinds_for(w.matchmaker)


# -- an event recorded in error -------------------------------------------------------------
def test_a_final_refusal_recorded_in_error_is_undone(app_ctx):
    w = create_working_person()
    recorded = events.record_event(
        w.candidate, kind="refused_final", occurred_on=local_today(), by=w.matchmaker
    )
    assert w.candidate.asylum_rejected is True
    assert recorded.event.facts_before == {"asylum_rejected": False}
    with pytest.raises(event_corrections.EventNotAllowed):
        event_corrections.void_event(
            recorded.event, reason_code="wrong_person", by=w.employer_user
        )
    with pytest.raises(events.EventInvalid):
        event_corrections.void_event(
            recorded.event, reason_code="other", by=w.matchmaker
        )

    undone = event_corrections.void_event(
        recorded.event, reason_code="wrong_person", by=w.matchmaker
    )

    assert recorded.event.is_voided
    assert recorded.event.voided_by_id == w.matchmaker.id
    assert undone.restored == {"asylum_rejected": False}
    assert w.candidate.asylum_rejected is False
    # eligibility re-run: the A6 block is gone
    assert "ASYLUM_REJECTED_NO_WORK" not in undone.twv_blocking[w.case.id]
    # its three tasks are cancelled with the reason, and leave the open lists
    assert {t.kind for t in undone.cancelled_tasks} == {
        "stop_work",
        "notify_uwv",
        "follow_up",
    }
    assert all(t.cancel_reason_code == "wrong_person" for t in undone.cancelled_tasks)
    assert tasks.tasks_for_user(w.employer_user) == []
    assert tasks.tasks_for_user(w.matchmaker) == []
    change = db.session.scalar(
        select(StatusChange).where(StatusChange.object_type == "procedure_event")
    )
    assert (change.to_state, change.reason_code) == ("voided", "wrong_person")
    assert "event_voided_employer" in _kinds_for(w.employer_user)
    assert "event_voided_matchmaker" in _kinds_for(w.matchmaker)
    with pytest.raises(events.EventInvalid):
        event_corrections.void_event(
            recorded.event, reason_code="wrong_person", by=w.matchmaker
        )


def test_a_permit_recorded_in_error_reopens_the_twv_case(app_ctx):
    w = create_working_person()
    granted = events.record_event(
        w.candidate,
        kind="permit_granted",
        occurred_on=local_today(),
        municipality="Amstelveen",
        by=w.matchmaker,
    )
    assert w.case.closed_on == local_today()
    undone = event_corrections.void_event(
        granted.event, reason_code="did_not_happen", by=w.matchmaker
    )
    assert w.candidate.residence_permit_on is None
    assert w.candidate.linked_municipality is None
    assert undone.reopened_cases == [w.case.id]
    assert w.case.closed_on is None
    assert w.case.close_reason_code is None
    assert w.case.id in undone.twv_blocking
    assert {t.kind for t in undone.cancelled_tasks} == {
        "regular_contract",
        "municipality_link",
    }


def test_a_transfer_recorded_in_error_takes_the_move_back(app_ctx):
    w = create_working_person()
    done = events.record_event(
        w.candidate,
        kind="transfer_done",
        occurred_on=local_today(),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=w.matchmaker,
    )
    assert w.hire.at_risk_since is not None
    undone = event_corrections.void_event(
        done.event, reason_code="wrong_person", by=w.matchmaker
    )
    assert undone.relocation_removed
    assert w.candidate.relocations == []
    assert done.event.relocation_id is None
    assert w.hire.at_risk_since is None  # back within reach of the job


@pytest.mark.parametrize("order", [("left", "back"), ("back", "left")])
def test_voiding_restores_what_the_other_events_say(app_ctx, order):
    """Left reception (5 days ago), returned (today): voiding either, then both, leaves
    the fact that the remaining events (or, with none left, the start) say."""
    w = create_working_person()
    recorded = {
        "left": events.record_event(
            w.candidate,
            kind="left_reception",
            occurred_on=local_today() - timedelta(days=5),
            by=w.matchmaker,
        ).event,
        "back": events.record_event(
            w.candidate,
            kind="returned_to_reception",
            occurred_on=local_today(),
            by=w.matchmaker,
        ).event,
    }
    first, second = order
    event_corrections.void_event(
        recorded[first], reason_code="recorded_twice", by=w.matchmaker
    )
    # only "left" remains: out of reception; only "back" remains: in reception
    assert w.candidate.in_coa_reception is (second == "back")
    event_corrections.void_event(
        recorded[second], reason_code="recorded_twice", by=w.matchmaker
    )
    assert w.candidate.in_coa_reception is True
