"""Intermediaries: organisations that do the TWV paperwork for employers that delegate to them.

A TWV service provider or a temp agency gets its own accounts (``Role.INTERMEDIARY``).
A matchmaker verifies the organisation; an employer delegates its TWV cases to it from a
date on, and may revoke that. Nothing here gives access to candidates, matches or
vacancies: only to the TWV cases of the employers with a delegation in force.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import Employer, new_token


class IntermediaryKind(enum.StrEnum):
    TWV_SERVICE = (
        "twv_service"  # a TWV service provider (e.g. paid by the municipality)
    )
    TEMP_AGENCY = "temp_agency"  # an uitzendbureau
    OTHER = "other"


class Intermediary(Base):
    """An organisation doing TWV paperwork; it sees nothing until a matchmaker verified it."""

    __tablename__ = "intermediary"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[IntermediaryKind] = mapped_column(
        String(20), default=IntermediaryKind.TWV_SERVICE
    )
    contact_person: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    is_verified: Mapped[bool] = mapped_column(default=False)
    #: When a matchmaker verified it; who did is the ``StatusChange`` row of that moment.
    verified_at: Mapped[datetime | None]
    #: Secret part of the intermediary's calendar feed URL (all delegated cases).
    calendar_token: Mapped[str] = mapped_column(
        String(64), default=new_token, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegations: Mapped[list[Delegation]] = relationship(
        back_populates="intermediary", order_by="Delegation.granted_at"
    )

    def __repr__(self) -> str:
        return f"<Intermediary {self.id}>"


class Delegation(Base):
    """An employer lets an intermediary work its TWV cases, from ``granted_at`` until revoked."""

    __tablename__ = "delegation"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    intermediary_id: Mapped[int] = mapped_column(
        ForeignKey("intermediary.id", ondelete="CASCADE"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )

    employer: Mapped[Employer] = relationship()
    intermediary: Mapped[Intermediary] = relationship(back_populates="delegations")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<Delegation {self.id} employer={self.employer_id}>"
