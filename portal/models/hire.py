"""A hire: candidate, employer, vacancy, contract. It opens a TWV case."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.candidate import CandidateProfile
from portal.models.user import Employer
from portal.models.vacancy import Vacancy


class HireStatus(enum.StrEnum):
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

    candidate: Mapped[CandidateProfile] = relationship()
    employer: Mapped[Employer] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()

    def __repr__(self) -> str:
        return f"<Hire {self.id} {self.status}>"
