"""Intermediaries: their dashboard, the employer's delegations, the matchmaker's verification."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.intermediaries import (
    DelegateForm,
    IntermediaryRegistrationForm,
    UnverifyForm,
)
from portal.extensions import db
from portal.models import IntermediaryKind, Role
from portal.services.accounts import passwords, throttle
from portal.services.accounts import users as accounts
from portal.services.intermediaries import delegations, organisations
from portal.views.access import (
    acting_user,
    employer_required,
    found_or_404,
    matchmaker_required,
    role_required,
    staff_required,
)
from portal.views.auth_common import (
    REGISTRATIONS_PER_HOUR,
    client_ip,
    log_in,
    password_error,
    too_many,
)

bp = Blueprint("intermediary", __name__, url_prefix="/bemiddelaar")

intermediary_required = role_required(Role.INTERMEDIARY)


@bp.get("/")
@intermediary_required
def dashboard() -> str:
    organisation = found_or_404(organisations.organisation_of(acting_user()))
    employers = (
        delegations.delegating_employers(organisation.id)
        if organisation.is_verified
        else []
    )
    feed_url = url_for(
        "calendar.feed", token=organisation.calendar_token, _external=True
    )
    return render_template(
        "intermediaries/dashboard.html",
        organisation=organisation,
        employers=employers,
        feed_url=feed_url if organisation.is_verified else None,
    )


@bp.post("/agenda")
@intermediary_required
def renew_calendar() -> Response:
    """A new secret calendar link for the bureau; the old one stops working."""
    user = acting_user()
    organisation = found_or_404(organisations.organisation_of(user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    organisations.renew_calendar_token(organisation, by=user)
    db.session.commit()
    flash(_("U hebt een nieuwe agenda-link. De oude link werkt niet meer."), "success")
    return redirect(url_for("intermediary.dashboard", _anchor="agenda"))


@bp.route("/aanmelden", methods=["GET", "POST"])
def register() -> Response | str | tuple[str, int]:
    """Self-registration of a bureau: unverified until a matchmaker checked it."""
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    form = IntermediaryRegistrationForm()
    template = "intermediaries/register.html"
    if not form.validate_on_submit():
        return render_template(template, form=form)
    if not throttle.hit(REGISTRATIONS_PER_HOUR, "register-address", client_ip()):
        return too_many(template, form=form)
    data = organisations.Registration(
        organisation=form.organisation.data,
        kvk_number=form.kvk_number.data,
        kind=IntermediaryKind(form.kind.data),
        contact_person=form.contact_person.data,
        email=form.email.data,
        phone=form.phone.data,
        password=form.password.data,
    )
    try:
        user = organisations.register(data)
    except passwords.WeakPassword as exc:
        form.password.errors.append(password_error(exc.problem))
    except organisations.KvkTaken:
        form.kvk_number.errors.append(
            _("Deze organisatie is al aangemeld. Neem contact op met het Werkplein.")
        )
    except accounts.EmailTaken:
        form.email.errors.append(
            _(
                "Er is al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan."
            )
        )
    else:
        db.session.commit()
        target = log_in(user)
        flash(
            _(
                "Welkom! Uw aanmelding is ontvangen. Het Werkplein controleert uw gegevens."
            ),
            "success",
        )
        return redirect(target)
    db.session.rollback()
    return render_template(template, form=form)


def _delegate_form(form: DelegateForm | None = None) -> DelegateForm:
    form = form or DelegateForm()
    form.intermediary_id.choices = [(0, _("Kies een bureau"))] + [
        (i.id, i.name) for i in organisations.all_intermediaries(verified_only=True)
    ]
    return form


def _render_delegations(form: DelegateForm) -> str:
    employer = acting_user().employer
    return render_template(
        "intermediaries/delegations.html",
        employer=employer,
        rows=delegations.delegations_of_employer(employer.id),
        form=form,
    )


@bp.get("/machtigingen")
@employer_required
def delegations_page() -> str:
    return _render_delegations(_delegate_form())


@bp.post("/machtigingen")
@employer_required
def delegate() -> Response | str:
    form = _delegate_form()
    if not form.validate_on_submit():
        return _render_delegations(form)
    organisation = organisations.get_intermediary(form.intermediary_id.data)
    user = acting_user()
    try:
        if organisation is None:
            raise delegations.NotVerified("unknown intermediary")
        delegations.delegate(user.employer, organisation, by=user)
    except delegations.NotVerified:
        db.session.rollback()
        form.intermediary_id.errors = [_("Kies een bureau.")]
        return _render_delegations(form)
    db.session.commit()
    flash(
        _("%(name)s kan nu uw werkvergunningen (TWV) regelen.", name=organisation.name),
        "success",
    )
    return redirect(url_for("intermediary.delegations_page"))


@bp.post("/machtigingen/<int:delegation_id>/intrekken")
@employer_required
def revoke(delegation_id: int) -> Response:
    user = acting_user()
    delegation = found_or_404(
        delegations.get_delegation_of_employer(delegation_id, user.employer_id)
    )
    if not ConfirmForm().validate_on_submit():
        abort(400)
    delegations.revoke(delegation, by=user)
    db.session.commit()
    flash(_("De machtiging is ingetrokken."), "success")
    return redirect(url_for("intermediary.delegations_page"))


@bp.get("/overzicht")
@staff_required
def index() -> str:
    return render_template(
        "intermediaries/index.html", rows=organisations.all_intermediaries()
    )


@bp.post("/<int:intermediary_id>/verifieren")
@matchmaker_required
def verify(intermediary_id: int) -> Response:
    organisation = found_or_404(organisations.get_intermediary(intermediary_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    organisations.verify(organisation, by=acting_user())
    db.session.commit()
    flash(_("%(name)s is geverifieerd.", name=organisation.name), "success")
    return redirect(url_for("intermediary.index"))


@bp.route("/<int:intermediary_id>/verificatie-intrekken", methods=["GET", "POST"])
@matchmaker_required
def unverify(intermediary_id: int) -> Response | str:
    organisation = found_or_404(organisations.get_intermediary(intermediary_id))
    if not organisation.is_verified:
        flash(_("%(name)s is niet geverifieerd.", name=organisation.name), "info")
        return redirect(url_for("intermediary.index"))
    form = UnverifyForm()
    if form.validate_on_submit():
        organisations.unverify(
            organisation, by=acting_user(), reason_code=form.reason_code.data
        )
        db.session.commit()
        flash(
            _(
                "De verificatie van %(name)s is ingetrokken. Het bureau ziet geen werkvergunningen meer.",
                name=organisation.name,
            ),
            "success",
        )
        return redirect(url_for("intermediary.index"))
    return render_template(
        "intermediaries/unverify.html", form=form, organisation=organisation
    )
