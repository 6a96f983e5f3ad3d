"""Follow-up after a hire: is the person still at work after 3 and 6 months?

The rows are planned when the matchmaker confirms a hire; when one is due, the
matchmaker gets one notification (``notify_due``, run by ``flask notifications send``;
a conditional UPDATE claims each row once, so two runs never notify twice) and it is on
the follow-up list. Recording one is a dated fact; "no longer at work" takes a coded
reason from ``reasons_for("hire_ended")`` and ends the hire early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from matching.permits import add_months
from portal.extensions import db
from portal.models import FollowUp, Hire, HireStatus, Role, User
from portal.models.base import local_today, utcnow
from portal.services import audit, reasons
from portal.services.matches import hires, notices
from portal.services.matches.guards import (
    NotAllowed,
    check_note,
    require_matchmaker,
)

#: Months after the contract start at which the matchmaker checks.
MONTHS = (3, 6)


class FollowUpInvalid(Exception):
    """The answers do not fit together; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class FollowUpDone(Exception):
    """The follow-up was already recorded."""


def plan(hire: Hire) -> list[FollowUp]:
    """Add the 3- and 6-month checks of a confirmed hire (idempotent)."""
    have = {f.months for f in hire.follow_ups}
    rows = []
    for months in MONTHS:
        if months in have:
            continue
        row = FollowUp(
            hire_id=hire.id,
            months=months,
            due_on=add_months(hire.contract_start, months),
        )
        hire.follow_ups.append(row)
        rows.append(row)
    db.session.flush()
    return rows


def due(today: date | None = None, *, include_upcoming_days: int = 0) -> list[FollowUp]:
    """Open follow-ups due by ``today`` (the matchmakers' task list), oldest first.

    A follow-up the matchmaker was already told about (``notify_due`` ran for its day)
    is on the list too, whatever today is.
    """
    today = today or local_today()
    limit = date.fromordinal(today.toordinal() + include_upcoming_days)
    return list(
        db.session.scalars(
            select(FollowUp)
            .join(Hire, Hire.id == FollowUp.hire_id)
            .where(
                FollowUp.done_on.is_(None),
                or_(FollowUp.due_on <= limit, FollowUp.notified_at.is_not(None)),
                Hire.confirmed_at.is_not(None),
            )
            .options(selectinload(FollowUp.hire).selectinload(Hire.candidate))
            .order_by(FollowUp.due_on, FollowUp.id)
        )
    )


def recorded(limit: int = 30) -> list[FollowUp]:
    return list(
        db.session.scalars(
            select(FollowUp)
            .where(FollowUp.done_on.is_not(None))
            .options(selectinload(FollowUp.hire).selectinload(Hire.candidate))
            .order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
            .limit(limit)
        )
    )


def _recipients(hire: Hire) -> list[User]:
    if hire.confirmed_by_id is not None:
        user = db.session.get(User, hire.confirmed_by_id)
        if user is not None and user.is_active and user.is_matchmaker:
            return [user]
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.MATCHMAKER, User.is_active.is_(True))
        )
    )


def notify_due(today: date | None = None) -> int:
    """Tell the matchmaker about each follow-up that became due; each exactly once."""
    today = today or local_today()
    ids = list(
        db.session.scalars(
            select(FollowUp.id).where(
                FollowUp.done_on.is_(None),
                FollowUp.notified_at.is_(None),
                FollowUp.due_on <= today,
            )
        )
    )
    count = 0
    for row_id in ids:
        claimed = db.session.execute(
            update(FollowUp)
            .where(FollowUp.id == row_id, FollowUp.notified_at.is_(None))
            .values(notified_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        row = db.session.get(FollowUp, row_id)
        assert row is not None  # noqa: S101 - claimed just above
        for user in _recipients(row.hire):
            notices.follow_up_due(user, hire=row.hire, months=row.months)
        count += 1
    return count


@dataclass(frozen=True)
class Answers:
    on: date
    still_at_work: bool
    same_employer: bool | None
    hours_per_week: int | None
    reason_code: str | None = None
    #: Needed for "other"; checked for identifiers like every note about a person.
    note: str | None = None


def get(follow_up_id: int) -> FollowUp | None:
    return db.session.get(FollowUp, follow_up_id)


def record(row: FollowUp, answers: Answers, *, by: User) -> FollowUp:
    """Record the check as a dated fact; "no longer at work" ends the hire early."""
    if not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot record follow-ups")
    require_matchmaker(by)
    if row.done_on is not None:
        raise FollowUpDone(str(row.id))
    if answers.on > local_today():
        raise FollowUpInvalid("on", "date in the future")
    code = answers.reason_code or None
    note = check_note(answers.note)  # raises NoteHasIdentifiers
    if not answers.still_at_work:
        if code is None or not reasons.is_valid("hire_ended", code, "x"):
            raise FollowUpInvalid("reason_code", "reason required")
        if not reasons.is_valid("hire_ended", code, note):
            raise FollowUpInvalid("note", "reason 'other' needs a note")
    else:
        code = None
        if answers.hours_per_week is None or answers.hours_per_week <= 0:
            raise FollowUpInvalid("hours_per_week", "hours required")
    row.done_on = answers.on
    row.still_at_work = answers.still_at_work
    row.same_employer = answers.same_employer if answers.still_at_work else None
    row.hours_per_week = answers.hours_per_week if answers.still_at_work else None
    row.reason_code = code
    row.recorded_by_id = by.id
    row.recorded_at = utcnow()
    db.session.flush()
    audit.record_change(
        "follow_up",
        row.id,
        from_state="due",
        to_state="at_work" if answers.still_at_work else "not_at_work",
        by=by,
        reason_code=code,
        note=note,
    )
    hire = row.hire
    if not answers.still_at_work and hire.status in (
        HireStatus.PLANNED,
        HireStatus.ACTIVE,
    ):
        hires.end_early(
            hire, ended_on=answers.on, reason_code=code or "other", by=by, note=note
        )
    return row
