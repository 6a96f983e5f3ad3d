"""Candidate profiles (anonymised) and, kept apart, the identity vault.

The profile is what matching and employers work with; it holds no name, number, date of
birth or nationality. The identity lives in its own table that only matchmakers reach,
and every read of it is an audit event.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
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
    #: Registration of the application where it differs from the lodging date
    #: (directive 2024/1346 counts the 6 months from the registration).
    asylum_registration_date: Mapped[date | None]
    #: The application is examined in an accelerated procedure (no work from 12 Jun 2026).
    accelerated_procedure: Mapped[bool] = mapped_column(default=False)
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
    #: Indexed: the matching index's fingerprint reads max(updated_at) on every page.
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    #: Coded reason for the last move to paused or left (see services.candidates).
    status_reason: Mapped[str | None] = mapped_column(String(60))
    #: Set when the identity was removed (retention or right to erasure); the profile
    #: stays for the evaluation's statistics but no longer leads back to a person.
    anonymised_at: Mapped[datetime | None]

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
    support_activities: Mapped[list[SupportActivity]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="[SupportActivity.done_on, SupportActivity.id]",
    )
    relocations: Mapped[list[Relocation]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="[Relocation.moved_on, Relocation.id]",
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
    esco_uri: Mapped[str] = mapped_column(
        String(120), index=True
    )  # search by occupation
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


class SupportType(enum.StrEnum):
    """Kinds of support the Werkplein gives; the evaluation counts them per kind."""

    INTAKE = "intake"
    CV = "cv"
    APPLICATION_TRAINING = "application_training"
    JOB_FAIR = "job_fair"
    EMPLOYER_MEETING = "employer_meeting"
    LANGUAGE_COURSE = "language_course"
    MEDIATION = "mediation"
    ADVICE_CANDIDATE = "advice_candidate"  # information and advice to the candidate
    ADVICE_EMPLOYER = "advice_employer"  # information and advice to an employer
    #: Volunteer work as its own track: the organisation's vrijwilligersverklaring (F1).
    VOLUNTEER_DECLARATION = "volunteer_declaration"
    OTHER = "other"


class SupportActivity(Base):
    """One act of support for a candidate, for the pilot's evaluation."""

    __tablename__ = "support_activity"
    __table_args__ = (
        Index("ix_support_activity_profile_done_on", "profile_id", "done_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE")
    )
    done_on: Mapped[date]
    type: Mapped[SupportType] = mapped_column(String(30))
    #: Free text by the matchmaker; checked for identifiers and cleared on anonymisation.
    note: Mapped[str] = mapped_column(Text, default="")
    #: The employer the support was about (meetings, advice to an employer), if any.
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[CandidateProfile] = relationship(
        back_populates="support_activities"
    )
    #: Only on a volunteer_declaration activity: the organisation's declaration.
    volunteer: Mapped[VolunteerDeclaration | None] = relationship(
        back_populates="activity", cascade="all, delete-orphan", uselist=False
    )


class VolunteerDeclaration(Base):
    """The organisation's vrijwilligersverklaring behind a volunteer support activity (F1).

    The inputs of ``portal.domain.volunteer.volunteer_problems``: whether the organisation
    holds the declaration or applied for it (with UWV's receipt date), and whether it is a
    for-profit organisation. About an organisation, never about the person.
    """

    __tablename__ = "volunteer_declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("support_activity.id", ondelete="CASCADE"), unique=True
    )
    organisation: Mapped[str] = mapped_column(String(200))
    #: held | applied | none
    status: Mapped[str] = mapped_column(String(10))
    #: UWV's receipt of the application (status "applied").
    uwv_receipt_on: Mapped[date | None]
    for_profit: Mapped[bool]

    activity: Mapped[SupportActivity] = relationship(back_populates="volunteer")


class Relocation(Base):
    """A transfer by COA to another reception centre; matchmakers only.

    From ``moved_on`` on (also when that date is still ahead) the profile's current
    location is ``to_reception_centre``/``to_pc4``; see services.candidates.current_location.
    """

    __tablename__ = "relocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    moved_on: Mapped[date]
    from_reception_centre: Mapped[str] = mapped_column(String(120))
    from_pc4: Mapped[str] = mapped_column(String(4))
    to_reception_centre: Mapped[str] = mapped_column(String(120))
    to_pc4: Mapped[str] = mapped_column(String(4))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[CandidateProfile] = relationship(back_populates="relocations")
