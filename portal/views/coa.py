"""COA as a partner: the participation desk refers residents and records their moves;
matchmakers turn referrals into intakes; admins verify COA accounts.

A COA account sees its own referrals and their status, never matches, employers or
vacancies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms.permits import DeclineForm, EventForm, IntakeForm, PartnerForm, ReferralForm
from portal.domain.identifiers import describe_findings
from portal.extensions import db
from portal.models import Role
from portal.services import reasons
from portal.services.candidates import profiles as candidates
from portal.services.candidates.consents import CONSENT_SCOPES
from portal.services.permits import coa_partners, events, referrals, resident_moves
from portal.views.access import (
    acting_user,
    admin_required,
    found_or_404,
    matchmaker_required,
    role_required,
)
from portal.views.candidate_common import choices
from portal.views.permits import _errors, event_choices

bp = Blueprint("coa", __name__, url_prefix="/coa")


def consent_scope_label(scope: str) -> str:
    return str(CONSENT_SCOPES[scope])


coa_required = role_required(Role.COA)


@bp.get("/")
@coa_required
def dashboard() -> str:
    me = acting_user()
    partner = coa_partners.partner_of(me)
    return render_template(
        "coa/dashboard.html",
        partner=partner,
        referrals=referrals.own_referrals(me),
    )


@bp.route("/verwijzen", methods=["GET", "POST"])
@coa_required
def refer() -> Any:
    me = acting_user()
    partner = coa_partners.partner_of(me)
    if partner is None or not partner.is_verified:
        return render_template("coa/not_verified.html"), 403
    form = ReferralForm()
    form.reception_centre.choices = choices((n, n) for n in partner.centre_names)
    if form.validate_on_submit():
        data = referrals.ReferralData(
            reception_centre=form.reception_centre.data,
            name=form.name.data,
            v_number=form.v_number.data or "",
            phone=form.phone.data or "",
            asylum_application_date=form.asylum_application_date.data,
            asylum_registration_date=form.asylum_registration_date.data,
            w_document_valid_until=form.w_document_valid_until.data,
            available_from=form.available_from.data,
            hours_per_week=form.hours_per_week.data,
            languages=form.languages.data or "",
            consent_on=form.consent_on.data,
        )
        try:
            referral = referrals.create_referral(data, by=me)
        except referrals.ReferralInvalid as exc:
            _errors(form, exc.errors)
        else:
            db.session.commit()
            flash(
                _("De bewoner is doorverwezen (verwijzing %(ref)s).", ref=referral.ref),
                "success",
            )
            return redirect(url_for("coa.dashboard"))
    return render_template("coa/refer.html", form=form)


@bp.route("/bewoner/<int:referral_id>/gebeurtenis", methods=["GET", "POST"])
@coa_required
def resident_event(referral_id: int) -> Any:
    me = acting_user()
    try:
        found_or_404(resident_moves.resident_profile(me, referral_id))
    except referrals.NotAllowed:
        # Not (or no longer) verified by an admin: nothing is recorded.
        return render_template("coa/not_verified.html"), 403
    referral = found_or_404(referrals.referral_for(me, referral_id))
    form = EventForm()
    form.kind.choices = event_choices(resident_moves.COA_EVENT_KINDS)
    if form.validate_on_submit():
        try:
            resident_moves.record_resident_event(
                me,
                referral_id,
                kind=form.kind.data,
                occurred_on=form.occurred_on.data,
                to_reception_centre=form.to_reception_centre.data or "",
                to_pc4=form.to_pc4.data or "",
            )
        except events.EventInvalid as exc:
            _errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Vastgelegd. De matchmaker krijgt een melding."), "success")
            return redirect(url_for("coa.dashboard"))
    return render_template("coa/event.html", form=form, referral=referral)


# -- matchmakers ----------------------------------------------------------------------
@bp.get("/verwijzingen")
@matchmaker_required
def inbox() -> str:
    return render_template("coa/inbox.html", referrals=referrals.open_referrals())


@bp.route("/verwijzingen/<int:referral_id>", methods=["GET", "POST"])
@matchmaker_required
def referral(referral_id: int) -> Any:
    me = acting_user()
    item = found_or_404(referrals.referral_for(me, referral_id))
    referrals.record_view(item, by=me)
    form = IntakeForm()
    form.scopes.choices = choices(
        (s, consent_scope_label(s)) for s in referrals.INTAKE_CONSENT_SCOPES
    )
    decline_form = DeclineForm(prefix="decline")
    decline_form.reason_code.choices = choices(
        [("", _("Kies een reden"))]
        + [(c, reasons.label(c)) for c in referrals.DECLINE_REASONS]
    )
    if form.validate_on_submit():
        try:
            profile = referrals.start_intake(
                item,
                summary=form.summary.data,
                max_travel_km=form.max_travel_km.data,
                scopes=form.scopes.data or [],
                by=me,
            )
        except candidates.IdentifiersFound as exc:
            form.summary.errors = [describe_findings(exc.findings, _)]
        except (candidates.ProfileInvalid, referrals.ReferralInvalid) as exc:
            _errors(form, exc.errors)
        except referrals.NotAllowed:
            abort(409)
        else:
            db.session.commit()
            flash(
                _(
                    "Het profiel %(ref)s is gemaakt. Vul het verder aan.",
                    ref=profile.ref,
                ),
                "success",
            )
            return redirect(url_for("candidates.edit", profile_id=profile.id))
    db.session.commit()  # the audited view
    return render_template(
        "coa/referral.html", item=item, form=form, decline_form=decline_form
    )


@bp.post("/verwijzingen/<int:referral_id>/afwijzen")
@matchmaker_required
def decline(referral_id: int) -> Any:
    me = acting_user()
    item = found_or_404(referrals.referral_for(me, referral_id))
    form = DeclineForm(prefix="decline")
    form.reason_code.choices = choices((c, c) for c in referrals.DECLINE_REASONS)
    if not form.validate_on_submit():
        flash(_("Kies een reden."), "error")
        return redirect(url_for("coa.referral", referral_id=item.id))
    try:
        referrals.decline(item, reason_code=form.reason_code.data, by=me)
    except (referrals.NotAllowed, referrals.ReferralInvalid):
        flash(_("Deze verwijzing is al behandeld."), "error")
        return redirect(url_for("coa.inbox"))
    db.session.commit()
    flash(_("De verwijzing is afgewezen. Het COA ziet de nieuwe status."), "success")
    return redirect(url_for("coa.inbox"))


# -- admins ---------------------------------------------------------------------------
@bp.get("/beheer")
@admin_required
def partners() -> str:
    rows = coa_partners.coa_accounts()
    db.session.commit()  # partner rows created on first sight
    forms = {}
    for partner in rows:
        form = PartnerForm(prefix=f"p{partner.id}", formdata=None)
        form.centres.data = "\n".join(
            f"{c['name']}; {c['pc4']}" for c in partner.centres
        )
        form.verified.data = partner.is_verified
        forms[partner.id] = form
    return render_template("coa/partners.html", rows=rows, forms=forms)


@bp.post("/beheer/<int:partner_id>")
@admin_required
def update_partner(partner_id: int) -> Response:
    partner = found_or_404(coa_partners.get_partner(partner_id))
    form = PartnerForm(prefix=f"p{partner.id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        centres = coa_partners.parse_centres(form.centres.data or "")
    except referrals.ReferralInvalid as exc:
        flash(exc.errors["centres"], "error")
        return redirect(url_for("coa.partners"))
    coa_partners.update_partner(
        partner, centres=centres, verified=form.verified.data, by=acting_user()
    )
    db.session.commit()
    flash(_("Het COA-account is bijgewerkt."), "success")
    return redirect(url_for("coa.partners"))
