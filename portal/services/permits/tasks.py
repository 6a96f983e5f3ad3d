"""Tasks created by IND/COA events: stored once per key, listed per role, marked done.

A task of an event recorded in error is cancelled: closed with the correction's coded
reason, so it leaves every open list but stays in the person's history.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.domain.procedure_events import TaskRule
from portal.extensions import db
from portal.models import Hire, PermitTask, ProcedureEvent, User
from portal.models.base import local_today
from portal.services import audit


class TaskNotAllowed(Exception):
    """This user may not close this task."""


def task_key(event: ProcedureEvent, rule: TaskRule, hire: Hire | None) -> str:
    where = f"hire:{hire.id}" if hire is not None else "person"
    return f"event:{event.id}:{where}:{rule.kind}"


def create_task(
    event: ProcedureEvent, rule: TaskRule, hire: Hire | None = None
) -> PermitTask:
    """The task for this event, rule and hire; the existing one if already created."""
    key = task_key(event, rule, hire)
    found = db.session.scalar(select(PermitTask).where(PermitTask.key == key))
    if found is not None:
        return found
    task = PermitTask(
        key=key,
        event_id=event.id,
        profile_id=event.profile_id,
        hire_id=hire.id if hire is not None else None,
        kind=rule.kind,
        audience=rule.audience,
        due_on=event.occurred_on + timedelta(days=rule.due_after_days),
    )
    db.session.add(task)
    db.session.flush()
    return task


def tasks_for_profile(profile_id: int, *, open_only: bool = False) -> list[PermitTask]:
    query = select(PermitTask).where(PermitTask.profile_id == profile_id)
    if open_only:
        query = query.where(PermitTask.done_on.is_(None))
    return list(db.session.scalars(query.order_by(PermitTask.due_on, PermitTask.id)))


def tasks_for_user(user: User) -> list[PermitTask]:
    """Open tasks the user acts on: an employer its own hires', a matchmaker all theirs."""
    query = select(PermitTask).where(PermitTask.done_on.is_(None))
    if user.is_employer:
        query = query.join(Hire, Hire.id == PermitTask.hire_id).where(
            PermitTask.audience == "employer", Hire.employer_id == user.employer_id
        )
    elif user.is_matchmaker:
        query = query.where(PermitTask.audience == "matchmaker")
    else:
        return []
    return list(db.session.scalars(query.order_by(PermitTask.due_on, PermitTask.id)))


def get_task_for(user: User, task_id: int) -> PermitTask | None:
    """The task when ``user`` may act on it, else None (404 for the view)."""
    task = db.session.get(PermitTask, task_id)
    if task is None:
        return None
    if user.is_matchmaker and task.audience == "matchmaker":
        return task
    if (
        user.is_employer
        and task.audience == "employer"
        and task.hire is not None
        and task.hire.employer_id == user.employer_id
    ):
        return task
    return None


def complete_task(task: PermitTask, *, by: User, on: date | None = None) -> None:
    """Mark a task done (a StatusChange: open → done)."""
    if task.done_on is not None:
        return
    task.done_on = on or local_today()
    task.done_by_id = by.id
    audit.record_change(
        "permit_task", task.id, from_state="open", to_state="done", by=by
    )
    db.session.flush()


def tasks_for_event(event: ProcedureEvent) -> list[PermitTask]:
    """The open tasks one event created."""
    return list(
        db.session.scalars(
            select(PermitTask)
            .where(PermitTask.event_id == event.id, PermitTask.done_on.is_(None))
            .order_by(PermitTask.id)
        )
    )


def cancel_task(task: PermitTask, *, by: User, reason_code: str) -> None:
    """Close a task whose event was recorded in error (a StatusChange: open → cancelled)."""
    if task.done_on is not None:
        return
    task.done_on = local_today()
    task.done_by_id = by.id
    task.cancel_reason_code = reason_code
    audit.record_change(
        "permit_task",
        task.id,
        from_state="open",
        to_state="cancelled",
        by=by,
        reason_code=reason_code,
    )
    db.session.flush()
