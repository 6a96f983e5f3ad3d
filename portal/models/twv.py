"""TWV cases: one per hire, with a cycle per application (the first and each renewal).

The rules (dates, eligibility, reminder points) live in ``portal.domain.twv_rules``;
these tables only record what happened: which step was done when and by whom, what UWV
decided, and which reminder was sent under which key.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.candidate import CandidateProfile
from portal.models.hire import Hire
from portal.models.user import Employer, User


class CycleStatus(enum.StrEnum):
    PREPARING = "preparing"  # the employer gathers what UWV needs
    SUBMITTED = "submitted"  # applied at UWV, waiting for the decision
    GRANTED = "granted"  # TWV granted: number and last valid day known
    REFUSED = "refused"  # UWV said no (reason code required)
    WITHDRAWN = "withdrawn"  # not needed any more (reason code required)


class StepState(enum.StrEnum):
    TODO = "todo"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"  # recorded, not yet sent
    SENDING = "sending"  # claimed by a run; a lease protects it from a second run
    SENT = "sent"
    FAILED = "failed"  # the mail server refused; the next run retries
    SUPERSEDED = "superseded"  # a newer point of the same series was due: never sent
    CANCELLED = "cancelled"  # no longer applies (TWV granted, case closed): never sent


class TwvCase(Base):
    """The work-permit track of one hire; employer and matchmaker see the same case."""

    __tablename__ = "twv_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    hire_id: Mapped[int] = mapped_column(
        ForeignKey("hire.id", ondelete="CASCADE"), unique=True
    )
    #: Copied from the hire so that "own cases" and the calendar feed are one query.
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    #: Set when the track ends (contract over, status holder, hire cancelled).
    closed_on: Mapped[date | None]
    close_reason_code: Mapped[str | None] = mapped_column(String(60))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: F4: the placement goes through an agency (uitzendbureau), and the agency's Wtta
    #: admission as checked (number, date, by whom); required from 1 Jan 2027.
    via_agency: Mapped[bool] = mapped_column(default=False)
    wtta_admission_number: Mapped[str | None] = mapped_column(String(40))
    wtta_checked_on: Mapped[date | None]
    wtta_checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )

    hire: Mapped[Hire] = relationship()
    employer: Mapped[Employer] = relationship()
    candidate: Mapped[CandidateProfile] = relationship()
    cycles: Mapped[list[TwvCycle]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="TwvCycle.number",
    )

    @property
    def current_cycle(self) -> TwvCycle:
        return self.cycles[-1]

    def __repr__(self) -> str:
        return f"<TwvCase {self.id}>"


class TwvCycle(Base):
    """One application at UWV: number 1 is the first TWV, 2 the first renewal, and so on."""

    __tablename__ = "twv_cycle"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("twv_case.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    status: Mapped[CycleStatus] = mapped_column(
        String(20), default=CycleStatus.PREPARING
    )
    #: The day the cycle was opened: reminder points before it are not sent (backlog rule).
    opened_on: Mapped[date]
    #: Last valid day of the W-document this application relies on.
    w_valid_until: Mapped[date | None]
    submitted_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    twv_number: Mapped[str | None] = mapped_column(String(40))
    valid_from: Mapped[date | None]
    #: Last day on which the person may work under this TWV.
    valid_until: Mapped[date | None]
    #: D9: the TWV is not used since this day (job ended early, never started).
    unused_since: Mapped[date | None]
    uwv_notified_on: Mapped[date | None]
    reason_code: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[TwvCase] = relationship(back_populates="cycles")
    steps: Mapped[list[TwvStepState]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan"
    )

    @property
    def is_renewal(self) -> bool:
        return self.number > 1

    def step_state(self, key: str) -> TwvStepState | None:
        return next((s for s in self.steps if s.step_key == key), None)

    def __repr__(self) -> str:
        return f"<TwvCycle {self.id} case {self.case_id} #{self.number} {self.status}>"


class TwvStepState(Base):
    """Progress of one checklist step in one cycle; a step without a row is still to do."""

    __tablename__ = "twv_step_state"
    __table_args__ = (UniqueConstraint("cycle_id", "step_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("twv_cycle.id", ondelete="CASCADE"), index=True
    )
    #: Key of ``portal.domain.twv_rules.CHECKLIST_STEPS`` (stable, never renamed).
    step_key: Mapped[str] = mapped_column(String(40))
    state: Mapped[StepState] = mapped_column(String(20), default=StepState.TODO)
    on_date: Mapped[date | None]
    number: Mapped[str | None] = mapped_column(String(40))
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    done_at: Mapped[datetime | None]

    cycle: Mapped[TwvCycle] = relationship(back_populates="steps")
    done_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<TwvStepState {self.id} {self.step_key} {self.state}>"


class Reminder(Base):
    """A reminder, recorded under its unique key *before* it is sent (never twice)."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``case:<id>:cycle:<n>:<kind>:<offset>`` from ``reminder_schedule``.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("twv_case.id", ondelete="CASCADE"), index=True
    )
    cycle_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    offset_days: Mapped[int]
    due_on: Mapped[date]
    audience: Mapped[str] = mapped_column(String(20))
    #: E-mail addresses of the last attempt (portal users, never the candidate).
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Raw values for the message placeholders (dates as ISO strings).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ReminderStatus] = mapped_column(
        String(20), default=ReminderStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    #: Days between the planned moment and the (last) sending.
    late_by_days: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[TwvCase] = relationship()

    def __repr__(self) -> str:
        return f"<Reminder {self.id} {self.key} {self.status}>"
