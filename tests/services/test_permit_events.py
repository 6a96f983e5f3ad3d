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
from portal.services.permits import events, tasks
from portal.services.twv import cases as twv
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
    assert twv.eligibility(w.case)  # computed before: no A6 block yet
    before = [c.code for c in twv.eligibility(w.case) if c.severity == "blocking"]
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
    codes = {c.code for c in twv.eligibility(w.case)}
    assert "ACCELERATED_PROCEDURE_NO_WORK" not in codes
    w.hire.contract_start = date(2026, 6, 12)
    codes = {c.code for c in twv.eligibility(w.case)}
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
    checks = {c.code: c for c in twv.eligibility(w.case, today=date(2026, 12, 4))}
    assert checks["WTTA_ADMISSION_MISSING"].severity == "warning"
    procedure.record_agency(
        w.case, via_agency=True, admission_number="WTTA-12345", by=w.matchmaker
    )
    assert w.case.wtta_checked_on == local_today()
    assert w.case.wtta_checked_by_id == w.matchmaker.id
    checks = {c.code for c in twv.eligibility(w.case, today=date(2026, 12, 4))}
    assert "WTTA_ADMISSION_MISSING" not in checks
