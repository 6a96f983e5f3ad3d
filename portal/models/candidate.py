"""Candidate profiles (anonymised) and, kept apart, the identity vault.

The profile is what matching and employers work with; it holds no name, number, date of
birth or nationality. The identity lives in its own table that only matchmakers reach,
and every read of it is an audit event.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class CandidateStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    PLACED = "placed"
    LEFT = "left"


class CandidateProfile(Base):
    __tablename__ = "candidate_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Pseudonymous reference such as WB-7Q4K: random, reveals nothing.
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    education_level: Mapped[int | None]  # ISCED 2011 level 0-8
    reception_centre: Mapped[str] = mapped_column(String(120))
    pc4: Mapped[str] = mapped_column(String(4))
    max_travel_km: Mapped[int]
    hours_per_week: Mapped[int]
    available_from: Mapped[date]
    asylum_application_date: Mapped[date]
    w_document_valid_until: Mapped[date | None]
    has_bsn: Mapped[bool] = mapped_column(default=False)
    in_brp: Mapped[bool] = mapped_column(default=False)
    in_coa_reception: Mapped[bool] = mapped_column(default=True)
    asylum_rejected: Mapped[bool] = mapped_column(default=False)
    status: Mapped[CandidateStatus] = mapped_column(
        String(20), default=CandidateStatus.ACTIVE
    )
    left_on: Mapped[date | None]
    residence_permit_on: Mapped[date | None]
    #: Municipality the person is linked to for housing after a permit ("koppeling").
    linked_municipality: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )

    occupations: Mapped[list[CandidateOccupation]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    skills: Mapped[list[CandidateSkill]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    languages: Mapped[list[CandidateLanguage]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="Consent.given_on",
    )
    identity: Mapped[Identity | None] = relationship(
        back_populates="profile", cascade="all, delete-orphan", uselist=False
    )

    def __repr__(self) -> str:
        return f"<CandidateProfile {self.id} {self.ref}>"


class CandidateOccupation(Base):
    __tablename__ = "candidate_occupation"
    __table_args__ = (UniqueConstraint("profile_id", "esco_uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    esco_uri: Mapped[str] = mapped_column(String(120))
    years: Mapped[float] = mapped_column(default=0)

    profile: Mapped[CandidateProfile] = relationship(back_populates="occupations")


class CandidateSkill(Base):
    __tablename__ = "candidate_skill"
    __table_args__ = (UniqueConstraint("profile_id", "skill_uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    skill_uri: Mapped[str] = mapped_column(String(120))

    profile: Mapped[CandidateProfile] = relationship(back_populates="skills")


class CandidateLanguage(Base):
    __tablename__ = "candidate_language"
    __table_args__ = (UniqueConstraint("profile_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(3))
    level: Mapped[str] = mapped_column(String(2))

    profile: Mapped[CandidateProfile] = relationship(back_populates="languages")


class Consent(Base):
    """What the person agreed to and when; a profile without current consent is never matched."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    given_on: Mapped[date]
    scope: Mapped[str] = mapped_column(String(500))
    withdrawn_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )

    profile: Mapped[CandidateProfile] = relationship(back_populates="consents")


class Identity(Base):
    """The identity vault: matchmakers only, every read audited, purged by retention."""

    __tablename__ = "identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(200))
    v_number: Mapped[str | None] = mapped_column(String(20))
    date_of_birth: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    nationality: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str] = mapped_column(Text, default="")

    profile: Mapped[CandidateProfile] = relationship(back_populates="identity")
