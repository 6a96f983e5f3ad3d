"""Logging in (password, then a code), registering as an employer, and one's own account.

Between the password and the second step the visitor is *not* logged in: the session only
holds a short-lived pending login bound to the user's current session token. Staff without
two-factor login are taken from the password straight to enrolment, and reach nothing else.
"""

from __future__ import annotations

import time
from typing import Any

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
    PasswordConfirmForm,
    RegistrationForm,
    ResetPasswordForm,
    TwoFactorForm,
    TwoFactorSetupForm,
)
from portal.extensions import db
from portal.i18n import is_safe_next
from portal.models import Sector, User
from portal.services.accounts import (
    employers,
    password_reset,
    passwords,
    throttle,
    two_factor,
)
from portal.services.accounts import users as accounts
from portal.views.access import acting_user, any_role_required

bp = Blueprint("auth", __name__, url_prefix="/account")

PENDING = "pending_login"
#: Seconds a visitor has between the password and the code (or finishing enrolment).
PENDING_MAX_AGE = 10 * 60
SETUP_KEY = "totp_setup"
RESET_KEY = "reset_token"
#: Registration attempts per client address (a shared office NAT still fits in this).
REGISTRATIONS_PER_HOUR = throttle.limit(10, 60)
#: Session keys that survive the fresh session started at login.
_KEPT_KEYS = ("lang",)

Page = str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]


def client_ip() -> str:
    return request.remote_addr or "unknown"


def _fresh_session(**values: Any) -> None:
    """Throw the old session away (new identifier), keeping only the language choice."""
    kept = {key: session[key] for key in _KEPT_KEYS if key in session}
    session.clear()
    session.update(kept, **values)


def _log_in(user: User) -> str:
    """Start a fresh session for a user who passed every step; returns where to go next."""
    target = session.get("next")
    _fresh_session()
    accounts.start_session(user, ip_address=client_ip())
    db.session.commit()
    login_user(user)
    session["last_seen"] = int(time.time())
    return target if is_safe_next(target) else url_for(f"{user.role}.dashboard")


def _begin_pending(user: User, stage: str) -> None:
    _fresh_session(
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


def _pending_user(stage: str) -> User | None:
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


def _password_error(problem: passwords.PasswordProblem) -> str:
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


def _too_many(template: str, **context: Any) -> tuple[str, int]:
    db.session.commit()  # keep the audit events of the failures
    return render_template(template, too_many=True, **context), 429


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = LoginForm()
    if request.method == "GET" and is_safe_next(request.args.get("next")):
        session["next"] = request.args["next"]
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    attempt = accounts.LoginAttempt(form.email.data, client_ip())
    try:
        user = accounts.authenticate(attempt, form.password.data)
    except accounts.TooManyAttempts as exc:
        if exc.retry_after:
            db.session.commit()
            html = render_template(
                "auth/login.html", form=form, wait_seconds=exc.retry_after
            )
            return html, 429, {"Retry-After": str(exc.retry_after)}
        return _too_many("auth/login.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
        return render_template("auth/login.html", form=form)
    if user.has_two_factor:
        _begin_pending(user, "verify")
        return redirect(url_for("auth.two_factor"))
    if two_factor.required_for(user):
        _begin_pending(user, "enroll")
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(_log_in(user))


@bp.route("/inloggen/code", methods=["GET", "POST"], endpoint="two_factor")
def two_factor_login() -> Page:
    """Step two: the code from the app, or a recovery code."""
    user = _pending_user("verify")
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
        return _too_many("auth/two_factor.html", form=form)
    except two_factor.InvalidCode:
        db.session.commit()
        form.code.errors.append(_("Deze code klopt niet of is al gebruikt."))
        return render_template("auth/two_factor.html", form=form)
    left = two_factor.remaining_recovery_codes(user)
    target = _log_in(user)
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


@bp.route("/inloggen-in-twee-stappen", methods=["GET", "POST"])
def two_factor_setup() -> Page:
    """Enrol an authenticator app: during login (staff) or from the account page."""
    pending = _pending_user("enroll")
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
        return _too_many("auth/two_factor_setup.html", **context)
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
        target = _log_in(user)
    return render_template("auth/recovery_codes.html", codes=codes, target=target)


@bp.route("/inloggen-in-twee-stappen/uitzetten", methods=["GET", "POST"])
@any_role_required
def two_factor_disable() -> Page:
    user = acting_user()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    if two_factor.required_for(user):
        flash(_("Voor uw rol is inloggen in twee stappen verplicht."), "error")
        return redirect(url_for("auth.account"))
    form = PasswordConfirmForm()
    if not form.validate_on_submit():
        return render_template("auth/two_factor_disable.html", form=form)
    try:
        accounts.confirm_password(user, form.password.data, ip_address=client_ip())
    except accounts.TooManyAttempts:
        return _too_many("auth/two_factor_disable.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.password.errors.append(_("Het wachtwoord klopt niet."))
        return render_template("auth/two_factor_disable.html", form=form)
    two_factor.disable(user, ip_address=client_ip())
    db.session.commit()
    flash(_("Inloggen in twee stappen staat uit."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/herstelcodes", methods=["GET", "POST"])
@any_role_required
def recovery_codes() -> Page:
    """New recovery codes (the old ones stop working), after the password."""
    user = acting_user()
    if not user.has_two_factor:
        return redirect(url_for("auth.account"))
    form = PasswordConfirmForm()
    if not form.validate_on_submit():
        return render_template("auth/recovery_codes_new.html", form=form)
    try:
        accounts.confirm_password(user, form.password.data, ip_address=client_ip())
    except accounts.TooManyAttempts:
        return _too_many("auth/recovery_codes_new.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.password.errors.append(_("Het wachtwoord klopt niet."))
        return render_template("auth/recovery_codes_new.html", form=form)
    codes = two_factor.regenerate_recovery_codes(user, ip_address=client_ip())
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, target=url_for("auth.account")
    )


@bp.route("/aanmelden", methods=["GET", "POST"])
def register() -> Page:
    """Self-registration of an employer: an unverified organisation plus its first account."""
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = RegistrationForm()
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form)
    if not throttle.hit(REGISTRATIONS_PER_HOUR, "register-address", client_ip()):
        return _too_many("auth/register.html", form=form)
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
        form.password.errors.append(_password_error(exc.problem))
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
        return _too_many("auth/forgot_password.html", form=form)
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
        form.password.errors.append(_password_error(exc.problem))
        return render_template("auth/reset_password.html", form=form)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "success")
    return redirect(url_for("auth.login"))


@bp.post("/uitloggen")
@login_required
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.end_session(acting_user(), ip_address=client_ip())
        db.session.commit()
    logout_user()
    _fresh_session()
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
        accounts.change_password(
            user, form.current.data, form.password.data, ip_address=client_ip()
        )
    except accounts.TooManyAttempts:
        return _too_many("auth/change_password.html", form=form)
    except accounts.InvalidCredentials:
        db.session.commit()
        form.current.errors.append(_("Het huidige wachtwoord klopt niet."))
        return render_template("auth/change_password.html", form=form)
    except passwords.WeakPassword as exc:
        form.password.errors.append(_password_error(exc.problem))
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
