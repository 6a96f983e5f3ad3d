"""What the account pages share: the session at login, the pending login between the
password and the code, password messages, and the answer to too many attempts.

Used by the ``auth`` blueprint's pages (``auth``, ``auth_two_factor``) and by the pages
that set a first password or log someone in elsewhere (``invitation``, ``intermediaries``).
"""

from __future__ import annotations

import time
from typing import Any

from flask import render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.i18n import is_safe_next
from portal.models import User
from portal.services.accounts import login as login_service
from portal.services.accounts import passwords, throttle
from portal.services.accounts import users as accounts

PENDING = "pending_login"
#: Seconds a visitor has between the password and the code (or finishing enrolment).
PENDING_MAX_AGE = 10 * 60
#: Registration attempts per client address (a shared office NAT still fits in this).
REGISTRATIONS_PER_HOUR = throttle.limit(10, 60)
#: Session keys that survive the fresh session started at login.
_KEPT_KEYS = ("lang",)

Page = str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]


def client_ip() -> str:
    """The client's address (``request.remote_addr``), or "unknown"."""
    return request.remote_addr or "unknown"


def fresh_session(**values: Any) -> None:
    """Throw the old session away (new identifier), keeping only the language choice."""
    kept = {key: session[key] for key in _KEPT_KEYS if key in session}
    session.clear()
    session.update(kept, **values)


def log_in(user: User) -> str:
    """Start a fresh session for a user who passed every step; returns where to go next."""
    target = session.get("next")
    fresh_session()
    login_service.start_session(user, ip_address=client_ip())
    db.session.commit()
    login_user(user)
    session["last_seen"] = int(time.time())
    return target if is_safe_next(target) else url_for(f"{user.role}.dashboard")


def begin_pending(user: User, stage: str) -> None:
    """A fresh session holding a pending login at ``stage`` ("verify" or "enroll")."""
    fresh_session(
        next=session.get("next"),
        **{
            PENDING: {
                "uid": user.id,
                "token": user.session_token,
                "stage": stage,
                "at": int(time.time()),
            }
        },
    )


def pending_user(stage: str) -> User | None:
    """The user half-way through logging in, while the pending state is young and valid."""
    data = session.get(PENDING)
    if not isinstance(data, dict) or data.get("stage") != stage:
        return None
    started = data.get("at")
    if not isinstance(started, int) or time.time() - started > PENDING_MAX_AGE:
        return None
    uid = data.get("uid")
    user = accounts.get_user(uid) if isinstance(uid, int) else None
    if user is None or not user.is_active or user.session_token != data.get("token"):
        return None
    return user


def password_error(problem: passwords.PasswordProblem) -> str:
    """The form message for a password the rules refuse."""
    return {
        passwords.PasswordProblem.TOO_SHORT: _(
            "Het wachtwoord moet minstens 12 tekens lang zijn."
        ),
        passwords.PasswordProblem.TOO_LONG: _(
            "Het wachtwoord mag hoogstens 128 tekens lang zijn."
        ),
        passwords.PasswordProblem.TOO_COMMON: _(
            "Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander."
        ),
        passwords.PasswordProblem.CONTAINS_EMAIL: _(
            "Gebruik niet uw e-mailadres als wachtwoord."
        ),
    }[problem]


def too_many(template: str, **context: Any) -> tuple[str, int]:
    """The page again with the "too many attempts" message, as a 429."""
    db.session.commit()  # keep the audit events of the failures
    return render_template(template, too_many=True, **context), 429
