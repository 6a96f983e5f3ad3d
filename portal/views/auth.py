"""Logging in (password, then a code), registering as an employer, and one's own account.

Between the password and the second step the visitor is *not* logged in: the session only
holds a short-lived pending login bound to the user's current session token. Staff without
two-factor login are taken from the password straight to enrolment, and reach nothing else.
The second step and its management are in ``auth_two_factor`` (registered on this
blueprint at the bottom); the session helpers both use are in ``auth_common``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.auth import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from portal.extensions import db
from portal.i18n import is_safe_next
from portal.models import Sector
from portal.services.accounts import (
    employers,
    password_reset,
    passwords,
    throttle,
    two_factor,
)
from portal.services.accounts import login as login_service
from portal.services.accounts import users as accounts
from portal.views import auth_two_factor
from portal.views.access import acting_user, any_role_required
from portal.views.auth_common import (
    REGISTRATIONS_PER_HOUR,
    Page,
    begin_pending,
    client_ip,
    fresh_session,
    log_in,
    password_error,
    too_many,
)

bp = Blueprint("auth", __name__, url_prefix="/account")

RESET_KEY = "reset_token"


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = LoginForm()
    if request.method == "GET" and is_safe_next(request.args.get("next")):
        session["next"] = request.args["next"]
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    attempt = login_service.LoginAttempt(form.email.data, client_ip())
    try:
        user = login_service.authenticate(attempt, form.password.data)
    except accounts.TooManyAttempts as exc:
        if exc.retry_after:
            db.session.commit()
            html = render_template(
                "auth/login.html", form=form, wait_seconds=exc.retry_after
            )
            return html, 429, {"Retry-After": str(exc.retry_after)}
        return too_many("auth/login.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
        return render_template("auth/login.html", form=form)
    if user.has_two_factor:
        begin_pending(user, "verify")
        return redirect(url_for("auth.two_factor"))
    if two_factor.required_for(user):
        begin_pending(user, "enroll")
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(log_in(user))


@bp.route("/aanmelden", methods=["GET", "POST"])
def register() -> Page:
    """Self-registration of an employer: an unverified organisation plus its first account."""
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = RegistrationForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form)
    if not throttle.hit(REGISTRATIONS_PER_HOUR, "register-address", client_ip()):
        return too_many("auth/register.html", form=form)
    data = employers.Registration(
        organisation=form.organisation.data,
        kvk_number=form.kvk_number.data,
        contact_person=form.contact_person.data,
        email=form.email.data,
        phone=form.phone.data,
        postcode=form.postcode.data,
        sector=Sector(form.sector.data),
        password=form.password.data,
    )
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    login_url = base + url_for("auth.login")
    try:
        user = employers.register(data, ip_address=client_ip())
    except employers.InvalidKvk:
        form.kvk_number.errors.append(_("Een KvK-nummer heeft precies 8 cijfers."))
    except employers.UnknownPostcode:
        form.postcode.errors.append(_("Deze postcode bestaat niet in Nederland."))
    except passwords.WeakPassword as exc:
        form.password.errors.append(password_error(exc.problem))
    except accounts.KvkTaken:
        form.kvk_number.errors.append(
            _("Deze organisatie is al aangemeld. Neem contact op met het Werkplein.")
        )
    except accounts.EmailTaken:
        # The same answer as a new registration: the page must not tell who has an
        # account. The owner of the address is told by mail.
        db.session.rollback()
        employers.tell_existing_account(
            form.email.data,
            login_url=login_url,
            reset_url=base + url_for("auth.forgot_password"),
            ip_address=client_ip(),
        )
        db.session.commit()
        return _registration_received()
    else:
        employers.welcome(user, login_url=login_url)
        db.session.commit()
        return _registration_received()
    db.session.rollback()
    return render_template("auth/register.html", form=form)


def _registration_received() -> Response:
    """One answer for every accepted registration form, new address or not."""
    flash(
        _(
            "Dank u. Uw aanmelding is ontvangen en we hebben u een e-mail gestuurd. Log in met uw e-mailadres en wachtwoord; het Werkplein controleert uw gegevens, daarna kunt u kandidaten zien."
        ),
        "success",
    )
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password() -> Page:
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    try:
        password_reset.request_reset(
            form.email.data,
            ip_address=client_ip(),
            link_for=lambda token: base + url_for("auth.reset_link", token=token),
        )
    except password_reset.TooManyRequests:
        return too_many("auth/forgot_password.html", form=form)
    db.session.commit()
    flash(
        _(
            "Als er een account met dit e-mailadres is, krijgt u binnen een paar minuten een e-mail met een link. Kijk ook in uw map met ongewenste e-mail."
        ),
        "info",
    )
    return redirect(url_for("auth.login"))


@bp.get("/wachtwoord-herstellen/<token>")
def reset_link(token: str) -> Response:
    """Move the token from the address bar into the session, so it stays out of history."""
    session[RESET_KEY] = token[:500]
    return redirect(url_for("auth.reset_password"))


@bp.route("/nieuw-wachtwoord", methods=["GET", "POST"])
def reset_password() -> Page:
    token = session.get(RESET_KEY)
    form = ResetPasswordForm()
    try:
        if not isinstance(token, str):
            raise password_reset.InvalidToken
        password_reset.user_for_token(token)
    except password_reset.ExpiredToken:
        return render_template("auth/reset_password.html", problem="expired"), 400
    except password_reset.InvalidToken:
        return render_template("auth/reset_password.html", problem="invalid"), 400
    if not form.validate_on_submit():
        return render_template("auth/reset_password.html", form=form)
    try:
        password_reset.reset_password(token, form.password.data, ip_address=client_ip())
    except passwords.WeakPassword as exc:
        form.password.errors.append(password_error(exc.problem))
        return render_template("auth/reset_password.html", form=form)
    db.session.commit()
    logout_user()
    fresh_session()
    flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "success")
    return redirect(url_for("auth.login"))


@bp.post("/uitloggen")
@login_required
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        login_service.end_session(acting_user(), ip_address=client_ip())
        db.session.commit()
    logout_user()
    fresh_session()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
@any_role_required
def account() -> str:
    user = acting_user()
    return render_template(
        "auth/account.html",
        two_factor_required=two_factor.required_for(user),
        recovery_left=two_factor.remaining_recovery_codes(user),
    )


@bp.route("/wachtwoord", methods=["GET", "POST"])
@any_role_required
def change_password() -> Page:
    """A new password ends every other session; this one goes on with a new identifier."""
    user = acting_user()
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/change_password.html", form=form)
    try:
        login_service.change_password(
            user, form.current.data, form.password.data, ip_address=client_ip()
        )
    except accounts.TooManyAttempts:
        return too_many("auth/change_password.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.current.errors.append(_("Het huidige wachtwoord klopt niet."))
        return render_template("auth/change_password.html", form=form)
    except passwords.WeakPassword as exc:
        form.password.errors.append(password_error(exc.problem))
        return render_template("auth/change_password.html", form=form)
    db.session.commit()
    login_user(user)
    flash(
        _("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd."),
        "success",
    )
    return redirect(url_for("auth.account"))


@bp.post("/sessie-verlengen")
@any_role_required
def keepalive() -> tuple[str, int]:
    """Called by the idle warning's "stay logged in" button; the request itself resets the timer."""
    return "", 204


# -- two-factor login (auth_two_factor) --------------------------------------------------
bp.add_url_rule(
    "/inloggen/code",
    endpoint="two_factor",
    view_func=auth_two_factor.two_factor_login,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/inloggen-in-twee-stappen",
    endpoint="two_factor_setup",
    view_func=auth_two_factor.two_factor_setup,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/inloggen-in-twee-stappen/uitzetten",
    endpoint="two_factor_disable",
    view_func=auth_two_factor.two_factor_disable,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/herstelcodes",
    endpoint="recovery_codes",
    view_func=auth_two_factor.recovery_codes,
    methods=["GET", "POST"],
)
