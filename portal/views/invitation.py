"""Accepting a staff invitation: choose a password, then log in and set up two-factor login.

The link's token moves from the address bar into the session at once (as with password
resets), so it stays out of the browser history and the Referer header.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms.auth import ResetPasswordForm
from portal.extensions import db
from portal.services.accounts import invitations, passwords
from portal.views.auth_common import password_error

bp = Blueprint("invitation", __name__, url_prefix="/account/uitnodiging")

SESSION_KEY = "invitation_token"


@bp.get("/<token>")
def link(token: str) -> Response:
    session[SESSION_KEY] = token[:500]
    return redirect(url_for("invitation.accept"))


@bp.route("/", methods=["GET", "POST"])
def accept() -> Response | str | tuple[str, int]:
    token = session.get(SESSION_KEY)
    try:
        if not isinstance(token, str):
            raise invitations.InvalidInvitation
        user = invitations.user_for_invitation(token)
    except invitations.ExpiredInvitation:
        return render_template("invitation/accept.html", problem="expired"), 400
    except invitations.InvalidInvitation:
        return render_template("invitation/accept.html", problem="invalid"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            invitations.accept(
                token, form.password.data, ip_address=request.remote_addr
            )
        except passwords.WeakPassword as exc:
            form.password.errors.append(password_error(exc.problem))
        else:
            db.session.commit()
            session.pop(SESSION_KEY, None)
            flash(
                _(
                    "Uw wachtwoord is opgeslagen. Log nu in; daarna stelt u inloggen in twee stappen in."
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("invitation/accept.html", form=form, user=user)
