"""ESCO search: JSON for the pickers, and plain pages that work without JavaScript."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from forms.vacancy import OccupationSearchForm, SkillSearchForm
from portal.i18n import select_locale
from portal.services.vacancies import taxonomy_search
from portal.views.access import any_role_required

bp = Blueprint("taxonomy", __name__, url_prefix="/taxonomie")


def _query() -> tuple[str, int]:
    query = (request.args.get("q") or "").strip()[: taxonomy_search.MAX_QUERY]
    limit = request.args.get("limit", default=10, type=int) or 10
    return query, limit


@bp.get("/beroepen.json")
@any_role_required
def occupations_json() -> Response:
    query, limit = _query()
    hits = (
        taxonomy_search.search_occupations(query, select_locale(), limit)
        if query
        else []
    )
    return jsonify(query=query, results=[h.to_json() for h in hits])


@bp.get("/vaardigheden.json")
@any_role_required
def skills_json() -> Response:
    query, limit = _query()
    hits = taxonomy_search.search_skills(query, select_locale(), limit) if query else []
    return jsonify(query=query, results=[h.to_json() for h in hits])


@bp.get("/beroepen")
@any_role_required
def occupations() -> str:
    form = OccupationSearchForm(request.args)
    query, _limit = _query()
    hits = (
        taxonomy_search.search_occupations(query, select_locale(), 25) if query else []
    )
    return render_template(
        "taxonomy/occupations.html", form=form, hits=hits, query=query
    )


@bp.get("/vaardigheden")
@any_role_required
def skills() -> str:
    form = SkillSearchForm(request.args)
    query, _limit = _query()
    hits = taxonomy_search.search_skills(query, select_locale(), 25) if query else []
    return render_template("taxonomy/skills.html", form=form, hits=hits, query=query)
