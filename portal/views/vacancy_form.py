"""The vacancy form: its skill choices, the skill and occupation searches, filling it from
a vacancy, turning it into VacancyData, and showing the service's problems on it.

Used by ``vacancies.new`` and ``vacancies.edit``. Creating a vacancy is two steps so that
it works without JavaScript: choose the occupation (``occupation_step``), then fill in the
job with the occupation's essential skills already ticked.
"""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, request
from markupsafe import Markup
from wtforms import SelectChoice

from forms.vacancy import OccupationSearchForm, VacancyForm
from portal.i18n import select_locale
from portal.models import Vacancy
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import Problem, VacancyData

#: Service field names that have no form field of the same name.
_FORM_FIELD = {"languages": "other_language_code"}


def _skill_label(uri: str) -> Markup:
    text, lang = taxonomy_search.label(uri, select_locale())
    if lang != select_locale():
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup("{}").format(text)


def set_skill_choices(form: VacancyForm, occupation: str, extra: list[str]) -> None:
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


def form_data(form: VacancyForm) -> VacancyData:
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


def show_problems(form: VacancyForm, problems: list[Problem]) -> None:
    """Show the service's problems as field errors (the form checks only the shape)."""
    for problem in problems:
        name = _FORM_FIELD.get(problem.field, problem.field)
        if name in form:
            form[name].errors = [*form[name].errors, problem.message]
        else:
            flash(problem.message, "error")
    form._errors = None  # recompute the summary with the service's errors


def render(
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


def searching(form: VacancyForm) -> bool:
    """The skill search button with a query; without one, Enter in a field means "save"."""
    return bool(form.search_skill.data and (form.skill_q.data or "").strip())


def skill_search(form: VacancyForm) -> list[Any]:
    if not searching(form):
        return []
    return taxonomy_search.search_skills(form.skill_q.data, select_locale(), 10)


def occupation_step(link: Any, back: str | None = None) -> str:
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


def prefill_edit(form: VacancyForm, vacancy: Vacancy, chosen: str) -> str:
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
