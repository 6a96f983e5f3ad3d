"""Proposals for the portal: ranking, one pair's explanation, relocations taken into account.

The rows are turned into the library's types and the fitted indexes are kept in
:mod:`portal.services.matches.index`; this module asks them for the best candidates of a
vacancy or the best vacancies of a person, with the hard rules applied (blocked pairs
are never listed) and the location of each person as of the vacancy's start date.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.types import Explanation, MatchScore, Reason
from matching.vacancy_index import VacancyIndex
from portal.extensions import db
from portal.models import CandidateProfile, CandidateStatus, Relocation, Vacancy
from portal.services.candidates import profiles as candidates
from portal.services.matches.index import candidate_index, vacancy_index
from portal.services.matches.index_state import BuiltIndex, IndexCache, index_cache
from portal.services.matches.index_versions import profiles_version, vacancies_version
from portal.services.matches.profile_rows import (
    UNKNOWN_W_DOCUMENT,
    current_weights,
    eligibility_rules,
    out_of_work,
    to_candidate,
    to_vacancy,
)

__all__ = [
    "UNKNOWN_W_DOCUMENT",
    "BuiltIndex",
    "IndexCache",
    "Suggestion",
    "Suggestions",
    "candidate_index",
    "current_weights",
    "explain",
    "index_cache",
    "profiles_version",
    "rank_candidates",
    "rank_vacancies",
    "to_candidate",
    "to_vacancy",
    "vacancies_version",
    "vacancy_index",
]

log = logging.getLogger(__name__)

#: Portal-side rules the library does not know; they block a pair like the library's.
PORTAL_BLOCKS = (
    "profile_not_active",
    "asylum_rejected",
    "not_in_coa_reception",
    "unknown_postcode",
)


def location_day(vacancy: Vacancy, as_of: date) -> date:
    """The day whose location counts: the start date, or today once it has passed."""
    return max(as_of, vacancy.start_date)


# -- relocations --------------------------------------------------------------------------
def relocation_days(
    profile_ids: Iterable[int] | None, after: date, until: date
) -> dict[int, list[date]]:
    """Profiles with a relocation taking effect in (after, until], with its dates."""
    if until <= after:
        return {}
    query = select(Relocation.profile_id, Relocation.moved_on).where(
        Relocation.moved_on > after, Relocation.moved_on <= until
    )
    if profile_ids is not None:
        query = query.where(Relocation.profile_id.in_(list(profile_ids)))
    out: dict[int, list[date]] = {}
    for profile_id, day in db.session.execute(query):
        out.setdefault(profile_id, []).append(day)
    return out


# -- ranking -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    """One proposed pair as the portal shows it."""

    candidate_id: int
    vacancy_id: int
    candidate_ref: str
    vacancy_ref: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Suggestions:
    """The result of a ranking, with why it may be empty."""

    items: list[Suggestion]
    #: False when the vacancy (or profile) cannot be matched at all (unknown data).
    available: bool = True
    #: How many profiles (or vacancies) in the pool were considered.
    pool_size: int = 0
    model: str = "weights"


def _merge(lists: Iterable[list[MatchScore]], top: int) -> list[MatchScore]:
    merged = [m for scores in lists for m in scores]
    merged.sort(key=lambda m: (-m.score, m.candidate_ref, m.vacancy_ref))
    return merged[:top]


def rank_candidates(
    vacancy: Vacancy,
    *,
    top: int = 10,
    as_of: date | None = None,
    exclude: Iterable[int] = (),
) -> Suggestions:
    """The best candidates for a vacancy, hard rules applied, best first.

    Profiles that move before the start date are scored from their new location: the
    shared index holds their moves and places them per vacancy (no second index).
    The TWV gate's switches apply as the library's eligibility rules.
    ``exclude`` holds profile ids already decided for this vacancy.
    """
    as_of = as_of or candidates.local_today()
    mv = to_vacancy(vacancy)
    if mv is None:
        return Suggestions([], available=False)
    built = candidate_index(as_of)
    index = built.index
    if not isinstance(index, CandidateIndex):
        return Suggestions([], pool_size=0)
    excluded = set(exclude)
    items = []
    rules = eligibility_rules()
    for m in index.rank(mv, top=top + len(excluded), as_of=as_of, rules=rules):
        profile_id = built.ids[m.candidate_ref]
        if profile_id in excluded:
            continue
        items.append(
            Suggestion(
                profile_id, vacancy.id, m.candidate_ref, mv.ref, m.score, m.reasons
            )
        )
    return Suggestions(items[:top], pool_size=len(built.ids))


def rank_vacancies(
    profile: CandidateProfile,
    *,
    top: int = 10,
    as_of: date | None = None,
    exclude: Iterable[int] = (),
) -> Suggestions:
    """The best published vacancies for a profile, hard rules applied, best first.

    A pending relocation splits the ranking: vacancies starting after the move are
    scored from the new location.
    """
    as_of = as_of or candidates.local_today()
    if profile.status != CandidateStatus.ACTIVE or out_of_work(profile, as_of):
        return Suggestions([], available=False)
    built = vacancy_index()
    index = built.index
    if not isinstance(index, VacancyIndex):
        return Suggestions([], pool_size=0)
    excluded = set(exclude)
    rules = eligibility_rules()
    moves = sorted({r.moved_on for r in profile.relocations if r.moved_on > as_of})
    periods = [as_of, *moves]  # each location is in force from its day on
    kept: list[MatchScore] = []
    placed = False
    for i, begin in enumerate(periods):
        end = periods[i + 1] if i + 1 < len(periods) else None
        candidate = to_candidate(profile, on=as_of, location_on=begin)
        if candidate is None:
            continue
        placed = True
        wanted = len(index) if moves else top + len(excluded)
        for m in index.rank(candidate, top=wanted, as_of=as_of, rules=rules):
            vacancy_id = built.ids[m.vacancy_ref]
            day = max(as_of, index.vacancies_[m.vacancy_ref].start_date)
            if vacancy_id in excluded or day < begin or (end and day >= end):
                continue
            kept.append(m)
    items = [
        Suggestion(
            profile.id,
            built.ids[m.vacancy_ref],
            profile.ref,
            m.vacancy_ref,
            m.score,
            m.reasons,
        )
        for m in _merge([kept], top)
    ]
    return Suggestions(items, available=placed, pool_size=len(built.ids))


# -- one pair --------------------------------------------------------------------------------
def portal_blocks(profile: CandidateProfile, on: date) -> tuple[Reason, ...]:
    """Reasons the portal itself never proposes a profile for work from ``on``: its
    status, a final refusal, leaving COA reception without a residence permit."""
    out = []
    if profile.status != CandidateStatus.ACTIVE:
        out.append(Reason("profile_not_active", 0.0, {"status": str(profile.status)}))
    out += [Reason(code, 0.0, {}) for code in out_of_work(profile, on)]
    return tuple(out)


def explain(
    profile: CandidateProfile, vacancy: Vacancy, *, as_of: date | None = None
) -> Explanation | None:
    """Why a pair is (not) proposed: blocks, score and parts; None if unknown data."""
    as_of = as_of or candidates.local_today()
    mv = to_vacancy(vacancy)
    if mv is None:
        return None
    start = location_day(vacancy, as_of)
    candidate = to_candidate(profile, on=as_of, location_on=start)
    if candidate is None:
        return Explanation(
            candidate_ref=profile.ref,
            vacancy_ref=vacancy.ref,
            blocked=(
                Reason("unknown_postcode", 0.0, {}),
                *portal_blocks(profile, start),
            ),
            score=None,
            reasons=(),
        )
    explanation = explain_pair(
        candidate,
        mv,
        as_of=as_of,
        weights=current_weights(),
        rules=eligibility_rules(),
    )
    extra = portal_blocks(profile, start)
    if not extra:
        return explanation
    return Explanation(
        candidate_ref=explanation.candidate_ref,
        vacancy_ref=explanation.vacancy_ref,
        blocked=(*explanation.blocked, *extra),
        score=None,
        reasons=explanation.reasons,
    )


def reasons_to_json(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """Reasons as stored on a Match: code, contribution and parameters."""
    return [
        {"code": r.code, "contribution": r.contribution, "params": dict(r.params)}
        for r in reasons
    ]


def reasons_from_json(rows: Iterable[dict[str, Any]]) -> tuple[Reason, ...]:
    """The inverse of :func:`reasons_to_json`, tolerant of missing keys."""
    return tuple(
        Reason(
            str(r.get("code", "")),
            float(r.get("contribution", 0.0)),
            r.get("params") or {},
        )
        for r in rows
    )
