"""The glossary: Dutch labels for skills that ESCO gives only in English.

Matchmakers and admins see the skills used in vacancies and profiles that still have no
Dutch label (most used first), add or correct a label, and export or import the whole
glossary as a CSV file.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forms._base import ConfirmForm
from forms.glossary import GlossaryImportForm, SkillLabelForm
from portal.extensions import db
from portal.services.glossary import files, labels
from portal.views.access import acting_user, found_or_404, staff_required

bp = Blueprint("glossary", __name__, url_prefix="/woordenlijst")

#: Why an import row was refused, per problem code of the glossary service.
IMPORT_PROBLEMS = {
    "unknown skill": _l("onbekende ESCO-vaardigheid (conceptUri)"),
    "label length": _l("de Nederlandse naam is leeg of langer dan 200 tekens"),
    "alternative length": _l("een ander woord is langer dan 200 tekens"),
    "duplicate": _l("deze vaardigheid staat al op een eerdere regel"),
}


@bp.record_once
def _start_from_the_database(state) -> None:  # type: ignore[no-untyped-def]
    """A new app (each test, each worker) applies the glossary of its own database."""
    labels.forget()


@bp.before_app_request
def _refresh_glossary() -> None:
    if request.endpoint == "static":
        return
    labels.refresh(current_app.config["GLOSSARY_REFRESH_SECONDS"])


@bp.get("/")
@staff_required
def index() -> str:
    show_all = request.args.get("alle") == "1"
    return render_template(
        "glossary/index.html",
        skills=labels.used_skills(missing_only=not show_all),
        entries=labels.entries(),
        show_all=show_all,
    )


@bp.route("/vaardigheid", methods=["GET", "POST"])
@staff_required
def edit() -> Response | str:
    uri = request.values.get("uri", "")
    shipped = found_or_404(labels.shipped(uri))
    entry = labels.entry_for(uri)
    form = SkillLabelForm()
    if request.method == "GET":
        form.label_nl.data = entry.label_nl if entry else shipped.label_nl or ""
        form.alternatives.data = "\n".join(entry.alternatives) if entry else ""
        form.note.data = entry.note if entry else ""
    if form.validate_on_submit():
        try:
            labels.save_label(
                uri,
                form.label_nl.data,
                alternatives=(form.alternatives.data or "").splitlines(),
                note=form.note.data or "",
                by=acting_user(),
            )
        except labels.InvalidLabel:
            form.label_nl.errors.append(_("Deze naam kan niet worden opgeslagen."))
        else:
            db.session.commit()
            flash(_("De Nederlandse naam is opgeslagen."), "success")
            return redirect(url_for("glossary.index"))
    return render_template(
        "glossary/edit.html",
        form=form,
        uri=uri,
        shipped=shipped,
        entry=entry,
        delete_form=ConfirmForm(),
    )


@bp.post("/<int:entry_id>/verwijderen")
@staff_required
def delete(entry_id: int) -> Response:
    entry = found_or_404(labels.get_entry(entry_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    labels.delete_label(entry, by=acting_user())
    db.session.commit()
    flash(_("De naam uit de woordenlijst is verwijderd."), "success")
    return redirect(url_for("glossary.index"))


@bp.get("/woordenlijst.csv")
@staff_required
def export() -> Response:
    return Response(
        files.export_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=woordenlijst.csv"},
    )


@bp.route("/importeren", methods=["GET", "POST"])
@staff_required
def import_file() -> str:
    form = GlossaryImportForm()
    result = None
    if form.validate_on_submit():
        try:
            result = files.import_csv(
                form.file.data.read(), by=acting_user(), dry_run=form.dry_run.data
            )
        except files.InvalidFile:
            form.file.errors.append(
                _(
                    "Dit is geen woordenlijst: gebruik een CSV-bestand (UTF-8) met de kolommen conceptUri en preferredLabel."
                )
            )
        else:
            if result.written:
                db.session.commit()
            else:
                db.session.rollback()
    return render_template(
        "glossary/import.html", form=form, result=result, problems=IMPORT_PROBLEMS
    )
