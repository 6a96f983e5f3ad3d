"""Learning from matchmakers: the re-ranker fitted on their approve/reject decisions.

Every approval and rejection keeps the score parts the matchmaker saw (see
``services.matches``). Once there are ``RERANKER_MIN_DECISIONS`` of them,
:class:`matching.learning.Reranker` fits a logistic regression on those parts and
compares it with the hand-set weights on held-out decisions (cross-validation, ROC
AUC). The portal re-orders proposals with it only while it is clearly better; the
score and reasons shown stay the hand-set, explainable ones either way.

The fitted re-ranker is cached per process, keyed by a fingerprint of the decisions,
so it is refitted only after a new decision, not on every page view.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from matching.learning import Decision, LearningReport, Reranker
from matching.reasons import SCORE_REASONS
from matching.types import MatchScore
from portal.extensions import db
from portal.models import CandidateProfile, Match, MatchStatus, Vacancy
from portal.services.matches import index_versions
from portal.services.matches import ranking as matching_service
from portal.services.matches.ranking import Suggestion, Suggestions

log = logging.getLogger(__name__)

#: The re-ranker re-orders the hand-set top this many (blocked pairs never enter it).
RERANK_POOL = 50
#: How much better (ROC AUC) the learned order must be before it is used.
MARGIN = 0.02
#: Cross-validation folds.
FOLDS = 5


def decisions() -> list[Decision]:
    """Every matchmaker decision with the score parts at the time, oldest first.

    A decision is an approval or a rejection (``decided_at`` is set by both); later
    steps (invite, decline) do not change it. Rejections of pairs a hard rule blocked
    are left out: they teach nothing about ordering proposals that can go ahead.
    """
    rows = db.session.execute(
        select(Match.vacancy_id, Match.status, Match.reasons)
        .where(Match.decided_at.is_not(None))
        .where(Match.status != MatchStatus.SUGGESTED)
        .order_by(Match.decided_at, Match.id)
    )
    out = []
    for vacancy_id, status, reasons in rows:
        codes = {r.get("code") for r in reasons or []}
        if not codes or any(c not in SCORE_REASONS for c in codes):
            continue
        parts: dict[str, float] = {}
        for r in reasons:
            parts[r["code"]] = parts.get(r["code"], 0.0) + float(
                r.get("contribution", 0)
            )
        out.append(
            Decision(parts, status != MatchStatus.REJECTED, group=str(vacancy_id))
        )
    return out


def decisions_version() -> tuple[Any, ...]:
    """Changes whenever a decision is added or changed (both set ``decided_at``).

    Read in one query with the candidate index's fingerprint (see ``index._stamps``).
    """
    return index_versions.decisions_version()


@dataclass
class _Cache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    key: tuple[Any, ...] | None = None
    reranker: Reranker | None = None
    fits: int = 0


def _cache() -> _Cache:
    return current_app.extensions.setdefault("portal.reranker", _Cache())


def current() -> Reranker:
    """The re-ranker for the current decisions (fitted once per change, per process)."""
    min_decisions = int(current_app.config["RERANKER_MIN_DECISIONS"])
    key = (min_decisions, *decisions_version())
    cache = _cache()
    if cache.reranker is not None and cache.key == key:
        return cache.reranker
    with cache.lock:
        if cache.reranker is None or cache.key != key:
            reranker = Reranker(
                min_decisions=min_decisions, folds=FOLDS, margin=MARGIN, random_state=0
            ).fit(decisions())
            cache.reranker, cache.key = reranker, key
            cache.fits += 1
            log.info("re-ranker fitted: %s", reranker.report_.model_in_use)
        return cache.reranker


@dataclass(frozen=True)
class ReportView:
    """The learning report with the portal's own (translatable) explanation."""

    report: LearningReport
    in_use: str  # "weights" or "reranker"
    why: str  # "too_few", "too_few_per_class", "not_better", "better"
    margin: float = MARGIN


def current_report() -> ReportView:
    """Which order the portal uses and why (for the status page)."""
    report = current().report_
    if report.model_in_use == "logistic_regression":
        why = "better"
    elif report.hand_set_score is not None:
        why = "not_better"
    elif report.n_decisions < report.min_decisions:
        why = "too_few"
    else:
        why = "too_few_per_class"
    return ReportView(
        report=report,
        in_use="reranker" if why == "better" else "weights",
        why=why,
    )


def _reorder(reranker: Reranker, items: list[Suggestion]) -> list[Suggestion]:
    scores = [
        MatchScore(s.candidate_ref, s.vacancy_ref, s.score, s.reasons) for s in items
    ]
    order = {id(m): i for i, m in enumerate(scores)}
    return [items[order[id(m)]] for m in reranker.rerank(scores)]


def _ranked(
    rank: Callable[..., Suggestions],
    subject: Vacancy | CandidateProfile,
    *,
    top: int,
    as_of: date | None,
    exclude: Iterable[int],
) -> Suggestions:
    """The hand-set ranking, re-ordered by the learned model only while it is better."""
    reranker = current()
    if not reranker.uses_learned_model:
        return rank(subject, top=top, as_of=as_of, exclude=exclude)
    pool = rank(subject, top=max(top, RERANK_POOL), as_of=as_of, exclude=exclude)
    items = _reorder(reranker, pool.items)[:top]
    return replace(pool, items=items, model="reranker")


def rank_candidates(
    vacancy: Vacancy,
    *,
    top: int = 10,
    as_of: date | None = None,
    exclude: Iterable[int] = (),
) -> Suggestions:
    """Proposed candidates in the order to show them."""
    return _ranked(
        matching_service.rank_candidates, vacancy, top=top, as_of=as_of, exclude=exclude
    )


def rank_vacancies(
    profile: CandidateProfile,
    *,
    top: int = 10,
    as_of: date | None = None,
    exclude: Iterable[int] = (),
) -> Suggestions:
    """Proposed vacancies for a person, ordered the same way as :func:`rank_candidates`."""
    return _ranked(
        matching_service.rank_vacancies, profile, top=top, as_of=as_of, exclude=exclude
    )
