"""Accounts: creating users, logging in and out, and the brute-force counters."""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from limits import RateLimitItemPerMinute
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Employer, Role, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit, mail
from portal.services.accounts import passwords, throttle
from portal.services.notifications import inbox

log = logging.getLogger(__name__)

#: Failed logins from one address before it is slowed down (many people share a NAT).
LOGIN_ATTEMPTS_PER_ADDRESS = 20
LOGIN_WINDOW_MINUTES = 15
#: The longest wait between two attempts on an account that many addresses failed on.
MAX_LOGIN_DELAY = 60
#: Every value ``login_delay`` can take.
_DELAY_TIERS = (1, 2, 4, 8, 16, 32, MAX_LOGIN_DELAY)
#: Striped locks: one account always maps to the same lock (see authenticate).
_ACCOUNT_LOCKS = tuple(threading.Lock() for _ in range(64))
MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH


class AccountError(Exception):
    """Base class for account errors shown to the user as a message."""


class EmailTaken(AccountError):
    """Another account already uses this e-mail address."""


class KvkTaken(AccountError):
    """Another organisation is already registered with this KvK number."""


class TooManyAttempts(AccountError):
    """Too many failed logins from this address (for this account); try later.

    ``retry_after`` is the delay in seconds when the account is slowed down rather than
    this address locked out (see check_login_allowed).
    """

    def __init__(self, retry_after: int | None = None) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class InvalidCredentials(AccountError):
    """E-mail and password do not match an active account."""


class RoleChangeNotAllowed(AccountError):
    """Employer accounts belong to an organisation; only staff roles can be swapped."""


#: Roles an admin may switch between; employer accounts stay employer accounts.
STAFF_ROLES = (Role.MATCHMAKER, Role.ADMIN)


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


#: What changed, for the security notice mailed to the account's own address (ASVS V6.3).
NOTICES = {
    "password_changed": _l("Uw wachtwoord voor Werkbrug is gewijzigd."),
    "password_reset": _l(
        "Uw wachtwoord voor Werkbrug is opnieuw ingesteld via de link in uw e-mail."
    ),
    "two_factor_enabled": _l("Inloggen in twee stappen is aangezet voor uw account."),
    "two_factor_disabled": _l("Inloggen in twee stappen is uitgezet voor uw account."),
    "two_factor_reset": _l(
        "Een beheerder heeft inloggen in twee stappen voor uw account gewist. U stelt het opnieuw in bij de volgende keer inloggen."
    ),
    "recovery_codes_renewed": _l(
        "Er zijn nieuwe herstelcodes gemaakt voor uw account. De oude werken niet meer."
    ),
}


def notify_security_change(user: User, change: str) -> None:
    """Tell the owner by e-mail, so a change they did not make does not go unnoticed.

    A mail outage must not undo or block the change itself: it is logged and passed over.
    """
    # The owner's language, not the one of whoever made the change (an admin, say).
    with force_locale(user.language or current_app.config["DEFAULT_LANGUAGE"]):
        subject = _("Beveiliging van uw Werkbrug-account")
        body = _(
            "Beste %(name)s,\n\n%(what)s\n\n"
            "Was u dit niet? Neem dan meteen contact op met het Werkplein.\n\n"
            "Werkplein %(municipality)s",
            name=user.name,
            what=str(NOTICES[change]),
            municipality=current_app.config["MUNICIPALITY"],
        )
    try:
        mail.send_mail(user.email, subject, body)
    except mail.MailError:
        log.warning("security notice %s for user %s could not be sent", change, user.id)


def set_password(user: User, password: str) -> None:
    """Store a new password and end every earlier session."""
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_token = new_token()


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
    """Swap a staff account between matchmaker and admin; its sessions end."""
    if user.role not in STAFF_ROLES or role not in STAFF_ROLES:
        raise RoleChangeNotAllowed
    if user.role == role:
        return
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
    """Switch an account on or off; switching off ends its sessions at once."""
    user.is_active = active
    user.session_token = new_token()
    audit.record_event(
        "user.activated" if active else "user.deactivated",
        actor=by,
        object_type="user",
        object_id=user.id,
    )


# -- lookups for the views ------------------------------------------------------------------
def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


@functools.cache
def _user_for_request() -> Select[tuple[User, int]]:
    # Built once: every request runs it, and building the statement cost as much as
    # compiling it (which SQLAlchemy caches anyway).
    return (
        select(User, inbox.unread_count_column(User.id))
        .options(joinedload(User.employer))
        .where(User.id == bindparam("user_id"))
    )


def get_user_for_request(user_id: int) -> User | None:
    """The logged-in user with its employer and the header's unread count, in one query."""
    row = db.session.execute(_user_for_request(), {"user_id": user_id}).first()
    if row is None:
        return None
    user, unread = row
    inbox.remember_unread(user.id, unread)
    return user


def users_for_admin() -> list[User]:
    """Every account, staff first by role, then by e-mail address."""
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))


def names_by_id(user_ids: set[int]) -> dict[int, str]:
    """Display names of the given users (for histories: "approved by …")."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return {row.id: row.name for row in rows}
