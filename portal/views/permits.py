"""The permit's life on a person: IND/COA events, the tasks they create, and the
employment statement for a planned transfer. Matchmakers record; employers see and
close their own tasks."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.permits import (
    AgencyForm,
    EventForm,
    ProcedureFactsForm,
    RetentionForm,
    VoidEventForm,
)
from portal.domain.procedure_events import TASK_TITLES
from portal.extensions import db
from portal.models.base import local_today
from portal.services import reasons
from portal.services.candidates import profiles as candidates
from portal.services.permits import (
    event_corrections,
    events,
    procedure,
    retention,
    tasks,
)
from portal.services.twv import case_access
from portal.services.twv import eligibility as twv_eligibility
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
    found_or_404,
    matchmaker_required,
    own_or_404,
)
from portal.views.candidate_common import choices

bp = Blueprint("permits", __name__, url_prefix="/permits")


def event_choices(kinds: Any = None) -> list[Any]:
    labels = events.EVENT_LABELS
    return choices((k.value, labels[k]) for k in (kinds or labels))


def void_form(event_id: int, formdata: Any = None) -> VoidEventForm:
    kwargs = {} if formdata is None else {"formdata": formdata}
    form = VoidEventForm(prefix=f"void{event_id}", **kwargs)
    form.reason_code.choices = choices(
        [("", _("Kies een reden")), *reasons.reasons_for("event_error").items()]
    )
    return form


def _errors(form: Any, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        target = getattr(form, name, None)
        if target is None:
            target = next(iter(form))
        target.errors = [*target.errors, message]


@bp.route("/kandidaat/<int:profile_id>", methods=["GET", "POST"])
@matchmaker_required
def person(profile_id: int) -> Any:
    profile = found_or_404(candidates.get_profile(profile_id))
    form = EventForm()
    form.kind.choices = event_choices()
    if form.validate_on_submit():
        try:
            outcome = events.record_event(
                profile,
                kind=form.kind.data,
                occurred_on=form.occurred_on.data,
                municipality=form.municipality.data or "",
                to_reception_centre=form.to_reception_centre.data or "",
                to_pc4=form.to_pc4.data or "",
                by=acting_user(),
            )
        except events.EventInvalid as exc:
            _errors(form, exc.errors)
        else:
            db.session.commit()
            flash(
                _(
                    "Vastgelegd. %(tasks)s nieuwe taken, %(withdrawn)s matches beëindigd, "
                    "%(notified)s meldingen verstuurd.",
                    tasks=len(outcome.tasks),
                    withdrawn=len(outcome.withdrawn),
                    notified=len(outcome.notified),
                ),
                "success",
            )
            return redirect(url_for("permits.person", profile_id=profile.id))
    facts = ProcedureFactsForm(formdata=None)
    facts.registration_date.data = profile.asylum_registration_date
    facts.accelerated.data = profile.accelerated_procedure
    history = events.events_for(profile)
    return render_template(
        "permits/person.html",
        profile=profile,
        form=form,
        facts=facts,
        history=history,
        void_forms={e.id: void_form(e.id, formdata=None) for e in history},
        reason_label=reasons.label,
        labels=events.EVENT_LABELS,
        tasks=tasks.tasks_for_profile(profile.id),
        titles=TASK_TITLES,
        retentions=retention.retentions_for_profile(profile.id),
    )


@bp.post("/gebeurtenis/<int:event_id>/vergissing")
@matchmaker_required
def void_event(event_id: int) -> Response:
    """Mark an event as recorded in error: its facts and tasks are undone."""
    event = found_or_404(events.get_event(event_id))
    form = void_form(event.id)
    if not form.validate_on_submit():
        flash(_("Kies waarom de gebeurtenis een vergissing is."), "error")
        return redirect(url_for("permits.person", profile_id=event.profile_id))
    try:
        outcome = event_corrections.void_event(
            event, reason_code=form.reason_code.data, by=acting_user()
        )
    except events.EventInvalid as exc:
        flash(next(iter(exc.errors.values())), "error")
    else:
        db.session.commit()
        flash(
            _(
                "De gebeurtenis is als vergissing gemarkeerd. %(tasks)s taken vervallen; "
                "de werkvergunning is opnieuw gecontroleerd.",
                tasks=len(outcome.cancelled_tasks),
            ),
            "success",
        )
    return redirect(url_for("permits.person", profile_id=event.profile_id))


@bp.get("/taken")
@employer_or_matchmaker_required
def task_list() -> str:
    return render_template(
        "permits/tasks.html",
        tasks=tasks.tasks_for_user(acting_user()),
        titles=TASK_TITLES,
        form=ConfirmForm(),
    )


@bp.post("/taken/<int:task_id>/klaar")
@employer_or_matchmaker_required
def task_done(task_id: int) -> Response:
    task = found_or_404(tasks.get_task_for(acting_user(), task_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    tasks.complete_task(task, by=acting_user())
    db.session.commit()
    flash(_("De taak is afgerond."), "success")
    return redirect(url_for("permits.task_list"))


@bp.route("/verklaring/<int:retention_id>", methods=["GET", "POST"])
@matchmaker_required
def statement(retention_id: int) -> Any:
    item = found_or_404(retention.get_retention(retention_id))
    form = RetentionForm()
    form.reason_code.choices = choices(
        [("", _("Kies een reden")), *reasons.reasons_for("hire_ended").items()]
    )
    if form.validate_on_submit():
        me = acting_user()
        on = form.on.data or local_today()
        try:
            if form.action.data == "consent":
                retention.record_consent(item, on=on, by=me)
            elif form.action.data == "make":
                retention.make_statement(item, by=me)
            elif form.action.data == "sent":
                retention.mark_sent(item, on=on, by=me)
            elif form.action.data == "outcome" and form.outcome.data:
                retention.record_outcome(
                    item,
                    outcome=form.outcome.data,
                    on=on,
                    reason_code=form.reason_code.data or None,
                    by=me,
                )
            else:
                abort(400)
        except events.EventInvalid as exc:
            _errors(form, exc.errors)
        except retention.RetentionNotAllowed:
            form.action.errors = [
                _("Dit kan pas als de kandidaat toestemming heeft gegeven.")
            ]
        else:
            db.session.commit()
            flash(_("Opgeslagen."), "success")
            return redirect(url_for("permits.statement", retention_id=item.id))
    return render_template(
        "permits/statement.html",
        item=item,
        form=form,
        preview=retention.statement_of(item),
        today=local_today(),
    )


@bp.post("/kandidaat/<int:profile_id>/procedure")
@matchmaker_required
def procedure_facts(profile_id: int) -> Response:
    profile = found_or_404(candidates.get_profile(profile_id))
    form = ProcedureFactsForm()
    if not form.validate_on_submit():
        flash(_("Vul een geldige datum in."), "error")
    else:
        try:
            procedure.set_procedure_facts(
                profile,
                registration_date=form.registration_date.data,
                accelerated=form.accelerated.data,
                by=acting_user(),
            )
        except events.EventInvalid as exc:
            flash(next(iter(exc.errors.values())), "error")
        else:
            db.session.commit()
            flash(_("Opgeslagen."), "success")
    return redirect(url_for("permits.person", profile_id=profile.id))


@bp.route("/werkvergunning/<int:case_id>/uitzendbureau", methods=["GET", "POST"])
@employer_or_matchmaker_required
def agency(case_id: int) -> Any:
    case = own_or_404(case_access.get_case(case_id))
    form = AgencyForm()
    if form.validate_on_submit():
        try:
            procedure.record_agency(
                case,
                via_agency=form.via_agency.data,
                admission_number=form.admission_number.data or "",
                by=acting_user(),
            )
        except events.EventInvalid as exc:
            _errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("Opgeslagen."), "success")
            return redirect(url_for("permits.agency", case_id=case.id))
    elif not form.is_submitted():
        form.via_agency.data = case.via_agency
        form.admission_number.data = case.wtta_admission_number or ""
    checks = [
        c
        for c in twv_eligibility.eligibility(case)
        if c.code == "WTTA_ADMISSION_MISSING"
    ]
    return render_template("permits/agency.html", case=case, form=form, checks=checks)
