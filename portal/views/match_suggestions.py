"""The proposals as the matchmaker sees them: rows with their sentences, and the panels.

The full proposal pages (``matches.for_vacancy``, ``matches.for_candidate``) and the
panels on the vacancy and candidate pages build the same rows here. Every list shown is
logged as decision records (oversight), so a later approve or reject knows its rank.
``suggestion_helpers`` is registered as a context processor on the ``matches``
blueprint (see ``portal.views.matches``), so other areas' templates can include a panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import after_this_request
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.i18n import one_language
from portal.models import CandidateProfile, Vacancy
from portal.services import reasons
from portal.services.matches import decision_log, oversight, reranker
from portal.services.matches import ranking as matching_service
from portal.services.matches import review as matches
from portal.services.matches.ranking import Suggestion, Suggestions
from portal.services.vacancies import posting as vacancies
from portal.views.access import acting_user
from portal.views.match_reasons import PART_NAMES, ReasonText, reason_texts

#: How many proposals the full page and the vacancy-page panel show.
TOP_FULL = 20
TOP_PANEL = 5


@dataclass(frozen=True)
class SuggestionRow:
    """A proposal ready for the template: the pair, its sentences, the vacancy."""

    suggestion: Suggestion
    reasons: list[ReasonText]
    #: The proposed vacancy (lists of vacancies for one person; None otherwise).
    vacancy: Vacancy | None
    #: Criteria the pair meets and misses (names of score parts), for the review.
    matched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    #: Position on the list (1 = first), as logged for the decision that follows.
    rank: int = 0


def _rows(suggestions: list[Suggestion], *, by_vacancy: bool) -> list[SuggestionRow]:
    objs: dict[int, Vacancy] = (
        {}
        if by_vacancy
        else vacancies.vacancies_by_id([s.vacancy_id for s in suggestions])
    )
    weights = matching_service.current_weights()
    rows = []
    with one_language():  # hundreds of sentences: look the language up once
        names = {code: str(name) for code, name in PART_NAMES.items()}
        for rank, s in enumerate(suggestions, start=1):
            matched, missing = oversight.criteria(s.reasons, weights)
            rows.append(
                SuggestionRow(
                    s,
                    reason_texts(s.reasons),
                    None if by_vacancy else objs.get(s.vacancy_id),
                    tuple(names[c] for c in matched),
                    tuple(names[c] for c in missing),
                    rank,
                )
            )
    return rows


def criteria(explanation: Any) -> dict[str, tuple[str, ...]]:
    """Matched and missing criteria of a looked-up pair (names of score parts)."""
    if explanation is None:
        return {"matched": (), "missing": ()}
    matched, missing = oversight.criteria(
        explanation.reasons, matching_service.current_weights()
    )
    return {
        "matched": tuple(str(PART_NAMES[c]) for c in matched),
        "missing": tuple(str(PART_NAMES[c]) for c in missing),
    }


def _log_shown(rows: list[SuggestionRow], model: str) -> None:
    """Keep every proposal the matchmaker sees as a decision record (oversight).

    Every list is logged, the panels on the vacancy and candidate pages too: their
    Approve and Reject buttons lead to decisions that must know their rank. One
    statement (``INSERT … SELECT``), so the pages stay within their query budget.
    """
    items = [r.suggestion for r in rows]
    if not items:
        return
    decision_log.record_shown(items, model=model, by=acting_user())

    @after_this_request
    def _commit(response: Response) -> Response:
        # After rendering: committing earlier would expire every row the page still reads.
        db.session.commit()
        return response


def _panel(
    base: dict[str, Any], ranked: Callable[[], Suggestions], *, by_vacancy: bool
) -> dict[str, Any]:
    """A proposals panel: ranked and logged as shown, or empty while switched off."""
    if not oversight.suggestions_on():
        return {
            **base,
            "rows": [],
            "available": True,
            "pool_size": 0,
            "model": "manual",
            "suggestions_off": True,
        }
    result = ranked()
    rows = _rows(result.items, by_vacancy=by_vacancy)
    _log_shown(rows, result.model)
    return {
        **base,
        "rows": rows,
        "available": result.available,
        "pool_size": result.pool_size,
        "model": result.model,
        "suggestions_off": False,
    }


def vacancy_suggestions(vacancy: Vacancy, top: int = TOP_PANEL) -> dict[str, Any]:
    """Everything the proposals panel needs for one vacancy (also used by the include)."""
    decided = matches.decided_ids(vacancy=vacancy)
    base = {
        "vacancy": vacancy,
        "decided": sorted(decided.values(), key=lambda m: m.updated_at, reverse=True),
        "can_approve": vacancy.employer.is_verified and vacancy.status == "published",
    }
    return _panel(
        base,
        lambda: reranker.rank_candidates(vacancy, top=top, exclude=decided),
        by_vacancy=True,
    )


def candidate_suggestions(
    profile: CandidateProfile, top: int = TOP_PANEL
) -> dict[str, Any]:
    """Everything the proposals panel needs for one candidate profile."""
    decided = matches.decided_ids(profile=profile)
    base = {
        "profile": profile,
        "decided": sorted(decided.values(), key=lambda m: m.updated_at, reverse=True),
    }
    return _panel(
        base,
        lambda: reranker.rank_vacancies(profile, top=top, exclude=decided),
        by_vacancy=False,
    )


def suggestion_helpers() -> dict[str, Any]:
    """Let other areas' pages include the proposals panels (matchmakers only)."""

    def for_vacancy(vacancy: Vacancy, top: int = TOP_PANEL) -> dict[str, Any] | None:
        if not (current_user.is_authenticated and current_user.is_matchmaker):
            return None
        return vacancy_suggestions(vacancy, top)

    def for_candidate(
        profile: CandidateProfile, top: int = TOP_PANEL
    ) -> dict[str, Any] | None:
        if not (current_user.is_authenticated and current_user.is_matchmaker):
            return None
        return candidate_suggestions(profile, top)

    return {
        "match_suggestions_for_vacancy": for_vacancy,
        "match_suggestions_for_candidate": for_candidate,
        "match_no_reasons": reason_labels(),
    }


def reason_labels() -> dict[str, object]:
    """Every coded reason's label, the earlier lists' codes included (old rows)."""
    labels = dict(reasons.REASONS)
    labels.update({old: reasons.REASONS[new] for old, new in reasons.LEGACY.items()})
    return labels
