"""A hire: candidate, employer, vacancy, contract. It opens a TWV case."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.candidate import CandidateProfile
from portal.models.user import Employer
from portal.models.vacancy import Vacancy


class HireStatus(enum.StrEnum):
    PROPOSED = "proposed"  # the employer proposed the contract; not yet confirmed
    PLANNED = "planned"  # contract agreed, waiting for the TWV or the start date
    ACTIVE = "active"
    ENDED = "ended"
    ENDED_EARLY = "ended_early"  # reason code required; the employer must tell UWV
    CANCELLED = "cancelled"  # never started; reason code required


class Hire(Base):
    __tablename__ = "hire"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id"), index=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id"), index=True)
    match_id: Mapped[int | None] = mapped_column(
        ForeignKey("match.id", ondelete="SET NULL")
    )
    contract_start: Mapped[date]
    contract_end: Mapped[date]
    hours_per_week: Mapped[int]
    hourly_wage: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    status: Mapped[HireStatus] = mapped_column(String(20), default=HireStatus.PLANNED)
    ended_on: Mapped[date | None]
    end_reason_code: Mapped[str | None] = mapped_column(String(60))
    at_risk_since: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A placement counts only once the matchmaker confirmed it with the person.
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    #: Where the hire came from: ``match`` (proposed on a match) or ``outside`` (found
    #: outside the portal, recorded with the stand-alone form).
    source: Mapped[str] = mapped_column(String(20), default="outside")

    candidate: Mapped[CandidateProfile] = relationship()
    employer: Mapped[Employer] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="hire", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def __repr__(self) -> str:
        return f"<Hire {self.id} {self.status}>"


class FollowUp(Base):
    """A dated check after the start ("still at work? same employer? hours?").

    Created due at 3 and 6 months after the contract start; recorded by a matchmaker.
    The evaluation counts people still at work from these rows, never from free text.
    """

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("hire_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hire_id: Mapped[int] = mapped_column(
        ForeignKey("hire.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int]  # 3 or 6
    due_on: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime | None]
    still_at_work: Mapped[bool | None]
    same_employer: Mapped[bool | None]
    hours_per_week: Mapped[int | None]
    #: When the matchmaker was told it is due (set once, by a conditional UPDATE).
    notified_at: Mapped[datetime | None]
    #: Coded reason when the person is no longer at work (see services/reasons.py).
    reason_code: Mapped[str | None] = mapped_column(String(60))

    hire: Mapped[Hire] = relationship(back_populates="follow_ups")

    def __repr__(self) -> str:
        return f"<FollowUp {self.id} hire={self.hire_id} {self.months}m>"
