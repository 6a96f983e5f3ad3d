"""Resetting a forgotten password with a link sent by e-mail.

The link carries a signed, time-limited token (itsdangerous, salted, PASSWORD_RESET_MAX_AGE
seconds). The token also holds a fingerprint of the current password hash, so it works only
once and dies when the password changes in any other way. Requests are counted per address
and per e-mail in the limiter's storage, and the answer never tells whether an account exists.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.extensions import db
from portal.models import User
from portal.services import audit, mail
from portal.services.accounts import passwords, throttle
from portal.services.accounts import users as accounts

log = logging.getLogger(__name__)

SALT = "werkbrug.password-reset"
#: Reset requests per e-mail address in an hour: enough for a lost mail, not for mail bombing.
PER_EMAIL_PER_HOUR = 3
#: Reset requests per client address in an hour.
PER_ADDRESS_PER_HOUR = 10


class ResetError(Exception):
    """Base class for reset errors."""


class InvalidToken(ResetError):
    """The link is damaged, was used already, or the password changed since."""


class ExpiredToken(ResetError):
    """The link is older than PASSWORD_RESET_MAX_AGE."""


class TooManyRequests(ResetError):
    """Too many reset requests from this address."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    """Changes with every new password hash; the hash itself never leaves the database."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user)})


def user_for_token(token: str) -> User:
    """The active user this token was made for; raises InvalidToken or ExpiredToken."""
    try:
        data = _serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except SignatureExpired as exc:
        raise ExpiredToken from exc
    except BadSignature as exc:
        raise InvalidToken from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise InvalidToken
    user = db.session.get(User, data["u"])
    if (
        user is None
        or not user.is_active
        or not hmac.compare_digest(str(data.get("p", "")), _fingerprint(user))
    ):
        raise InvalidToken
    return user


def request_reset(
    email: str, *, ip_address: str, link_for: Callable[[str], str]
) -> None:
    """Mail a reset link when the address belongs to an active account; silent otherwise.

    Raises TooManyRequests when this client address asked too often. Too many requests for
    one e-mail address are dropped silently, exactly like an unknown address.

    Both paths do the same work, so the time of the answer does not tell whether the
    address has an account: the same lookups and counters, one audit row, no password
    hash (there is nothing to check), and a job for the outbox thread (the mail, or an
    empty turn) instead of a mail sent while the visitor waits.
    """
    per_email = throttle.limit(PER_EMAIL_PER_HOUR, 60)
    per_address = throttle.limit(PER_ADDRESS_PER_HOUR, 60)
    if not throttle.hit(per_address, "reset-address", ip_address):
        raise TooManyRequests
    user = accounts.find_user_by_email(email)
    known = user is not None and user.is_active
    within_limit = throttle.hit(
        per_email, "reset-email", accounts.normalise_email(email)
    )
    audit.record_event(
        "auth.password_reset_requested",
        actor=user if known else None,
        object_type="user",
        object_id=user.id if known and user else None,
        ip_address=ip_address,
        details={"known_account": known, "within_limit": within_limit},
    )
    if not within_limit:
        log.info("password reset request dropped: limit for this e-mail reached")
    recipient = user if known and within_limit else None
    # The message is written on every path (for no one: a stand-in token and name), and
    # the outbox thread gets a job on every path: the mail, or an empty turn.
    token = (
        make_token(recipient)
        if recipient is not None
        else _serializer().dumps({"u": 0, "p": hashlib.sha256(b"").hexdigest()[:16]})
    )
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = _(
        "Beste %(name)s,\n\n"
        "Iemand (hopelijk u) vroeg om een nieuw wachtwoord voor Werkbrug.\n"
        "Kies een nieuw wachtwoord via deze link. De link werkt %(minutes)s minuten en één keer:\n\n"
        "%(link)s\n\n"
        "Heeft u dit niet gevraagd? Dan hoeft u niets te doen; uw wachtwoord blijft hetzelfde.\n\n"
        "Werkplein %(municipality)s",
        name=recipient.name if recipient is not None else "",
        minutes=minutes,
        link=link_for(token),
        municipality=current_app.config["MUNICIPALITY"],
    )
    subject = _("Nieuw wachtwoord voor Werkbrug")
    if recipient is None:
        mail.send_nothing_later()
        return
    # Saying that the mail failed would tell the visitor that the address exists; the
    # outbox logs it (with the user id only).
    mail.send_later(
        recipient.email, subject, body, about=f"password reset for user {recipient.id}"
    )


def reset_password(token: str, new_password: str, *, ip_address: str | None) -> User:
    """Set the new password; the token and every earlier session stop working."""
    user = user_for_token(token)
    passwords.check_policy(new_password, email=user.email)
    accounts.set_password(user, new_password)
    audit.record_event(
        "user.password_reset",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    accounts.notify_security_change(user, "password_reset")
    return user
