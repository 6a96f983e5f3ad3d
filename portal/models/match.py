"""Matches proposed by the portal and reviewed by a matchmaker.

The match review (approve, reject with a coded reason, introduce, hire) is a chain of
states; every change is also a StatusChange row, so the evaluation can count them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.candidate import CandidateProfile
from portal.models.vacancy import Vacancy


class MatchStatus(enum.StrEnum):
    SUGGESTED = "suggested"  # proposed by the portal, not yet reviewed
    APPROVED = (
        "approved"  # matchmaker approved: the employer sees the anonymous profile
    )
    REJECTED = "rejected"  # matchmaker said no (reason code required)
    INVITED = "invited"  # the employer invited the candidate
    DECLINED = "declined"  # employer or candidate said no (reason code required)
    INTRODUCED = "introduced"  # the matchmaker introduced them: identity shared
    INTERVIEW_PLANNED = "interview_planned"  # a job interview is planned
    OFFER = "offer"  # the employer proposed a contract; the matchmaker confirms it
    HIRED = "hired"  # ended in a confirmed hire (see Hire)
    NOT_HIRED = "not_hired"  # after an introduction or interview: no (coded reason)
    WITHDRAWN = "withdrawn"  # ended from an open state by events (coded reason)


class Match(Base):
    __tablename__ = "match"
    __table_args__ = (UniqueConstraint("vacancy_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MatchStatus] = mapped_column(
        String(20), default=MatchStatus.SUGGESTED
    )
    score: Mapped[float | None]
    #: The reason codes and contributions at the time of the decision (for learning and audit).
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reason_code: Mapped[str | None] = mapped_column(String(60))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(index=True)  # re-ranker token
    #: Set when a relocation puts the workplace beyond the candidate's travel distance.
    at_risk_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vacancy: Mapped[Vacancy] = relationship()
    candidate: Mapped[CandidateProfile] = relationship()

    @property
    def visible_to_employer(self) -> bool:
        return self.status in {
            MatchStatus.APPROVED,
            MatchStatus.INVITED,
            MatchStatus.INTRODUCED,
            MatchStatus.INTERVIEW_PLANNED,
            MatchStatus.OFFER,
            MatchStatus.HIRED,
        }

    def __repr__(self) -> str:
        return f"<Match {self.id} {self.status}>"
