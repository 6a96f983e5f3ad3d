"""TWV cases: the overview, the guided checklist per hire, renewals, printing.

Recording a hire without a match and ending the work are in ``twv_hires`` (registered on
this blueprint at the bottom); the role checks, loading a case and the wording of the
domain's texts, which other areas use too, are in ``twv_common``.
"""

from __future__ import annotations

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
from forms.twv import StepForm, WDocumentForm
from portal import i18n
from portal.domain.reba import estimate_reba
from portal.domain.twv_rules import CHECKLIST_STEPS, expected_decision
from portal.extensions import db
from portal.models import (
    CycleStatus,
    HireStatus,
    StepState,
    TwvCase,
)
from portal.services import audit
from portal.services.settings.values import get_reba_settings
from portal.services.twv import case_access, reminders
from portal.services.twv import cases as twv
from portal.services.twv import packet as twv_packet
from portal.services.twv import steps as twv_steps
from portal.services.twv.eligibility import eligibility
from portal.views import twv_hires
from portal.views.access import (
    acting_user,
    employer_required,
    matchmaker_required,
)
from portal.views.twv_common import (
    case_workers_required,
    load_case,
    message,
)

bp = Blueprint("twv", __name__, url_prefix="/twv")

STEP_KEYS = {s.key for s in CHECKLIST_STEPS}


#: What the date of each step means (the step form's label).
DATE_LABELS = {
    "w_document_copy": _l("Einddatum van het W-document"),
    "submitted": _l("Datum van de aanvraag bij UWV"),
    "twv_granted": _l("Geldig tot en met"),
    "start_work": _l("Eerste werkdag"),
    "early_end": _l("Datum van de melding aan UWV"),
}


def step_form(step_key: str, *, posted: bool = True) -> StepForm:
    """The form of one step, with its own prefix (unique ids) and its own date label."""
    form = (
        StepForm(prefix=step_key)
        if posted
        else StepForm(prefix=step_key, formdata=None)
    )
    form.on_date.label.text = str(DATE_LABELS.get(step_key, _l("Datum")))
    return form


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
    checks = eligibility(case, today=today)
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
        "state": case_access.state_of(case, checks, today=today),
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
    rows = case_access.case_overviews(acting_user())
    return render_template("twv/index.html", rows=rows, message=message)


@bp.get("/<int:case_id>")
@case_workers_required
def case(case_id: int) -> str:
    return _render_case(load_case(case_id))


@bp.post("/<int:case_id>/stappen/<step_key>")
@case_workers_required
def step(case_id: int, step_key: str) -> Response | str:
    case = load_case(case_id)
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
    case = load_case(case_id)
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


@bp.post("/<int:case_id>/verlenging")
@case_workers_required
def renewal(case_id: int) -> Response:
    case = load_case(case_id)
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
@matchmaker_required
def w_document(case_id: int) -> Response | str:
    case = load_case(case_id)
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


# -- hires (twv_hires) -----------------------------------------------------------------------
bp.add_url_rule(
    "/nieuw",
    endpoint="new_hire",
    view_func=twv_hires.new_hire,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:case_id>/einde",
    endpoint="end_hire",
    view_func=twv_hires.end_hire,
    methods=["GET", "POST"],
)
