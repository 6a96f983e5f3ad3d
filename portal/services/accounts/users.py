"""Accounts: creating users, their roles and passwords, security notices, and lookups.

Logging in and out, with the brute-force counters, is ``login``.
"""

from __future__ import annotations

import functools
import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Employer, Role, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit, mail
from portal.services.accounts import passwords
from portal.services.notifications import inbox

log = logging.getLogger(__name__)

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
    this address locked out (see ``login.check_login_allowed``).
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


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.email) == normalise_email(email))
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
