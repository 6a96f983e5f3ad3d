"""Logging in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.auth import LoginForm
from portal.extensions import db
from portal.i18n import is_safe_next
from portal.services import accounts
from portal.views.access import any_role_required

bp = Blueprint("auth", __name__, url_prefix="/account")


def client_ip() -> str:
    return request.remote_addr or "unknown"


def finish_login(user: accounts.User) -> Response:
    """Start a fresh session (new identifier) and go where the user was heading."""
    target = session.get("next")
    session.clear()
    accounts.start_session(user, ip_address=client_ip())
    db.session.commit()
    login_user(user)
    return redirect(
        target if is_safe_next(target) else url_for(f"{user.role}.dashboard")
    )


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = LoginForm()
    if request.method == "GET" and is_safe_next(request.args.get("next")):
        session["next"] = request.args["next"]
    if form.validate_on_submit():
        attempt = accounts.LoginAttempt(form.email.data, client_ip())
        try:
            user = accounts.authenticate(attempt, form.password.data)
        except accounts.TooManyAttempts:
            db.session.commit()
            return render_template("auth/login.html", form=form, too_many=True), 429
        except accounts.InvalidCredentials:
            db.session.commit()
            form.password.errors.append(
                _("Het e-mailadres of het wachtwoord klopt niet.")
            )
            return render_template("auth/login.html", form=form), 200
        return finish_login(user)
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.end_session(current_user._get_current_object(), ip_address=client_ip())
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
@any_role_required
def account() -> str:
    return render_template("auth/account.html")


@bp.post("/sessie-verlengen")
@any_role_required
def keepalive() -> tuple[str, int]:
    """Called by the idle warning's "stay logged in" button; the request itself resets the timer."""
    return "", 204
