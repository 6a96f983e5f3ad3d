"""Inviting staff: an admin enters a matchmaker's or admin's e-mail address, the person
gets a link to choose a password, and the first login makes them set up two-factor login.

The account exists from the invitation on, with an unusable random password. The link
carries a signed token (itsdangerous, its own salt, ``INVITATION_MAX_AGE`` = 7 days) with a
fingerprint of the password hash, so it works once: choosing a password kills it, and a
new invitation (resend) makes a new one. Two-factor enrolment is the login's own rule for
staff (``two_factor.required_for``); nothing here can skip it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.extensions import db
from portal.models import Role, User
from portal.services import audit, mail
from portal.services.accounts import passwords
from portal.services.accounts import users as accounts

log = logging.getLogger(__name__)

SALT = "werkbrug.staff-invitation"
INVITATION_MAX_AGE = 7 * 24 * 3600


class InvitationError(Exception):
    """Base class."""


class InvalidInvitation(InvitationError):
    """Damaged, used already, or the account changed since."""


class ExpiredInvitation(InvitationError):
    """Older than seven days: the admin sends a new one."""


class NotStaff(InvitationError):
    """Only matchmakers and admins are invited; employers register themselves."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def is_pending(user: User) -> bool:
    """Invited, but no password chosen yet."""
    return user.password_changed_at is None and user.last_login_at is None


def _send(user: User, *, link_for: Callable[[str], str]) -> None:
    token = _serializer().dumps({"u": user.id, "p": _fingerprint(user)})
    body = _(
        "Beste %(name)s,\n\n"
        "U heeft een account voor Werkbrug van Werkplein %(municipality)s.\n"
        "Kies via deze link een wachtwoord. De link werkt 7 dagen en één keer:\n\n"
        "%(link)s\n\n"
        "Daarna logt u in en stelt u inloggen in twee stappen in met een app op uw telefoon.\n\n"
        "Werkplein %(municipality)s",
        name=user.name,
        link=link_for(token),
        municipality=current_app.config["MUNICIPALITY"],
    )
    mail.send_mail(user.email, _("Uw account voor Werkbrug"), body)


def invite_staff(
    *,
    email: str,
    name: str,
    role: Role,
    by: User,
    link_for: Callable[[str], str],
) -> User:
    """Create the staff account and mail the set-password link.

    Raises EmailTaken, NotStaff, or mail.MailError (the caller rolls back: no account
    without an invitation that arrived).
    """
    if role not in accounts.STAFF_ROLES:
        raise NotStaff
    user = accounts.create_user(
        email=email,
        name=name,
        password=secrets.token_urlsafe(32),
        role=role,
        by=by,
    )
    audit.record_event(
        "user.invited",
        actor=by,
        object_type="user",
        object_id=user.id,
        details={"role": str(role)},
    )
    _send(user, link_for=link_for)
    return user


def resend(user: User, *, by: User, link_for: Callable[[str], str]) -> None:
    """A new link for someone who has not chosen a password yet; earlier links die."""
    if not is_pending(user) or user.role not in accounts.STAFF_ROLES:
        raise InvalidInvitation
    user.password_hash = passwords.hash_password(secrets.token_urlsafe(32))
    db.session.flush()
    audit.record_event(
        "user.invitation_resent", actor=by, object_type="user", object_id=user.id
    )
    _send(user, link_for=link_for)


def user_for_invitation(token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except SignatureExpired as exc:
        raise ExpiredInvitation from exc
    except BadSignature as exc:
        raise InvalidInvitation from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidInvitation
    user = accounts.get_user(data["u"])
    if (
        user is None
        or not user.is_active
        or not is_pending(user)
        or not hmac.compare_digest(str(data.get("p", "")), _fingerprint(user))
    ):
        raise InvalidInvitation
    return user


def accept(token: str, password: str, *, ip_address: str | None) -> User:
    """Set the chosen password (policy checked); the link stops working."""
    user = user_for_invitation(token)
    passwords.check_policy(password, email=user.email)
    accounts.set_password(user, password)
    audit.record_event(
        "user.invitation_accepted",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    return user
