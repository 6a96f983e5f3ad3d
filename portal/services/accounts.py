"""Accounts: creating users, logging in and out, and the brute-force counters."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItemPerMinute
from sqlalchemy import func, select

from portal.extensions import db, limiter
from portal.models import Employer, Role, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit, passwords

log = logging.getLogger(__name__)

#: Failed logins from one address before it is slowed down (many people share a NAT).
LOGIN_ATTEMPTS_PER_ADDRESS = 20
LOGIN_WINDOW_MINUTES = 15
MIN_PASSWORD_LENGTH = 12


class AccountError(Exception):
    """Base class for account errors shown to the user as a message."""


class EmailTaken(AccountError):
    """Another account already uses this e-mail address."""


class KvkTaken(AccountError):
    """Another organisation is already registered with this KvK number."""


class TooManyAttempts(AccountError):
    """Too many failed logins for this account or from this address; try later."""


class InvalidCredentials(AccountError):
    """E-mail and password do not match an active account."""


@dataclass(frozen=True)
class LoginAttempt:
    email: str
    ip_address: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.email) == normalise_email(email))
    )


def _login_limits() -> tuple[RateLimitItemPerMinute, RateLimitItemPerMinute]:
    per_account = RateLimitItemPerMinute(
        current_app.config["LOGIN_MAX_ATTEMPTS"], LOGIN_WINDOW_MINUTES
    )
    per_address = RateLimitItemPerMinute(
        LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MINUTES
    )
    return per_account, per_address


def check_login_allowed(attempt: LoginAttempt) -> None:
    """Raise TooManyAttempts while either counter is exhausted (counted in shared storage)."""
    per_account, per_address = _login_limits()
    strategy = limiter.limiter
    if not strategy.test(
        per_account, "login-account", normalise_email(attempt.email)
    ) or not strategy.test(per_address, "login-address", attempt.ip_address):
        raise TooManyAttempts


def _count_failure(attempt: LoginAttempt) -> None:
    per_account, per_address = _login_limits()
    limiter.limiter.hit(per_account, "login-account", normalise_email(attempt.email))
    limiter.limiter.hit(per_address, "login-address", attempt.ip_address)


def authenticate(attempt: LoginAttempt, password: str) -> User:
    """Check the password; every failure is counted and audited, without the password."""
    check_login_allowed(attempt)
    user = find_user_by_email(attempt.email)
    if user is None:
        passwords.dummy_verify()
    if (
        user is None
        or not user.is_active
        or not passwords.verify_password(user.password_hash, password)
    ):
        _count_failure(attempt)
        audit.record_event(
            "auth.login_failed",
            actor=user,
            object_type="user",
            object_id=user.id if user else None,
            ip_address=attempt.ip_address,
            details={"known_account": user is not None},
        )
        raise InvalidCredentials
    return user


def start_session(user: User, *, ip_address: str | None) -> None:
    """A new session identifier at every login; earlier cookies of this user stop working."""
    user.session_token = new_token()
    user.last_login_at = utcnow()
    audit.record_event(
        "auth.login",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )


def end_session(user: User, *, ip_address: str | None = None) -> None:
    """Invalidate every cookie issued to this user so far (logout, idle timeout)."""
    user.session_token = new_token()
    audit.record_event(
        "auth.logout",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )


def set_password(user: User, password: str) -> None:
    """Store a new password and end every earlier session."""
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_token = new_token()


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    by: User | None,
    employer: Employer | None = None,
) -> User:
    if find_user_by_email(email) is not None:
        raise EmailTaken
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        employer=employer,
        password_hash=passwords.hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record_event(
        "user.created",
        actor=by,
        object_type="user",
        object_id=user.id,
        details={"role": str(role)},
    )
    return user


def set_role(user: User, role: Role, *, by: User | None) -> None:
    old = user.role
    user.role = role
    user.session_token = new_token()
    audit.record_event(
        "user.role_changed",
        actor=by,
        object_type="user",
        object_id=user.id,
        details={"from": str(old), "to": str(role)},
    )


def set_active(user: User, active: bool, *, by: User | None) -> None:
    user.is_active = active
    user.session_token = new_token()
    audit.record_event(
        "user.activated" if active else "user.deactivated",
        actor=by,
        object_type="user",
        object_id=user.id,
    )
