"""Vacancy pages: employers write and manage their own, matchmakers see all of them.

Admins have no vacancy pages (they keep the settings). Creating a vacancy is two steps
so that it works without JavaScript: choose the occupation, then fill in the job with
the occupation's essential skills already ticked.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import SelectChoice

from forms._base import ConfirmForm
from forms.vacancy import (
    CloseForm,
    FilterForm,
    ImportForm,
    OccupationSearchForm,
    VacancyForm,
)
from portal.extensions import db
from portal.i18n import select_locale
from portal.models import Employer, Role, Vacancy
from portal.services import once
from portal.services.accounts import employers as employer_service
from portal.services.vacancies import importer as vacancy_import
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import Problem, VacancyData
from portal.views.access import (
    acting_user,
    employer_required,
    own_or_404,
    role_required,
)

bp = Blueprint("vacancies", __name__, url_prefix="/vacatures")
employer_or_matchmaker = role_required(Role.EMPLOYER, Role.MATCHMAKER)

#: Service field names that have no form field of the same name.
_FORM_FIELD = {"languages": "other_language_code"}


def _load(vacancy_id: int) -> Vacancy:
    return own_or_404(vacancies.vacancy_for_page(vacancy_id))


def _skill_label(uri: str) -> Markup:
    text, lang = taxonomy_search.label(uri, select_locale())
    if lang != select_locale():
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup("{}").format(text)


def _set_skill_choices(form: VacancyForm, occupation: str, extra: list[str]) -> None:
    """Offer the occupation's skills, the ones already chosen and any found by a search."""
    essential = list(
        dict.fromkeys(
            [
                *taxonomy_search.essential_skills(occupation),
                *(form.essential_skills.data or []),
                *extra,
            ]
        )
    )
    chosen_optional = [u for u in form.optional_skills.data or [] if u not in essential]
    optional = [
        u
        for u in dict.fromkeys(
            [*chosen_optional, *taxonomy_search.optional_skills(occupation)]
        )
        if u not in essential
    ]
    form.essential_skills.choices = [
        SelectChoice(u, _skill_label(u)) for u in essential
    ]
    form.optional_skills.choices = [SelectChoice(u, _skill_label(u)) for u in optional]


def _data(form: VacancyForm) -> VacancyData:
    return VacancyData(
        title=form.title.data or "",
        esco_occupation=form.esco_occupation.data or "",
        pc4=(form.pc4.data or "").strip(),
        hours_per_week=form.hours_per_week.data,
        start_date=form.start_date.data,
        contract_months=form.contract_months.data,
        hourly_wage=form.hourly_wage.data,
        description=form.description.data or "",
        essential_skills=tuple(form.essential_skills.data or ()),
        optional_skills=tuple(form.optional_skills.data or ()),
        languages=form.languages(),
        positions=form.positions.data,
    )


def _attach(form: VacancyForm, problems: list[Problem]) -> None:
    """Show the service's problems as field errors (the form checks only the shape)."""
    for problem in problems:
        name = _FORM_FIELD.get(problem.field, problem.field)
        if name in form:
            form[name].errors = [*form[name].errors, problem.message]
        else:
            flash(problem.message, "error")
    form._errors = None  # recompute the summary with the service's errors


def _render_form(
    form: VacancyForm, occupation: str, vacancy: Vacancy | None, found: list[Any]
) -> str:
    return render_template(
        "vacancies/form.html",
        form=form,
        vacancy=vacancy,
        occupation=taxonomy_search.label(occupation, select_locale()),
        occupation_uri=occupation,
        isco=taxonomy_search.isco_label(
            taxonomy_search.isco_group(occupation), select_locale()
        ),
        found=found,
        today=vacancies.local_today(),
    )


def _searching(form: VacancyForm) -> bool:
    """The skill search button with a query; without one, Enter in a field means "save"."""
    return bool(form.search_skill.data and (form.skill_q.data or "").strip())


def _skill_search(form: VacancyForm) -> list[Any]:
    if not _searching(form):
        return []
    return taxonomy_search.search_skills(form.skill_q.data, select_locale(), 10)


def _occupation_step(link: Any, back: str | None = None) -> str:
    search = OccupationSearchForm(request.args)
    results = (
        taxonomy_search.search_occupations(search.q.data, select_locale(), 15)
        if search.q.data and search.validate()
        else []
    )
    return render_template(
        "vacancies/occupation.html",
        form=search,
        results=results,
        link=link,
        back=back,
        searched=bool(search.q.data),
    )


@bp.get("/")
@employer_or_matchmaker
def index() -> str:
    me = acting_user()
    filters_form = FilterForm(request.args)
    regions = vacancies.regions() if me.is_matchmaker else []
    filters_form.region.choices = [
        SelectChoice("", _("Alle gemeenten")),
        *[SelectChoice(r, r) for r in regions],
    ]
    filters = vacancies.Filters()
    if me.is_matchmaker and filters_form.validate():
        filters = vacancies.Filters(
            sector=filters_form.sector.data or None,
            status=filters_form.status.data or None,
            shortage=filters_form.shortage_value,
            region=filters_form.region.data or None,
        )
    rows = vacancies.list_vacancies(me, filters)
    lang = select_locale()
    return render_template(
        "vacancies/index.html",
        rows=rows,
        filters=filters_form,
        occupation_label=lambda uri: taxonomy_search.label(uri, lang),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@employer_required
def new() -> Any:
    occupation = request.args.get("beroep") or request.form.get("esco_occupation", "")
    if not taxonomy_search.occupation_exists(occupation):
        return _occupation_step(lambda uri: url_for("vacancies.new", beroep=uri))
    form = VacancyForm()
    if request.method == "GET":
        form.submission_key.data = secrets.token_urlsafe(24)
        form.esco_occupation.data = occupation
        form.title.data = taxonomy_search.label(occupation, "nl")[0].capitalize()
        form.essential_skills.data = taxonomy_search.essential_skills(occupation)
        form.pc4.data = acting_user().employer.workplace_pc4
    found = _skill_search(form)
    _set_skill_choices(form, occupation, [h.uri for h in found])
    if not _searching(form) and form.validate_on_submit():
        token = request.form.get("once_token")
        try:
            once.claim(token, by=acting_user())
            vacancy = vacancies.create_vacancy(
                acting_user().employer,
                _data(form),
                by=acting_user(),
                submission_key=form.submission_key.data or None,
            )
            once.record_result(token, f"vacancy:{vacancy.id}")
        except once.AlreadyUsed as repeat:
            # A double submit: the first one created the vacancy; show that one.
            db.session.rollback()
            kind, _sep, first_id = (repeat.result or "").partition(":")
            if kind == "vacancy" and first_id.isdigit():
                return redirect(url_for("vacancies.detail", vacancy_id=int(first_id)))
            return redirect(url_for("vacancies.index"))
        except vacancies.VacancyInvalid as exc:
            _attach(form, exc.problems)
        else:
            db.session.commit()
            flash(_("De vacature is opgeslagen als concept."), "success")
            return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    return _render_form(form, occupation, None, found)


@bp.get("/<int:vacancy_id>")
@employer_or_matchmaker
def detail(vacancy_id: int) -> str:
    vacancy = _load(vacancy_id)
    return render_template(
        "vacancies/detail.html",
        view=vacancies.describe(vacancy, select_locale()),
        vacancy=vacancy,
        form=ConfirmForm(),
    )


@bp.get("/<int:vacancy_id>/beroep")
@employer_required
def change_occupation(vacancy_id: int) -> str:
    vacancy = _load(vacancy_id)
    return _occupation_step(
        lambda uri: url_for("vacancies.edit", vacancy_id=vacancy.id, beroep=uri),
        back=url_for("vacancies.edit", vacancy_id=vacancy.id),
    )


def _prefill_edit(form: VacancyForm, vacancy: Vacancy, chosen: str) -> str:
    """Fill the edit form from the vacancy; a newly chosen occupation adds its skills."""
    form.essential_skills.data = vacancy.essential_skills
    form.optional_skills.data = vacancy.optional_skills
    levels = {lang.code: lang.level for lang in vacancy.languages}
    form.language_nl.data = levels.pop("nl", "")
    form.language_en.data = levels.pop("en", "")
    if levels:
        code, level = sorted(levels.items())[0]
        form.other_language_code.data, form.other_language_level.data = code, level
    if (
        not taxonomy_search.occupation_exists(chosen)
        or chosen == vacancy.esco_occupation
    ):
        return vacancy.esco_occupation
    form.esco_occupation.data = chosen
    form.essential_skills.data = list(
        dict.fromkeys(
            [*taxonomy_search.essential_skills(chosen), *vacancy.essential_skills]
        )
    )
    return chosen


@bp.route("/<int:vacancy_id>/bewerken", methods=["GET", "POST"])
@employer_required
def edit(vacancy_id: int) -> Any:
    vacancy = _load(vacancy_id)
    if vacancy.status not in vacancies.EDITABLE:
        flash(
            _("Een vervulde of gesloten vacature kunt u niet meer aanpassen."), "error"
        )
        return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    form = VacancyForm(obj=vacancy)
    occupation = form.esco_occupation.data or vacancy.esco_occupation
    if request.method == "GET":
        occupation = _prefill_edit(form, vacancy, request.args.get("beroep", ""))
    found = _skill_search(form)
    _set_skill_choices(form, occupation, [h.uri for h in found])
    if not _searching(form) and form.validate_on_submit():
        try:
            vacancies.update_vacancy(vacancy, _data(form), by=acting_user())
        except vacancies.VacancyInvalid as exc:
            _attach(form, exc.problems)
        else:
            db.session.commit()
            flash(_("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    return _render_form(form, occupation, vacancy, found)


def _state_change(vacancy_id: int, change: Any, done: str) -> Response:
    vacancy = _load(vacancy_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(vacancy)
    except vacancies.TransitionNotAllowed:
        flash(_("Dat kan niet met een vacature die deze status heeft."), "error")
    except vacancies.VacancyInvalid as exc:
        db.session.rollback()
        for problem in exc.problems:
            flash(problem.message, "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("vacancies.detail", vacancy_id=vacancy_id))


@bp.post("/<int:vacancy_id>/publiceren")
@employer_required
def publish(vacancy_id: int) -> Response:
    return _state_change(
        vacancy_id,
        lambda v: vacancies.publish(v, by=acting_user()),
        _("De vacature is gepubliceerd. Het Werkplein zoekt kandidaten."),
    )


@bp.post("/<int:vacancy_id>/pauzeren")
@employer_required
def pause(vacancy_id: int) -> Response:
    return _state_change(
        vacancy_id,
        lambda v: vacancies.pause(v, by=acting_user()),
        _("De vacature is gepauzeerd."),
    )


@bp.post("/<int:vacancy_id>/vervuld")
@employer_required
def fill(vacancy_id: int) -> Response:
    return _state_change(
        vacancy_id,
        lambda v: vacancies.mark_filled(v, by=acting_user()),
        _("De vacature is vervuld. Gefeliciteerd!"),
    )


@bp.route("/<int:vacancy_id>/sluiten", methods=["GET", "POST"])
@employer_required
def close(vacancy_id: int) -> Any:
    vacancy = _load(vacancy_id)
    if "close" not in vacancies.allowed_actions(vacancy):
        flash(_("Deze vacature is al vervuld of gesloten."), "error")
        return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    form = CloseForm()
    if form.validate_on_submit():
        vacancies.close(
            vacancy,
            reason_code=form.reason_code.data,
            note=form.note.data,
            by=acting_user(),
        )
        db.session.commit()
        flash(_("De vacature is gesloten."), "success")
        return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    return render_template("vacancies/close.html", form=form, vacancy=vacancy)


@bp.get("/export")
@employer_or_matchmaker
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


@bp.route("/import", methods=["GET", "POST"], endpoint="import_")
@employer_or_matchmaker
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
