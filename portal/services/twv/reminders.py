"""TWV reminders by e-mail: recorded under a unique key first, then claimed, then sent.

The daily job (``flask twv send-reminders``, see ``portal.twv_cli``) calls, with a
commit after each step:

1. :func:`plan` — every reminder the domain schedule says is due is recorded under its
   key. An insert that meets an existing key does nothing, so a second run (or two runs
   at once) records nothing new; older points overtaken by a newer one are recorded as
   ``superseded`` and points that no longer apply become ``cancelled``.
2. :func:`claim` — one atomic ``UPDATE … WHERE status IN (…) AND lease expired``: of two
   overlapping runs exactly one gets the row.
3. :func:`deliver` — a notification (kind ``twv_step_due``) for each recipient, like
   every other notification: in the in-portal list, and mailed in the recipient's
   language (plain text and HTML) through the outbox, or in their daily digest. The
   reminder is ``sent`` in the same transaction; the outbox sends each mail exactly once
   and retries while the SMTP server is down. A reminder sent after its day says so.

Recipients (``twv.recipients``): the employer's contacts are the organisation's active
employer accounts, plus the active accounts of an intermediary the employer delegated
its TWV cases to; the matchmaker is the one who recorded the hire when that account is
still an active matchmaker, otherwise every active matchmaker (so a reminder never goes
unread). Notifications contain the candidate's reference and the vacancy title, nothing
that identifies the person.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import exists, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.domain.twv_rules import (
    ReminderSpec,
    reminder_schedule,
)
from portal.extensions import db
from portal.models import (
    Reminder,
    ReminderStatus,
    TwvCase,
    User,
)
from portal.models.base import utcnow
from portal.services.notifications import inbox
from portal.services.notifications.recipients import matchmakers
from portal.services.twv import recipients as twv_recipients
from portal.services.twv.status import case_dates, snapshot_of

log = logging.getLogger(__name__)

#: A run that claimed a reminder and then died frees it after this time.
CLAIM_LEASE = timedelta(minutes=10)
#: States from which a run may (re)claim a reminder.
CLAIMABLE = (ReminderStatus.PENDING, ReminderStatus.FAILED, ReminderStatus.SENDING)
#: States that may still change their mind (superseded, cancelled) before a send.
WAITING = (ReminderStatus.PENDING, ReminderStatus.FAILED)


@dataclass
class PlanResult:
    recorded: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)


# -- 1. recording ------------------------------------------------------------------------


def _cases_to_plan() -> Iterable[TwvCase]:
    """Open cases, plus closed ones that still have reminders waiting (to cancel them)."""
    waiting = exists().where(
        Reminder.case_id == TwvCase.id, Reminder.status.in_(WAITING)
    )
    return db.session.scalars(
        select(TwvCase)
        .where(or_(TwvCase.closed_on.is_(None), waiting))
        .options(
            selectinload(TwvCase.cycles),
            selectinload(TwvCase.hire),
            selectinload(TwvCase.candidate),
        )
        .order_by(TwvCase.id)
    )


def due_specs(case: TwvCase, today: date) -> list[ReminderSpec]:
    """Every reminder of the case that is due on ``today`` (all cycles), oldest first."""
    specs = [
        spec
        for dates in case_dates(snapshot_of(case))
        for spec in reminder_schedule(dates, today)
    ]
    return sorted(specs, key=lambda s: (s.due_on, s.key))


def _jsonable(params: dict[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def _insert_if_absent(values: dict[str, Any]) -> bool:
    """Insert one reminder row unless its key exists; True when this run recorded it.

    ``ON CONFLICT DO NOTHING`` waits for a concurrent insert of the same key and then
    skips it, on SQLite and PostgreSQL alike, without aborting the transaction. Whether a
    row went in is told by the id that ``RETURNING`` gives back (none on a conflict): the
    rowcount cannot tell, as psycopg reports -1 for a statement with RETURNING.
    """
    dialect = db.session.get_bind().dialect.name
    if dialect in {"sqlite", "postgresql"}:
        module = sqlite if dialect == "sqlite" else postgresql
        statement = (
            module.insert(Reminder)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(Reminder.id)
        )
        return db.session.execute(statement).first() is not None
    try:  # pragma: no cover - other databases: the unique key decides
        with db.session.begin_nested():
            db.session.execute(insert(Reminder).values(**values))
    except IntegrityError:
        return False
    return True


def plan(today: date) -> PlanResult:
    """Record every due reminder under its key (idempotent; safe with a concurrent run)."""
    result = PlanResult()
    now = utcnow()
    for case in _cases_to_plan():
        specs = due_specs(case, today)
        for spec in specs:
            status = (
                ReminderStatus.SUPERSEDED if spec.superseded else ReminderStatus.PENDING
            )
            recorded = _insert_if_absent(
                {
                    "key": spec.key,
                    "case_id": case.id,
                    "cycle_number": int(spec.params.get("cycle", 1)),  # type: ignore[call-overload]
                    "kind": spec.kind,
                    "offset_days": spec.offset_days,
                    "due_on": spec.due_on,
                    "audience": spec.audience,
                    "recipients": [],
                    "params": _jsonable(spec.params),
                    "status": status.value,
                    "attempts": 0,
                    "late_by_days": spec.late_by_days,
                    "created_at": now,
                }
            )
            if recorded:
                result.recorded.append(spec.key)
            elif spec.superseded and _change_waiting(
                spec.key, ReminderStatus.SUPERSEDED
            ):
                result.superseded.append(spec.key)
        due_keys = {spec.key for spec in specs}
        stale = db.session.scalars(
            select(Reminder.key).where(
                Reminder.case_id == case.id,
                Reminder.status.in_(WAITING),
                Reminder.key.not_in(due_keys) if due_keys else true(),
            )
        ).all()
        for key in stale:
            if _change_waiting(key, ReminderStatus.CANCELLED):
                result.cancelled.append(key)
    db.session.flush()
    if result.recorded:
        log.info("recorded %d reminder(s)", len(result.recorded))
    return result


def _change_waiting(key: str, status: ReminderStatus) -> bool:
    """Move a reminder that is not being sent to a final state; True when it moved."""
    statement = (
        update(Reminder)
        .where(Reminder.key == key, Reminder.status.in_(WAITING))
        .values(status=status.value, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(db.session.execute(statement).rowcount)


# -- 2. claiming -------------------------------------------------------------------------


def claimable_ids() -> list[int]:
    """Reminders a run might send, oldest moment first (claim decides who sends)."""
    return list(
        db.session.scalars(
            select(Reminder.id)
            .where(Reminder.status.in_(CLAIMABLE))
            .order_by(Reminder.due_on, Reminder.id)
        )
    )


def claim(reminder_id: int) -> bool:
    """Take a reminder for this run; False when another run has it or it is done."""
    now = utcnow()
    statement = (
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.status.in_(CLAIMABLE),
            or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < now - CLAIM_LEASE),
        )
        .values(
            status=ReminderStatus.SENDING.value,
            claimed_at=now,
            attempts=Reminder.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(db.session.execute(statement).rowcount)


# -- 3. notifying ------------------------------------------------------------------------


def recipient_users(case: TwvCase, audience: str) -> list[User]:
    """The accounts for the audience (see the module docstring for who counts)."""
    users: list[User] = []
    if audience in {"employer", "both"}:
        # An intermediary doing the employer's TWV paperwork gets the employer's reminders.
        users += twv_recipients.employer_side(case.employer_id)
    if audience in {"matchmaker", "both"}:
        users += matchmakers(case.hire.created_by_id)
    return list({u.id: u for u in users}.values())


def recipients_for(case: TwvCase, audience: str) -> list[str]:
    """E-mail addresses for the audience (see the module docstring for who counts)."""
    return [u.email for u in recipient_users(case, audience)]


def notice_params(reminder: Reminder, case: TwvCase, *, today: date) -> dict[str, Any]:
    """What the notification keeps: the reminder point, its dates, the references.

    ``days_left`` is counted from the day it is sent; ``late_by_days`` says how late.
    No name or other detail of the person: the candidate's reference and the vacancy.
    """
    params: dict[str, Any] = dict(reminder.params)
    params["late_by_days"] = max(0, (today - reminder.due_on).days)
    anchor = params.get("twv_end") or params.get("w_valid_until")
    if "days_left" in params and isinstance(anchor, str):
        params["days_left"] = (date.fromisoformat(anchor) - today).days
    hire = case.hire
    params.update(
        reminder=reminder.kind,
        offset_days=reminder.offset_days,
        candidate=case.candidate.ref,
        vacancy=hire.vacancy.title if hire.vacancy is not None else "–",
        employer=case.employer.name,
    )
    return params


def case_url(case_id: int) -> str:
    """Absolute link to the case page; the job has no request, so PUBLIC_BASE_URL is the host."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + case_path(case_id)


def case_path(case_id: int) -> str:
    return current_app.url_map.bind("werkbrug").build("twv.case", {"case_id": case_id})


def deliver(reminder_id: int, *, today: date) -> ReminderStatus:
    """Notify each recipient of a claimed reminder: ``sent``, or ``failed`` (nobody).

    Each recipient gets a notification (the in-portal list) and, unless they chose a
    daily digest, a mail in their own language through the outbox, in the same
    transaction as the reminder's ``sent``: committed together or not at all, and the
    outbox sends each mail exactly once (also when the SMTP server is down for a while).
    """
    reminder = db.session.get(Reminder, reminder_id, populate_existing=True)
    if reminder is None or reminder.status != ReminderStatus.SENDING:
        return ReminderStatus(reminder.status) if reminder else ReminderStatus.CANCELLED
    case = reminder.case
    users = recipient_users(case, reminder.audience)
    reminder.recipients = [u.email for u in users]
    reminder.late_by_days = max(0, (today - reminder.due_on).days)
    if not users:
        return _failed(reminder, "no recipients")
    params = notice_params(reminder, case, today=today)
    for user in users:
        inbox.notify(user, "twv_step_due", link=case_path(case.id), params=params)
    reminder.status = ReminderStatus.SENT
    reminder.sent_at = utcnow()
    reminder.last_error = None
    db.session.flush()
    log.info(
        "reminder %s notified (late by %d days)", reminder.id, reminder.late_by_days
    )
    return ReminderStatus.SENT


def _failed(reminder: Reminder, error: str) -> ReminderStatus:
    reminder.status = ReminderStatus.FAILED
    reminder.claimed_at = None  # the next run may retry at once
    reminder.last_error = error
    db.session.flush()
    log.warning("reminder %s not sent: %s", reminder.id, error)
    return ReminderStatus.FAILED


def case_reminders(case: TwvCase) -> list[Reminder]:
    """The reminders of a case, for its page (newest moment first)."""
    return list(
        db.session.scalars(
            select(Reminder)
            .where(Reminder.case_id == case.id)
            .order_by(Reminder.due_on.desc(), Reminder.id.desc())
        )
    )
