"""Vacancies, described on the ESCO taxonomy so that matching does not depend on wording."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import Employer, User


class VacancyStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    PAUSED = "paused"
    FILLED = "filled"
    CLOSED = "closed"


class Vacancy(Base):
    __tablename__ = "vacancy"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    #: The one-time key of the form that created it: a double submit finds this vacancy
    #: instead of creating a second one (unique, so also between parallel requests).
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    esco_occupation: Mapped[str] = mapped_column(String(120), index=True)
    #: ISCO-08 unit group of the occupation, copied on save so the shortage label and
    #: the matchmakers' filters are plain SQL (the taxonomy lives outside the database).
    isco_group: Mapped[str] = mapped_column(String(4), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    pc4: Mapped[str] = mapped_column(String(4))
    #: Municipality of the workplace PC4 (postcode table), copied on save: the "region".
    municipality: Mapped[str] = mapped_column(String(80), default="", index=True)
    hours_per_week: Mapped[int]
    start_date: Mapped[date]
    contract_months: Mapped[int]
    hourly_wage: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    positions: Mapped[int] = mapped_column(default=1)
    status: Mapped[VacancyStatus] = mapped_column(
        String(20), default=VacancyStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    #: Why a vacancy was closed (filled_elsewhere, no_longer_needed, ...).
    close_reason_code: Mapped[str | None] = mapped_column(String(60))
    #: The employer lets the portal publish the vacancy on a public page and in the
    #: feed, as schema.org JobPosting (never any candidate data).
    public_posting: Mapped[bool] = mapped_column(default=False)

    employer: Mapped[Employer] = relationship()
    skills: Mapped[list[VacancySkill]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan"
    )
    languages: Mapped[list[VacancyLanguage]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan"
    )

    @property
    def essential_skills(self) -> list[str]:
        return [s.skill_uri for s in self.skills if s.is_essential]

    @property
    def optional_skills(self) -> list[str]:
        return [s.skill_uri for s in self.skills if not s.is_essential]

    def __repr__(self) -> str:
        return f"<Vacancy {self.id} {self.status}>"


class VacancySkill(Base):
    __tablename__ = "vacancy_skill"
    __table_args__ = (UniqueConstraint("vacancy_id", "skill_uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    skill_uri: Mapped[str] = mapped_column(String(120))
    is_essential: Mapped[bool] = mapped_column(default=True)

    vacancy: Mapped[Vacancy] = relationship(back_populates="skills")


class VacancyLanguage(Base):
    """A required language level (CEFR) for the job."""

    __tablename__ = "vacancy_language"
    __table_args__ = (UniqueConstraint("vacancy_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(3))
    level: Mapped[str] = mapped_column(String(2))

    vacancy: Mapped[Vacancy] = relationship(back_populates="languages")


class ShortageOccupation(Base):
    """An occupation that counts as a shortage occupation, by ISCO group or ESCO URI.

    ``isco_code`` is a prefix of 1–4 digits ("911" covers 9111 and 9112), so one row
    can cover a whole UWV occupation group. Every row keeps its source and date, since
    the figures come from publications of different years.
    """

    __tablename__ = "shortage_occupation"
    __table_args__ = (
        CheckConstraint("(isco_code IS NULL) <> (esco_uri IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    isco_code: Mapped[str | None] = mapped_column(String(4), index=True)
    esco_uri: Mapped[str | None] = mapped_column(String(120), index=True)
    label: Mapped[str] = mapped_column(String(200))
    tension: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(500))
    source_date: Mapped[date]
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    added_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ShortageOccupation {self.id} {self.isco_code or self.esco_uri}>"
