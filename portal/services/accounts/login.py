"""Logging in and out: the password check, the brute-force counters, and sessions.

Three counters in the shared storage slow a guesser down without letting anyone lock
someone else out (:func:`check_login_allowed`); a failure is counted and audited without
the password; each login starts a new session identifier, each logout ends every earlier
one. Asking the password again before a sensitive change (:func:`confirm_password`,
:func:`change_password`) counts like a login. Creating and managing accounts is
``users``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItemPerMinute

from portal.models import User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit
from portal.services.accounts import passwords, throttle
from portal.services.accounts.users import (
    InvalidCredentials,
    TooManyAttempts,
    find_user_by_email,
    normalise_email,
    notify_security_change,
    set_password,
)

#: Failed logins from one address before it is slowed down (many people share a NAT).
LOGIN_ATTEMPTS_PER_ADDRESS = 20
LOGIN_WINDOW_MINUTES = 15
#: The longest wait between two attempts on an account that many addresses failed on.
MAX_LOGIN_DELAY = 60
#: Every value ``login_delay`` can take.
_DELAY_TIERS = (1, 2, 4, 8, 16, 32, MAX_LOGIN_DELAY)
#: Striped locks: one account always maps to the same lock (see authenticate).
_ACCOUNT_LOCKS = tuple(threading.Lock() for _ in range(64))


@dataclass(frozen=True)
class LoginAttempt:
    """Who tries to log in (the e-mail address typed) and from where."""

    email: str
    ip_address: str


def _login_limits() -> tuple[RateLimitItemPerMinute, RateLimitItemPerMinute]:
    per_account = RateLimitItemPerMinute(
        current_app.config["LOGIN_MAX_ATTEMPTS"], LOGIN_WINDOW_MINUTES
    )
    per_address = RateLimitItemPerMinute(
        LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MINUTES
    )
    return per_account, per_address


def _pair(attempt: LoginAttempt) -> str:
    """The account *and* the address: failing from one place locks out only that place."""
    return f"{normalise_email(attempt.email)}|{attempt.ip_address}"


def login_delay(failures: int, free: int) -> int:
    """Seconds between two attempts on an account after ``failures`` failed ones.

    Nothing for the first ``free``, then 1, 2, 4 … seconds, at most MAX_LOGIN_DELAY: it
    slows a guesser spread over many addresses, and the owner with the right password is
    never locked out, at worst kept waiting that long.
    """
    if failures < free:
        return 0
    return min(2 ** (failures - free), MAX_LOGIN_DELAY)


def check_login_allowed(attempt: LoginAttempt) -> None:
    """Raise TooManyAttempts while this address may not try this account (shared storage).

    Three counters, none of which lets an attacker lock someone else out:

    - failures of this account from this address (LOGIN_MAX_ATTEMPTS per window): a lock
      for that one place only;
    - failures from this address on any account (20 per window);
    - failures of this account from everywhere: past LOGIN_MAX_ATTEMPTS × 2, each address
      may try the account only once per ``login_delay`` seconds. The delay grows with the
      failures; the right password works after it, never a hard lock.
    """
    per_account, per_address = _login_limits()
    if not throttle.allowed(
        per_account, "login-account-address", _pair(attempt)
    ) or not throttle.allowed(per_address, "login-address", attempt.ip_address):
        raise TooManyAttempts
    account = normalise_email(attempt.email)
    failures = throttle.count(_account_window(), "login-account", account)
    delay = login_delay(failures, 2 * current_app.config["LOGIN_MAX_ATTEMPTS"])
    if not delay:
        return
    # Every attempt let through is noted in a window of each possible delay, so the
    # window of today's delay knows the last attempt even when the delay just grew.
    gate = throttle.limit_seconds(1, delay)
    if not throttle.allowed(gate, "login-gate", _pair(attempt)):
        raise TooManyAttempts(delay)
    for tier in _DELAY_TIERS:
        throttle.hit(throttle.limit_seconds(1, tier), "login-gate", _pair(attempt))


def _account_window() -> RateLimitItemPerMinute:
    """Counts every failure of an account (never refuses: ``login_delay`` reads it)."""
    return RateLimitItemPerMinute(10_000, LOGIN_WINDOW_MINUTES)


def _count_failure(attempt: LoginAttempt) -> None:
    per_account, per_address = _login_limits()
    throttle.hit(per_account, "login-account-address", _pair(attempt))
    throttle.hit(per_address, "login-address", attempt.ip_address)
    throttle.hit(_account_window(), "login-account", normalise_email(attempt.email))


def authenticate(attempt: LoginAttempt, password: str) -> User:
    """Check the password; every failure is counted and audited, without the password.

    Checking the counters, the password and counting a failure happen under one lock
    per account, so parallel requests in one process (the demo's threads) cannot slip
    past the limit between the check and the count.
    """
    with _account_lock(normalise_email(attempt.email)):
        return _authenticate(attempt, password)


def _account_lock(account: str) -> threading.Lock:
    return _ACCOUNT_LOCKS[hash(account) % len(_ACCOUNT_LOCKS)]


def _authenticate(attempt: LoginAttempt, password: str) -> User:
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


def confirm_password(user: User, password: str, *, ip_address: str | None) -> None:
    """Ask the password again before a sensitive change; failures count like failed logins."""
    attempt = LoginAttempt(user.email, ip_address or "unknown")
    check_login_allowed(attempt)
    if not passwords.verify_password(user.password_hash, password):
        _count_failure(attempt)
        audit.record_event(
            "auth.reauthentication_failed",
            actor=user,
            object_type="user",
            object_id=user.id,
            ip_address=ip_address,
        )
        raise InvalidCredentials


def change_password(
    user: User, current: str, new: str, *, ip_address: str | None = None
) -> None:
    """The user's own change: the current password first, then the policy for the new one.

    Raises InvalidCredentials (wrong current password, counted like a failed login so the
    form cannot be used to guess) or passwords.WeakPassword.
    """
    confirm_password(user, current, ip_address=ip_address)
    passwords.check_policy(new, email=user.email)
    set_password(user, new)
    audit.record_event(
        "user.password_changed",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    notify_security_change(user, "password_changed")
