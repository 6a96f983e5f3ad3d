"""Matches: proposals with their reasons, the matchmaker's review, and the employer's side.

Matchmakers see proposed candidates per vacancy and proposed vacancies per candidate,
look up any pair (including the hard rules that block it), approve or reject with a
coded reason, and record introductions. A verified employer sees the anonymous profiles
approved for its vacancies, invites or declines them; every profile view is logged and
rate-limited. The proposal rows and panels are built in ``match_suggestions``, the
decisions are in ``match_review`` and the employer's side in ``match_employer``; their
routes are registered on this blueprint at the bottom of the route list.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from forms._base import ConfirmForm
from forms.matches import PairLookupForm
from portal.models import MatchStatus
from portal.services.candidates import profiles as candidates
from portal.services.candidates.search import profile_for_page
from portal.services.matches import oversight, reranker
from portal.services.matches import ranking as matching_service
from portal.services.matches import review as matches
from portal.services.vacancies import posting as vacancies
from portal.views import match_employer, match_review
from portal.views.access import found_or_404, matchmaker_required, staff_required
from portal.views.match_reasons import reason_texts
from portal.views.match_suggestions import (
    TOP_FULL,
    candidate_suggestions,
    criteria,
    suggestion_helpers,
    vacancy_suggestions,
)

bp = Blueprint("matches", __name__, url_prefix="/matches")

#: Other areas' pages include the proposals panels through this (matchmakers only).
bp.app_context_processor(suggestion_helpers)


# -- matchmaker: lists and proposals ---------------------------------------------------------
@bp.get("/")
@matchmaker_required
def index() -> str:
    return render_template(
        "matches/index.html",
        queue=matches.review_queue(),
        statuses=MatchStatus,
        form=ConfirmForm(),
        rates=oversight.approval_rates(),
        suggestions_on=oversight.suggestions_on(),
    )


@bp.get("/vacature/<int:vacancy_id>")
@matchmaker_required
def for_vacancy(vacancy_id: int) -> str:
    vacancy = found_or_404(vacancies.vacancy_for_page(vacancy_id))
    data = vacancy_suggestions(vacancy, TOP_FULL)
    return render_template("matches/for_vacancy.html", data=data, **data)


@bp.get("/kandidaat/<int:candidate_id>")
@matchmaker_required
def for_candidate(candidate_id: int) -> str:
    profile = found_or_404(candidates.get_profile(candidate_id))
    return render_template(
        "matches/for_candidate.html", **candidate_suggestions(profile, TOP_FULL)
    )


@bp.get("/uitleg")
@matchmaker_required
def explain() -> str:
    form = PairLookupForm(request.args)
    vacancy = profile = explanation = None
    # A link may fill in one half of the pair; check the form only once both were sent.
    searched = "candidate" in request.args and "vacancy" in request.args
    if searched and form.validate():
        profile = profile_for_page(ref=form.candidate.data.upper())
        vacancy = vacancies.vacancy_for_page(ref=form.vacancy.data.upper())
        if profile is None:
            form.candidate.errors.append(_("Geen kandidaat met deze referentie."))
        if vacancy is None:
            form.vacancy.errors.append(_("Geen vacature met deze referentie."))
        if profile is not None and vacancy is not None:
            explanation = matching_service.explain(profile, vacancy)
    return render_template(
        "matches/explain.html",
        form=form,
        profile=profile,
        vacancy=vacancy,
        explanation=explanation,
        blocked=reason_texts(explanation.blocked) if explanation else [],
        parts=reason_texts(explanation.reasons) if explanation else [],
        match=matches.find_match(vacancy, profile) if vacancy and profile else None,
        searched=searched,
        review=criteria(explanation),
    )


@bp.get("/herordening")
@staff_required
def reranker_status() -> str:
    return render_template("matches/reranker.html", report=reranker.current_report())


# -- matchmaker: decisions (match_review) ---------------------------------------------------
bp.add_url_rule(
    "/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/bewaren",
    endpoint="save",
    view_func=match_review.save,
    methods=["POST"],
)
bp.add_url_rule(
    "/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/goedkeuren",
    endpoint="approve",
    view_func=match_review.approve,
    methods=["POST"],
)
bp.add_url_rule(
    "/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/afwijzen",
    endpoint="reject",
    view_func=match_review.reject,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:match_id>",
    endpoint="detail",
    view_func=match_review.detail,
    methods=["GET"],
)
bp.add_url_rule(
    "/<int:match_id>/voorgesteld",
    endpoint="introduce",
    view_func=match_review.introduce,
    methods=["POST"],
)
# -- employer (match_employer) ---------------------------------------------------------------
bp.add_url_rule(
    "/werkgever",
    endpoint="employer_index",
    view_func=match_employer.employer_index,
    methods=["GET"],
)
bp.add_url_rule(
    "/werkgever/<int:match_id>",
    endpoint="employer_candidate",
    view_func=match_employer.employer_candidate,
    methods=["GET"],
)
bp.add_url_rule(
    "/<int:match_id>/uitnodigen",
    endpoint="invite",
    view_func=match_employer.invite,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:match_id>/afzeggen",
    endpoint="decline",
    view_func=match_employer.decline,
    methods=["GET", "POST"],
)
