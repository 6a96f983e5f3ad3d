"""Candidate profiles for Werkplein matchmakers: list, profile, consent, identity, erasure.

Matchmakers only. Admins get 403 on every page here: they manage accounts and
retention (``flask retention purge``), not people. Employers never reach this
blueprint; what they see of a candidate comes from ``services.candidate_views``.
Identity and erasure live in ``candidate_identity``; support, relocations, import and
export in ``candidate_records``. Both are registered on this blueprint at the bottom of
the route list.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.candidate import (
    ConsentForm,
    OutcomeForm,
    ProfileFilterForm,
    StatusForm,
)
from matching.permits import earliest_work_date
from portal.extensions import db, limiter
from portal.models import (
    CandidateStatus,
    Hire,
    Match,
)
from portal.services.candidates import (
    consents,
    for_matching,
    profile_input,
    relocations,
)
from portal.services.candidates import profiles as candidates
from portal.services.candidates import search as candidate_search
from portal.services.candidates.employer_view import EMPLOYER_PROFILE_VIEW_LIMIT
from portal.views import candidate_identity, candidate_records
from portal.views import candidate_profile_form as profile_form
from portal.views.access import acting_user, matchmaker_required
from portal.views.candidate_common import choices, service_errors
from portal.views.candidate_common import lang as _lang
from portal.views.candidate_common import profile_or_404 as _profile

bp = Blueprint("candidates", __name__, url_prefix="/kandidaten")

PAGE_SIZE = 50


def _account_key() -> str:
    if current_user.is_authenticated:
        return "user:" + current_user.get_id().split(":", 1)[0]
    return get_remote_address()


#: Put on every employer route that shows candidate profiles: one budget per account.
limit_profile_views = limiter.shared_limit(
    EMPLOYER_PROFILE_VIEW_LIMIT, scope="employer-profile-view", key_func=_account_key
)


# -- helpers -------------------------------------------------------------------------------
def status_labels() -> dict[str, str]:
    return {
        "active": _("actief"),
        "paused": _("gepauzeerd"),
        "placed": _("aan het werk"),
        "left": _("gestopt"),
    }


# -- list ----------------------------------------------------------------------------------
@bp.get("/")
@matchmaker_required
def index() -> str:
    form = ProfileFilterForm(request.args)
    form.status.choices = choices(
        [("", _("Alle behalve gestopt")), ("all", _("Alle")), *status_labels().items()]
    )
    form.consent.choices = choices(
        [
            ("", _("Alle")),
            ("yes", _("Met toestemming")),
            ("no", _("Zonder toestemming")),
        ]
    )
    form.permit.choices = choices(
        [
            ("", _("Alle")),
            ("may_work", _("Mag nu werken")),
            ("waiting", _("Mag nog niet werken")),
            ("w_expiring", _("W-document verloopt binnen 3 maanden")),
            ("no_bsn", _("Nog geen BSN")),
        ]
    )
    form.validate()
    today = candidates.local_today()
    page = max(request.args.get("pagina", 1, type=int) or 1, 1)
    profiles, total = candidate_search.search_profiles(
        candidate_search.ProfileFilters(
            q=form.q.data or "",
            status=form.status.data or "",
            consent=form.consent.data or "",
            permit=form.permit.data or "",
        ),
        on=today,
        page=page,
        page_size=PAGE_SIZE,
        lang=_lang(),
    )
    args = {k: v for k, v in request.args.items() if k != "pagina" and v}
    return render_template(
        "candidates/index.html",
        form=form,
        profiles=profiles,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        args=args,
        today=today,
        lang=_lang(),
        status_labels=status_labels(),
        may_work_from=lambda p: earliest_work_date(p.asylum_application_date),
        has_consent=consents.has_current_consent,
        term_label=profile_input.term_label,
    )


# -- create, view, edit --------------------------------------------------------------------
@bp.route("/nieuw", methods=["GET", "POST"])
@matchmaker_required
def new() -> str | Response:
    form = profile_form.build()
    if (
        form.validate_on_submit()
        and (profile := profile_form.save(form, None)) is not None
    ):
        db.session.commit()
        flash(
            _(
                "Profiel %(ref)s is aangemaakt. Leg nu de identiteit en de toestemming vast.",
                ref=profile.ref,
            ),
            "success",
        )
        return redirect(url_for("candidates.identity_edit", profile_id=profile.id))
    return profile_form.render(form, None)


@bp.get("/<int:profile_id>")
@matchmaker_required
def detail(profile_id: int) -> str:
    profile = candidate_search.profile_for_page(profile_id) or abort(404)
    today = candidates.local_today()
    centre, pc4 = for_matching.current_location(profile, today)
    at_risk = relocations.items_at_risk(profile)
    return render_template(
        "candidates/detail.html",
        profile=profile,
        today=today,
        centre=centre,
        pc4=pc4,
        lang=_lang(),
        consent=consents.current_consent(profile, today),
        scopes=consents.CONSENT_SCOPES,
        status_labels=status_labels(),
        status_reasons=candidates.STATUS_REASONS,
        may_work_from=earliest_work_date(profile.asylum_application_date),
        term_label=profile_input.term_label,
        language_name=profile_input.language_name,
        at_risk_matches=[item for item in at_risk if isinstance(item, Match)],
        at_risk_hires=[item for item in at_risk if isinstance(item, Hire)],
        upcoming_move=next(
            (r for r in profile.relocations if r.moved_on > today), None
        ),
    )


@bp.route("/<int:profile_id>/bewerken", methods=["GET", "POST"])
@matchmaker_required
def edit(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    form = profile_form.build(profile)
    if form.validate_on_submit() and profile_form.save(form, profile) is not None:
        db.session.commit()
        flash(_("Het profiel is opgeslagen."), "success")
        return redirect(url_for("candidates.detail", profile_id=profile.id))
    return profile_form.render(form, profile)


@bp.route("/<int:profile_id>/status", methods=["GET", "POST"])
@matchmaker_required
def status(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    form = StatusForm(
        data={"status": profile.status, "reason_code": profile.status_reason}
    )
    form.status.choices = choices(status_labels().items())
    form.reason_code.choices = choices(
        [("", _("Geen reden")), *candidates.STATUS_REASONS.items()]
    )
    if form.validate_on_submit():
        try:
            candidates.set_status(
                profile,
                CandidateStatus(form.status.data),
                reason_code=form.reason_code.data or None,
                by=acting_user(),
            )
        except candidates.CandidateError as exc:
            service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("De status is opgeslagen."), "success")
            return redirect(url_for("candidates.detail", profile_id=profile.id))
    return render_template("candidates/status.html", form=form, profile=profile)


@bp.route("/<int:profile_id>/toestemming", methods=["GET", "POST"])
@matchmaker_required
def consent(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    form = ConsentForm()
    form.scopes.choices = choices(consents.CONSENT_SCOPES.items())
    if request.method == "GET":
        form.given_on.data = candidates.local_today()
        form.scopes.data = list(consents.DEFAULT_IMPORT_SCOPE)
    if form.validate_on_submit():
        try:
            consents.give_consent(
                profile,
                given_on=form.given_on.data,
                scopes=form.scopes.data,
                by=acting_user(),
            )
        except candidates.CandidateError as exc:
            service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("De toestemming is vastgelegd."), "success")
            return redirect(url_for("candidates.detail", profile_id=profile.id))
    today = candidates.local_today()
    return render_template(
        "candidates/consent.html",
        form=form,
        profile=profile,
        current=consents.current_consent(profile, today),
        scopes=consents.CONSENT_SCOPES,
        confirm=ConfirmForm(),
    )


@bp.post("/<int:profile_id>/toestemming/intrekken")
@matchmaker_required
def consent_withdraw(profile_id: int) -> Response:
    profile = _profile(profile_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if consents.withdraw_consent(profile, by=acting_user()) is None:
        flash(_("Er was geen toestemming om in te trekken."), "warning")
    else:
        db.session.commit()
        flash(
            _("De toestemming is ingetrokken. Het profiel wordt niet meer gematcht."),
            "success",
        )
    return redirect(url_for("candidates.detail", profile_id=profile.id))


@bp.route("/<int:profile_id>/uitkomst", methods=["GET", "POST"])
@matchmaker_required
def outcome(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    form = OutcomeForm(obj=profile)
    if form.validate_on_submit():
        try:
            candidates.record_outcome(
                profile,
                residence_permit_on=form.residence_permit_on.data,
                linked_municipality=form.linked_municipality.data,
                by=acting_user(),
            )
        except candidates.CandidateError as exc:
            service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("De uitkomst is opgeslagen."), "success")
            return redirect(url_for("candidates.detail", profile_id=profile.id))
    return render_template("candidates/outcome.html", form=form, profile=profile)


# -- identity and erasure (candidate_identity) ----------------------------------------------
bp.add_url_rule(
    "/<int:profile_id>/identiteit",
    endpoint="identity_view",
    view_func=candidate_identity.identity_view,
    methods=["GET"],
)
bp.add_url_rule(
    "/<int:profile_id>/identiteit/bewerken",
    endpoint="identity_edit",
    view_func=candidate_identity.identity_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:profile_id>/wissen",
    endpoint="erase",
    view_func=candidate_identity.erase,
    methods=["GET", "POST"],
)

# -- support, relocations, import and export (candidate_records) -----------------------------
bp.add_url_rule(
    "/<int:profile_id>/ondersteuning",
    endpoint="support",
    view_func=candidate_records.support,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:profile_id>/ondersteuning/<int:activity_id>/verwijderen",
    endpoint="support_remove",
    view_func=candidate_records.support_remove,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:profile_id>/verhuizingen",
    endpoint="relocations",
    view_func=candidate_records.relocations,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/importeren",
    endpoint="import_profiles",
    view_func=candidate_records.import_profiles,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/export.<fmt>",
    endpoint="export",
    view_func=candidate_records.export,
    methods=["GET"],
)
