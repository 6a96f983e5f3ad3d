"""TWV cases: the overview, the guided checklist per hire, recording hires, printing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.twv import EndHireForm, HireForm, StepForm, WDocumentForm
from portal import i18n
from portal.domain.reba import estimate_reba
from portal.domain.twv_rules import CHECKLIST_STEPS, N_, expected_decision
from portal.extensions import db
from portal.models import (
    CycleStatus,
    HireStatus,
    Role,
    StepState,
    TwvCase,
)
from portal.services import audit, reasons
from portal.services.matches import hire_gate, hires, journey
from portal.services.matches.guards import NoteHasIdentifiers
from portal.services.settings.values import get_reba_settings
from portal.services.twv import cases as twv
from portal.services.twv import packet as twv_packet
from portal.services.twv import reminders
from portal.services.twv import steps as twv_steps
from portal.views.access import (
    acting_user,
    employer_required,
    found_or_404,
    role_required,
)

bp = Blueprint("twv", __name__, url_prefix="/twv")

case_roles_required = role_required(Role.EMPLOYER, Role.MATCHMAKER)
#: Looking at and working the checklist: also an intermediary the employer delegated to.
case_workers_required = role_required(Role.EMPLOYER, Role.MATCHMAKER, Role.INTERMEDIARY)
matchmaker_only = role_required(Role.MATCHMAKER)

STEP_KEYS = {s.key for s in CHECKLIST_STEPS}


#: What the date of each step means (the step form's label).
DATE_LABELS = {
    "w_document_copy": _l("Einddatum van het W-document"),
    "submitted": _l("Datum van de aanvraag bij UWV"),
    "twv_granted": _l("Geldig tot en met"),
    "start_work": _l("Eerste werkdag"),
    "early_end": _l("Datum van de melding aan UWV"),
}


#: A note about a person with an identifier in it (as on the journey's forms).
NOTE_HAS_IDENTIFIERS = _l(
    "Schrijf geen telefoonnummer, e-mailadres, BSN, V-nummer of ander nummer waarmee iemand de kandidaat herkent."
)

#: The gate's own sentence for B1, reused on the hire form's wage field.
WAGE_BELOW_MINIMUM = N_(
    "Het uurloon is lager dan het minimumloon. "
    "Op %(on)s is het minimumloon %(minimum)s per uur."
)


def step_form(step_key: str, *, posted: bool = True) -> StepForm:
    """The form of one step, with its own prefix (unique ids) and its own date label."""
    form = (
        StepForm(prefix=step_key)
        if posted
        else StepForm(prefix=step_key, formdata=None)
    )
    form.on_date.label.text = str(DATE_LABELS.get(step_key, _l("Datum")))
    return form


def message(msgid: str, params: dict[str, object] | None = None) -> str:
    """Translate a Dutch msgid from the domain and fill it with formatted values."""
    values: dict[str, object] = {}
    for name, value in (params or {}).items():
        if isinstance(value, date):
            values[name] = i18n.nl_date(value)
        elif isinstance(value, Decimal):
            values[name] = i18n.money(value)
        else:
            values[name] = value
    return i18n.page_gettext(msgid, **values)


def _load_case(case_id: int) -> TwvCase:
    """The case, or 404 when it does not exist or this user may not see it."""
    case = twv_steps.case_for_page(case_id)
    user = acting_user()
    return found_or_404(case if case and twv.may_see_case(user, case) else None)


class _StepForms(dict[str, StepForm]):
    """The forms of the current cycle's steps, each built when the page first uses it:
    most steps show no form, and building all twelve was a large share of the page."""

    def __init__(self, case: TwvCase, given: dict[str, StepForm] | None = None) -> None:
        super().__init__(given or {})
        self.case = case

    def __missing__(self, step_key: str) -> StepForm:
        if step_key not in STEP_KEYS:
            raise KeyError(step_key)
        cycle = self.case.current_cycle
        form = step_form(step_key, posted=False)
        row = cycle.step_state(step_key)
        if row is not None:
            form.on_date.data = row.on_date
            form.number.data = row.number
        elif step_key == "twv_granted":
            form.on_date.data = cycle.w_valid_until
        self[step_key] = form
        return form

    def __bool__(self) -> bool:
        return True  # the checklist's "steps can be changed here" test


def _step_forms(
    case: TwvCase, given: dict[str, StepForm] | None = None
) -> dict[str, StepForm]:
    """The steps' forms (``given``: one posted back with its errors)."""
    return _StepForms(case, given)


def _reba_context(case: TwvCase) -> dict[str, Any]:
    """The REBA estimate for ``vacancies/_reba.html`` (the vacancies area's partial)."""
    estimate = estimate_reba(
        case.hire.hourly_wage,
        Decimal(case.hire.hours_per_week),
        settings=get_reba_settings(),
    )
    return {"reba": estimate}


def _case_context(case: TwvCase, **forms: Any) -> dict[str, Any]:
    today = twv.local_today()
    user = acting_user()
    checks = twv.eligibility(case, today=today)
    cycles = [
        {
            "cycle": cycle,
            "steps": twv_steps.step_views(case, cycle, user=user, checks=checks),
            "decision": expected_decision(cycle.submitted_on)
            if cycle.submitted_on
            else None,
        }
        for cycle in reversed(case.cycles)
    ]
    hire = case.hire
    return {
        "case": case,
        "hire": hire,
        "today": today,
        "checks": checks,
        "state": twv.state_of(case, checks, today=today),
        "cycles": cycles,
        "tasks": twv.open_tasks(case, today=today),
        "reminders": reminders.case_reminders(case),
        "step_forms": forms.pop("step_forms", None) or _step_forms(case),
        "w_form": forms.pop("w_form", None)
        or WDocumentForm(
            formdata=None, valid_until=case.candidate.w_document_valid_until
        ),
        # The bureau starts a renewal for the employer; ending the work is not its call.
        "can_renew": _can_renew(case),
        "can_end": hire.status in {HireStatus.PLANNED, HireStatus.ACTIVE}
        and not user.is_intermediary,
        # The packet link shows only when the packet is there (confirmed, consent).
        "packet_ready": (user.is_employer or user.is_intermediary)
        and twv_packet.refusal(case, on=today) is None,
        "message": message,
        **_reba_context(case),
        **forms,
    }


def _can_renew(case: TwvCase) -> bool:
    """A granted TWV that ends before the contract, and no renewal cycle open yet."""
    current = case.current_cycle
    return (
        case.closed_on is None
        and current.status == CycleStatus.GRANTED
        and current.valid_until is not None
        and current.valid_until < case.hire.contract_end
    )


def _render_case(case: TwvCase, **forms: Any) -> str:
    user = acting_user()
    with audit.on_behalf_of(twv.acting_for(user, case)):
        audit.record_event(
            "twv.case_viewed",
            actor=user,
            object_type="twv_case",
            object_id=case.id,
        )
    with i18n.one_language():  # the checklist phrases dozens of domain texts
        page = render_template("twv/case.html", **_case_context(case, **forms))
    db.session.commit()  # after rendering: a commit would expire what the page reads
    return page


@bp.get("/")
@case_workers_required
def index() -> str:
    rows = twv.case_overviews(acting_user())
    return render_template("twv/index.html", rows=rows, message=message)


@bp.get("/<int:case_id>")
@case_workers_required
def case(case_id: int) -> str:
    return _render_case(_load_case(case_id))


@bp.post("/<int:case_id>/stappen/<step_key>")
@case_workers_required
def step(case_id: int, step_key: str) -> Response | str:
    case = _load_case(case_id)
    if step_key not in STEP_KEYS:
        abort(404)
    form = step_form(step_key)
    if not form.validate_on_submit():
        return _render_case(case, step_forms=_step_forms(case, {step_key: form}))
    try:
        twv_steps.record_step(
            case,
            step_key,
            action=StepState(form.action.data),
            on_date=form.on_date.data,
            number=form.number.data or None,
            by=acting_user(),
        )
    except twv.NotAllowed:
        abort(403)
    except twv.CaseClosed:
        flash(
            _("Deze werkvergunning is afgesloten. U kunt niets meer wijzigen."), "error"
        )
        return redirect(url_for("twv.case", case_id=case.id))
    except twv.StepBlocked as blocked:
        db.session.rollback()
        form.action.errors = [message(c.message_nl, c.params) for c in blocked.checks]
        return _render_case(case, step_forms=_step_forms(case, {step_key: form}))
    except twv.InvalidStep as invalid:
        db.session.rollback()
        target = getattr(form, invalid.field, form.action)
        target.errors = [*target.errors, message(invalid.message, invalid.params)]
        return _render_case(case, step_forms=_step_forms(case, {step_key: form}))
    db.session.commit()
    flash(_("De stap is opgeslagen."), "success")
    return redirect(url_for("twv.case", case_id=case.id, _anchor=f"stap-{step_key}"))


@bp.get("/<int:case_id>/afdrukken", endpoint="print")
@case_workers_required
def printable(case_id: int) -> str:
    case = _load_case(case_id)
    user = acting_user()
    with audit.on_behalf_of(twv.acting_for(user, case)):
        audit.record_event(
            "twv.case_printed",
            actor=user,
            object_type="twv_case",
            object_id=case.id,
        )
    context = _case_context(case)
    db.session.commit()
    return render_template("twv/print.html", **context)


@bp.route("/nieuw", methods=["GET", "POST"])
@matchmaker_only
def new_hire() -> Response | str:
    form = HireForm()
    form.vacancy_id.choices = [(0, _("Kies een vacature"))] + [
        (v.id, f"{v.title} – {v.employer.name} ({v.ref})")
        for v in hires.vacancies_open_for_hire()
    ]
    pair_match = None
    if form.validate_on_submit():
        try:
            hire = journey.record_hire_by_ref(
                candidate_ref=form.candidate_ref.data,
                vacancy_id=form.vacancy_id.data,
                terms=hires.ContractTerms(
                    contract_start=form.contract_start.data,
                    contract_end=form.contract_end.data,
                    hours_per_week=form.hours_per_week.data,
                    hourly_wage=form.hourly_wage.data,
                ),
                by=acting_user(),
            )
        except hires.UnknownVacancy:
            form.vacancy_id.errors.append(_("Kies een vacature."))
        except hires.UnknownCandidate:
            form.candidate_ref.errors.append(
                _("Er is geen kandidaat met deze referentie.")
            )
        except hires.PairHasMatch as has_match:
            # That hire is proposed by the employer on the match and confirmed there.
            pair_match = has_match.match
            form.candidate_ref.errors.append(
                _(
                    "Deze kandidaat heeft een match met deze vacature. De werkgever stelt het contract voor op de match; u bevestigt het daar."
                )
            )
        except hires.WageBelowMinimum as low:
            form.hourly_wage.errors.append(
                message(WAGE_BELOW_MINIMUM, {"on": low.on, "minimum": low.minimum})
            )
        except hire_gate.HireBlocked as blocked:
            # The same gate as a hire on a match: nothing is recorded, nothing "begins".
            for check in blocked.checks:
                target = (
                    form.hourly_wage if "WAGE" in check.code else form.contract_start
                )
                target.errors = [
                    *target.errors,
                    message(check.message_nl, check.params),
                ]
            if blocked.earliest_start is not None:
                form.contract_start.errors = [
                    *form.contract_start.errors,
                    _(
                        "De vroegst mogelijke startdatum is %(on)s.",
                        on=i18n.nl_date(blocked.earliest_start),
                    ),
                ]
        except hires.InvalidContract:
            form.contract_end.errors.append(_("De einddatum ligt voor de begindatum."))
        else:
            db.session.commit()
            flash(
                _(
                    "De aanstelling is vastgelegd. Volg de stappen van de werkvergunning hieronder."
                ),
                "success",
            )
            return redirect(url_for("twv.case", case_id=twv.case_for_hire(hire).id))
    return render_template("twv/new_hire.html", form=form, pair_match=pair_match)


@bp.route("/<int:case_id>/einde", methods=["GET", "POST"])
@case_roles_required
def end_hire(case_id: int) -> Response | str:
    case = _load_case(case_id)
    hire = case.hire
    if hire.status not in {HireStatus.PLANNED, HireStatus.ACTIVE}:
        flash(_("Het werk is al gestopt."), "info")
        return redirect(url_for("twv.case", case_id=case.id))
    form = EndHireForm()
    form.reason_code.choices = [
        (code, str(label)) for code, label in reasons.reasons_for("hire_ended").items()
    ]
    if form.validate_on_submit():
        try:
            hires.end_early(
                hire,
                ended_on=form.ended_on.data,
                reason_code=form.reason_code.data,
                by=acting_user(),
                note=form.note.data,
            )
        except hires.NoteRequired:
            form.note.errors = [_("Licht de andere reden kort toe.")]
        except NoteHasIdentifiers:
            form.note.errors = [NOTE_HAS_IDENTIFIERS]
        else:
            db.session.commit()
            flash(_("Vastgelegd dat het werk stopt."), "success")
            return redirect(url_for("twv.case", case_id=case.id))
    return render_template("twv/end_hire.html", form=form, case=case)


@bp.post("/<int:case_id>/verlenging")
@case_workers_required
def renewal(case_id: int) -> Response:
    case = _load_case(case_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        twv.open_renewal(case, by=acting_user())
    except (twv.RenewalNotNeeded, twv.CaseClosed):
        flash(_("Er is nu geen verlenging nodig."), "info")
        return redirect(url_for("twv.case", case_id=case.id))
    db.session.commit()
    flash(_("De verlenging is gestart. Volg de stappen hieronder."), "success")
    return redirect(url_for("twv.case", case_id=case.id))


@bp.post("/<int:case_id>/w-document")
@matchmaker_only
def w_document(case_id: int) -> Response | str:
    case = _load_case(case_id)
    form = WDocumentForm()
    if not form.validate_on_submit():
        return _render_case(case, w_form=form)
    opened = twv.update_w_document(
        case.candidate, form.valid_until.data, by=acting_user()
    )
    db.session.commit()
    flash(
        _("De nieuwe einddatum van het W-document is opgeslagen.")
        + (
            " " + _("De verlenging van de werkvergunning is gestart.")
            if any(c.number > 1 and c.status == CycleStatus.PREPARING for c in opened)
            else ""
        ),
        "success",
    )
    return redirect(url_for("twv.case", case_id=case.id))


@bp.route("/agenda", methods=["GET", "POST"])
@employer_required
def calendar_settings() -> Response | str:
    from portal.services.twv import calendar_feed

    employer = current_user.employer
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        calendar_feed.renew_token(employer, by=acting_user())
        db.session.commit()
        flash(
            _("U hebt een nieuwe agenda-link. De oude link werkt niet meer."), "success"
        )
        return redirect(url_for("twv.calendar_settings"))
    feed_url = url_for("calendar.feed", token=employer.calendar_token, _external=True)
    return render_template(
        "twv/calendar_settings.html",
        form=form,
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1],
    )
