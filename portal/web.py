"""Request hooks shared by every page: request id, idle timeout, security headers, template helpers."""

from __future__ import annotations

import re
import time
import uuid

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from portal import i18n, stacked_tables
from portal.services import mail

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,36}$")

#: No inline script or style anywhere: every asset is a file served by the portal.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)


def register_request_hooks(app: Flask) -> None:
    app.before_request(assign_request_id)
    app.before_request(enforce_idle_timeout)
    app.after_request(set_security_headers)
    app.after_request(stacked_tables.annotate_response)
    app.teardown_request(mail.release_held)
    app.jinja_env.filters.update(
        date=i18n.nl_date, money=i18n.money, number=i18n.number
    )
    i18n.install_template_gettext(app)
    app.context_processor(template_globals)


def assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else str(uuid.uuid4())


def enforce_idle_timeout() -> Response | None:
    """Log out after IDLE_TIMEOUT_MINUTES without a request (WCAG 2.2.1: warned first, in idle.js)."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    last_seen = session.get("last_seen", now)
    if now - int(last_seen) > current_app.config["IDLE_TIMEOUT_MINUTES"] * 60:
        from portal.extensions import db
        from portal.services.accounts.login import end_session
        from portal.views.access import acting_user

        end_session(acting_user())
        db.session.commit()
        logout_user()
        session.clear()
        flash(
            _("U bent automatisch uitgelogd omdat u een tijd niets heeft gedaan."),
            "info",
        )
        return redirect(url_for("auth.login"))
    session["last_seen"] = now
    return None


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["X-Request-ID"] = g.get("request_id", "")
    if current_app.config["FORCE_HTTPS"] or request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # Pages of a logged-in user may show personal data, and the login, reset and two-factor
    # pages carry secrets or a half-finished login: never keep any of them in a cache.
    try:
        logged_in = bool(current_user.is_authenticated)
    except Exception:  # the database failed with the request: assume the worst
        logged_in = True
    if request.endpoint != "static" and (
        logged_in or g.get("personal_data") or request.blueprint == "auth"
    ):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def template_globals() -> dict[str, object]:
    from portal.navigation import navigation_for

    return {
        "navigation": navigation_for(current_user),
        "current_locale": i18n.select_locale(),
        "current_path": i18n.current_path(),
        "two_factor_lifted": not current_app.config["TWO_FACTOR_REQUIRED"],
        "idle_timeout_seconds": current_app.config["IDLE_TIMEOUT_MINUTES"] * 60,
        "has_endpoint": lambda name: name in current_app.view_functions,
    }
