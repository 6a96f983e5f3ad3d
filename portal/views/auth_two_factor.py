"""The second step of logging in, and managing it: the code, enrolling an authenticator
app (during login for staff, or from the account page), switching it off, and new
recovery codes.

Registered on the ``auth`` blueprint (see ``portal.views.auth``) under the endpoints
``auth.two_factor``, ``auth.two_factor_setup``, ``auth.two_factor_disable`` and
``auth.recovery_codes``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.auth import PasswordConfirmForm, TwoFactorForm, TwoFactorSetupForm
from portal.extensions import db
from portal.models import User
from portal.services.accounts import login as login_service
from portal.services.accounts import two_factor
from portal.services.accounts import users as accounts
from portal.views.access import acting_user, any_role_required
from portal.views.auth_common import (
    Page,
    client_ip,
    log_in,
    pending_user,
    too_many,
)

SETUP_KEY = "totp_setup"


def two_factor_login() -> Page:
    """Step two: the code from the app, or a recovery code."""
    user = pending_user("verify")
    if user is None:
        flash(_("Log opnieuw in."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if not form.validate_on_submit():
        return render_template("auth/two_factor.html", form=form)
    try:
        used_recovery_code = two_factor.verify(
            user, form.code.data, ip_address=client_ip()
        )
    except two_factor.TooManyAttempts:
        return too_many("auth/two_factor.html", form=form)
    except two_factor.InvalidCode:
        db.session.commit()
        form.code.errors.append(_("Deze code klopt niet of is al gebruikt."))
        return render_template("auth/two_factor.html", form=form)
    left = two_factor.remaining_recovery_codes(user)
    target = log_in(user)
    if used_recovery_code:
        flash(
            _(
                "U heeft een herstelcode gebruikt. U heeft er nog %(left)s. Maak nieuwe codes aan als u er bijna geen meer heeft.",
                left=left,
            ),
            "warning",
        )
    return redirect(target)


def _setup_secret(user: User) -> str:
    """The secret being enrolled lives in the (signed) session until the first code works."""
    data = session.get(SETUP_KEY)
    if isinstance(data, dict) and data.get("uid") == user.id and data.get("secret"):
        return str(data["secret"])
    secret = two_factor.new_secret()
    session[SETUP_KEY] = {"uid": user.id, "secret": secret}
    return secret


def two_factor_setup() -> Page:
    """Enrol an authenticator app: during login (staff) or from the account page."""
    pending = pending_user("enroll")
    if current_user.is_authenticated:
        user = acting_user()
        if user.has_two_factor:
            return redirect(url_for("auth.account"))
    elif pending is not None:
        user = pending
    else:
        return redirect(url_for("auth.login"))
    secret = _setup_secret(user)
    form = TwoFactorSetupForm()
    context = {
        "form": form,
        "secret": two_factor.grouped_secret(secret),
        "qr": two_factor.qr_data_uri(two_factor.provisioning_uri(user, secret)),
        "during_login": pending is not None and not current_user.is_authenticated,
    }
    if not form.validate_on_submit():
        return render_template("auth/two_factor_setup.html", **context)
    try:
        codes = two_factor.enable(user, secret, form.code.data, ip_address=client_ip())
    except two_factor.TooManyAttempts:
        return too_many("auth/two_factor_setup.html", **context)
    except two_factor.InvalidCode:
        db.session.commit()
        form.code.errors.append(
            _(
                "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."
            )
        )
        return render_template("auth/two_factor_setup.html", **context)
    session.pop(SETUP_KEY, None)
    if current_user.is_authenticated:
        db.session.commit()
        target = url_for("auth.account")
    else:
        target = log_in(user)
    return render_template("auth/recovery_codes.html", codes=codes, target=target)


def _password_refused(user: User, template: str) -> Page | None:
    """The password form again (empty, wrong or throttled), or None once it is confirmed.

    A wrong password is committed: the failed attempt counts towards the lock-out.
    """
    form = PasswordConfirmForm()
    if not form.validate_on_submit():
        return render_template(template, form=form)
    try:
        login_service.confirm_password(user, form.password.data, ip_address=client_ip())
    except accounts.TooManyAttempts:
        return too_many(template, form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.password.errors.append(_("Het wachtwoord klopt niet."))
        return render_template(template, form=form)
    return None


@any_role_required
def two_factor_disable() -> Page:
    user = acting_user()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    if two_factor.required_for(user):
        flash(_("Voor uw rol is inloggen in twee stappen verplicht."), "error")
        return redirect(url_for("auth.account"))
    refused = _password_refused(user, "auth/two_factor_disable.html")
    if refused is not None:
        return refused
    two_factor.disable(user, ip_address=client_ip())
    db.session.commit()
    flash(_("Inloggen in twee stappen staat uit."), "success")
    return redirect(url_for("auth.account"))


@any_role_required
def recovery_codes() -> Page:
    """New recovery codes (the old ones stop working), after the password."""
    user = acting_user()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    refused = _password_refused(user, "auth/recovery_codes_new.html")
    if refused is not None:
        return refused
    codes = two_factor.regenerate_recovery_codes(user, ip_address=client_ip())
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, target=url_for("auth.account")
    )
