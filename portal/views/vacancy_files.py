"""Vacancies to and from a JSON Lines file: export the list, import a file.

Registered on the ``vacancies`` blueprint (see ``portal.views.vacancies``) as
``vacancies.export`` and ``vacancies.import_``. An employer exports and imports its own
vacancies; a matchmaker any employer's (import: for the employer chosen on the form).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from forms.vacancy import ImportForm
from portal.extensions import db
from portal.models import Employer
from portal.services.accounts import employers as employer_service
from portal.services.vacancies import importer as vacancy_import
from portal.services.vacancies import posting as vacancies
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
)


@employer_or_matchmaker_required
def export() -> Response:
    me = acting_user()
    rows = [row.vacancy for row in vacancies.list_vacancies(me)]
    employer_id = request.args.get("werkgever", type=int)
    if me.is_matchmaker and employer_id:
        rows = [v for v in rows if v.employer_id == employer_id]
    body = vacancy_import.export_jsonl(rows)
    name = f"vacatures-{date.today().isoformat()}.jsonl"  # noqa: DTZ011 - a file name only
    return Response(
        body,
        mimetype=vacancy_import.MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _import_employers(me: Any) -> list[Employer]:
    if me.is_employer:
        return [me.employer]
    return employer_service.all_employers()


def _read_import(form: ImportForm, me: Any) -> tuple[Employer | None, str | None]:
    """The employer to import for and the file's text, or errors on the form."""
    if not form.validate_on_submit():
        return None, None
    employer = (
        me.employer
        if me.is_employer
        else employer_service.get_employer(form.employer_id.data or 0)
    )
    if employer is None:
        form.employer_id.errors = [_("Kies een werkgever.")]
        return None, None
    try:
        return employer, form.file.data.read().decode("utf-8")
    except UnicodeDecodeError:
        form.file.errors = [_("Het bestand is geen UTF-8-tekst.")]
        return None, None


@employer_or_matchmaker_required
def import_() -> Any:
    me = acting_user()
    form = ImportForm()
    employers = _import_employers(me)
    form.employer_id.choices = [SelectChoice(str(e.id), e.name) for e in employers]
    problems: list[vacancy_import.LineProblem] = []
    employer, text = _read_import(form, me)
    if employer is not None and text is not None:
        try:
            result = vacancy_import.import_vacancies(text, employer=employer, by=me)
        except vacancy_import.ImportFailed as exc:
            db.session.rollback()
            problems = exc.problems
        else:
            db.session.commit()
            flash(
                _(
                    "Import gelukt: %(created)s nieuwe en %(updated)s bijgewerkte vacatures.",
                    created=len(result.created),
                    updated=len(result.updated),
                ),
                "success",
            )
            return redirect(url_for("vacancies.index"))
    return render_template(
        "vacancies/import.html", form=form, problems=problems, staff=me.is_matchmaker
    )
