"""Vacancy pages: employers write and manage their own, matchmakers see all of them.

Admins have no vacancy pages (they keep the settings). Creating a vacancy is two steps
so that it works without JavaScript: choose the occupation, then fill in the job with
the occupation's essential skills already ticked. The form's choices, searches and
errors are in ``vacancy_form``; export and import are in ``vacancy_files``, registered
on this blueprint at the bottom.
"""

from __future__ import annotations

import secrets
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
from wtforms import SelectChoice

from forms._base import ConfirmForm
from forms.vacancy import CloseForm, FilterForm, VacancyForm
from portal.extensions import db
from portal.i18n import select_locale
from portal.models import Vacancy
from portal.services import once
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.views import vacancy_files, vacancy_form
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
    employer_required,
    own_or_404,
)

bp = Blueprint("vacancies", __name__, url_prefix="/vacatures")


def _load(vacancy_id: int) -> Vacancy:
    return own_or_404(vacancies.vacancy_for_page(vacancy_id))


@bp.get("/")
@employer_or_matchmaker_required
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
        return vacancy_form.occupation_step(
            lambda uri: url_for("vacancies.new", beroep=uri)
        )
    form = VacancyForm()
    if request.method == "GET":
        form.submission_key.data = secrets.token_urlsafe(24)
        form.esco_occupation.data = occupation
        form.title.data = taxonomy_search.label(occupation, "nl")[0].capitalize()
        form.essential_skills.data = taxonomy_search.essential_skills(occupation)
        form.pc4.data = acting_user().employer.workplace_pc4
    found = vacancy_form.skill_search(form)
    vacancy_form.set_skill_choices(form, occupation, [h.uri for h in found])
    if not vacancy_form.searching(form) and form.validate_on_submit():
        token = request.form.get("once_token")
        try:
            once.claim(token, by=acting_user())
            vacancy = vacancies.create_vacancy(
                acting_user().employer,
                vacancy_form.form_data(form),
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
            vacancy_form.show_problems(form, exc.problems)
        else:
            db.session.commit()
            flash(_("De vacature is opgeslagen als concept."), "success")
            return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    return vacancy_form.render(form, occupation, None, found)


@bp.get("/<int:vacancy_id>")
@employer_or_matchmaker_required
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
    return vacancy_form.occupation_step(
        lambda uri: url_for("vacancies.edit", vacancy_id=vacancy.id, beroep=uri),
        back=url_for("vacancies.edit", vacancy_id=vacancy.id),
    )


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
        occupation = vacancy_form.prefill_edit(
            form, vacancy, request.args.get("beroep", "")
        )
    found = vacancy_form.skill_search(form)
    vacancy_form.set_skill_choices(form, occupation, [h.uri for h in found])
    if not vacancy_form.searching(form) and form.validate_on_submit():
        try:
            vacancies.update_vacancy(
                vacancy, vacancy_form.form_data(form), by=acting_user()
            )
        except vacancies.VacancyInvalid as exc:
            vacancy_form.show_problems(form, exc.problems)
        else:
            db.session.commit()
            flash(_("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
    return vacancy_form.render(form, occupation, vacancy, found)


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


# -- export and import (vacancy_files) --------------------------------------------------------
bp.add_url_rule(
    "/export",
    endpoint="export",
    view_func=vacancy_files.export,
    methods=["GET"],
)
bp.add_url_rule(
    "/import",
    endpoint="import_",
    view_func=vacancy_files.import_,
    methods=["GET", "POST"],
)
