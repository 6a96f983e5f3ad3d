"""Accounts: users with one role, and the employer organisations they belong to."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class Role(enum.StrEnum):
    EMPLOYER = "employer"
    MATCHMAKER = "matchmaker"
    ADMIN = "admin"
    #: COA's participation desk (Meedoenbalie): refers residents, records transfers.
    COA = "coa"
    #: An organisation doing TWV paperwork for employers that delegated to it.
    INTERMEDIARY = "intermediary"


class NotifyFrequency(enum.StrEnum):
    """How often a user gets e-mail about new notifications (the in-portal list is live)."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"


class Sector(enum.StrEnum):
    """The sectors of the pilots (Amsterdam placements were mostly the first four)."""

    HOSPITALITY = "hospitality"
    PRODUCTION = "production"
    LOGISTICS = "logistics"
    CLEANING = "cleaning"
    CARE = "care"
    OTHER = "other"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(default=True)
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id"), index=True
    )
    #: The organisation of an intermediary account (``Role.INTERMEDIARY``).
    intermediary_id: Mapped[int | None] = mapped_column(
        ForeignKey("intermediary.id"), index=True
    )
    #: Part of the login cookie; replaced at login, logout and password change, which
    #: makes every earlier cookie worthless (a replayed cookie is refused).
    session_token: Mapped[str] = mapped_column(String(64), default=new_token)
    #: Fernet token of the TOTP secret (services/accounts/two_factor.py), never plain text.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None]
    #: The last TOTP time step accepted: a code is refused once its step was used (no replay).
    totp_last_step: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(5))
    notify_frequency: Mapped[NotifyFrequency] = mapped_column(
        String(20), default=NotifyFrequency.IMMEDIATELY
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]

    employer: Mapped[Employer | None] = relationship(back_populates="users")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login protocol (written out instead of UserMixin so is_active is a column).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_employer(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def is_matchmaker(self) -> bool:
        return self.role == Role.MATCHMAKER

    @property
    def is_intermediary(self) -> bool:
        return self.role == Role.INTERMEDIARY

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class RecoveryCode(Base):
    """One-time codes for when the authenticator app is lost; only their hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(128))
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class Employer(Base):
    """An organisation that posts vacancies. It sees no candidates until verified."""

    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    contact_person: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    workplace_pc4: Mapped[str] = mapped_column(String(4))
    sector: Mapped[Sector] = mapped_column(String(20), default=Sector.OTHER)
    is_verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[datetime | None]
    #: Secret part of the employer's calendar feed URL; renewing it kills the old URL.
    calendar_token: Mapped[str] = mapped_column(
        String(64), default=new_token, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="employer")

    def __repr__(self) -> str:
        return f"<Employer {self.id}>"
