"""Views for a profile's support record and relocations, and for bulk import and export.

Registered on the ``candidates`` blueprint (see ``portal.views.candidates``); matchmakers
only, like the rest of it.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forms._base import ConfirmForm
from forms.candidate import ImportForm, RelocationForm, SupportForm
from portal.extensions import db
from portal.models import SupportType
from portal.services.accounts import employers as employer_service
from portal.services.candidates import export as candidate_export
from portal.services.candidates import for_matching
from portal.services.candidates import importer as candidate_import
from portal.services.candidates import profiles as candidates
from portal.services.candidates import relocations as relocation_service
from portal.services.candidates import support as support_service
from portal.views.access import acting_user, found_or_404, matchmaker_required
from portal.views.candidate_common import (
    choices,
    profile_or_404,
    service_errors,
)


@matchmaker_required
def support(profile_id: int) -> str | Response:
    profile = profile_or_404(profile_id)
    form = SupportForm()
    form.type.choices = choices(support_service.SUPPORT_LABELS.items())
    form.volunteer_status.choices = choices(support_service.DECLARATION_LABELS.items())
    employers = employer_service.all_employers(verified_only=True)
    form.employer_id.choices = choices(
        [("", _("Geen werkgever")), *((e.id, e.name) for e in employers)]
    )
    if request.method == "GET":
        form.done_on.data = candidates.local_today()
    if form.validate_on_submit():
        employer = (
            employer_service.get_employer(form.employer_id.data)
            if form.employer_id.data
            else None
        )
        kind = SupportType(form.type.data)
        volunteer = None
        if kind == SupportType.VOLUNTEER_DECLARATION:
            answer = form.volunteer_for_profit.data
            volunteer = support_service.VolunteerData(
                organisation=form.volunteer_organisation.data or "",
                status=form.volunteer_status.data or "",
                for_profit=None if not answer else answer == "yes",
                uwv_receipt_on=form.volunteer_receipt_on.data,
            )
        try:
            activity = support_service.record_support(
                profile,
                done_on=form.done_on.data,
                type=kind,
                note=form.note.data or "",
                employer=employer,
                volunteer=volunteer,
                by=acting_user(),
            )
        except candidates.CandidateError as exc:
            service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("De ondersteuning is vastgelegd."), "success")
            for code in support_service.volunteer_check(activity):
                flash(_(support_service.problem_message(code)), "warning")
            return redirect(url_for("candidates.support", profile_id=profile.id))
    return render_template(
        "candidates/support.html",
        form=form,
        profile=profile,
        labels=support_service.SUPPORT_LABELS,
        employers={e.id: e.name for e in employers},
        declaration_labels=support_service.DECLARATION_LABELS,
        volunteer_check=support_service.volunteer_check,
        problem_message=support_service.problem_message,
        confirm=ConfirmForm(),
    )


@matchmaker_required
def support_remove(profile_id: int, activity_id: int) -> Response:
    profile = profile_or_404(profile_id)
    activity = found_or_404(support_service.get_activity(profile, activity_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    support_service.remove_support(activity, by=acting_user())
    db.session.commit()
    flash(_("De ondersteuning is verwijderd."), "success")
    return redirect(url_for("candidates.support", profile_id=profile.id))


@matchmaker_required
def relocations(profile_id: int) -> str | Response:
    profile = profile_or_404(profile_id)
    form = RelocationForm()
    if form.validate_on_submit():
        try:
            move = relocation_service.record_relocation(
                profile,
                moved_on=form.moved_on.data,
                reception_centre=form.reception_centre.data,
                pc4=form.pc4.data,
                by=acting_user(),
            )
        except candidates.CandidateError as exc:
            service_errors(form, exc)
        else:
            db.session.commit()
            flash(_("De verhuizing is vastgelegd."), "success")
            if relocation_service.items_at_risk(profile):
                flash(
                    _(
                        "Let op: na de verhuizing is minstens één werkplek te ver weg. De werkgever ziet een waarschuwing, maar niet waar de persoon nu woont."
                    ),
                    "warning",
                )
            return redirect(
                url_for(
                    "candidates.relocations",
                    profile_id=profile.id,
                    _anchor=f"verhuizing-{move.id}",
                )
            )
    today = candidates.local_today()
    return render_template(
        "candidates/relocations.html",
        form=form,
        profile=profile,
        today=today,
        current=for_matching.current_location(profile, today),
    )


@matchmaker_required
def import_profiles() -> str | Response:
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        fmt = (
            form.format.data
            if form.format.data in {"jsonl", "csv"}
            else (
                "csv" if (upload.filename or "").lower().endswith(".csv") else "jsonl"
            )
        )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = [_("Het bestand is geen UTF-8-tekst.")]
        else:
            result = candidate_import.import_profiles(
                text, fmt=fmt, by=acting_user(), dry_run=form.dry_run.data
            )
            if result.written:
                db.session.commit()
                flash(
                    _(
                        "%(new)s nieuwe en %(updated)s bijgewerkte profielen opgeslagen.",
                        new=len(result.created),
                        updated=len(result.updated),
                    ),
                    "success",
                )
            else:
                db.session.rollback()
    return render_template("candidates/import.html", form=form, result=result)


@matchmaker_required
def export(fmt: str) -> Response:
    if fmt not in {"jsonl", "csv"}:
        abort(404)
    body = candidate_export.export_profiles(fmt, by=acting_user())  # type: ignore[arg-type]
    db.session.commit()
    today = candidates.local_today().isoformat()
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="kandidaten-{today}.{fmt}"'
        },
    )
