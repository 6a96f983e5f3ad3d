"""Rank candidates for a vacancy and vacancies for a candidate.

Estimator-style (scikit-learn conventions): ``__init__`` stores parameters, ``fit``
learns state (names ending in ``_``) and returns ``self``; ranking is a pure function
of that state and the query. The hot path is one sparse mat-vec per feature matrix,
NumPy masks for the hard rules and ``argpartition`` for the top-K; reasons are built
only for the pairs returned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Self
from zoneinfo import ZoneInfo

import numpy as np
import scipy.sparse as sp

from matching.explain import blocked_reasons, score_reasons
from matching.features import (
    CandidateFeatures,
    FloatArray,
    IntArray,
    VacancyFeatures,
    sparse_row,
)
from matching.geo import EARTH_RADIUS_KM, load_postcodes
from matching.permits import may_work_on
from matching.scoring import DISTANCE_EPS_KM, PairArrays, evaluate
from matching.types import Candidate, Explanation, MatchScore, Vacancy
from matching.weights import DEFAULT_WEIGHTS, Weights

#: Reported scores are rounded to this many decimals.
SCORE_DECIMALS = 2


def today() -> date:
    """The default ``as_of``: today's date in the Netherlands."""
    return datetime.now(tz=ZoneInfo("Europe/Amsterdam")).date()


def _check_unique(refs: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise ValueError(f"duplicate {what} ref {ref!r}")
        seen.add(ref)


def _ref_ranks(refs: Sequence[str]) -> IntArray:
    """Position of each ref in sorted order, for tie-breaking by ref in NumPy."""
    order = sorted(range(len(refs)), key=refs.__getitem__)
    ranks = np.empty(len(refs), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(refs))
    return ranks


def _select(
    total: FloatArray, blocked: np.ndarray, ref_rank: IntArray, top: int
) -> IntArray:
    """Rows of the best ``top`` unblocked pairs: score (rounded) desc, then ref asc."""
    allowed = np.flatnonzero(~blocked)
    if top <= 0 or allowed.size == 0:
        return np.empty(0, dtype=np.int64)
    scores = np.round(total[allowed], SCORE_DECIMALS)
    if allowed.size > top:
        cut = np.partition(scores, allowed.size - top)[allowed.size - top]
        keep = scores >= cut  # keeps every row tied at the cut, then sort decides
        allowed, scores = allowed[keep], scores[keep]
    order = np.lexsort((ref_rank[allowed], -scores))
    return allowed[order[:top]]


def _finish(pairs: list[tuple[float, str, MatchScore]], top: int) -> list[MatchScore]:
    pairs.sort(key=lambda p: (-p[0], p[1]))
    return [m for _, _, m in pairs[:top]]


class CandidateIndex:
    """All candidate profiles, ready to be ranked for any vacancy.

    >>> index = CandidateIndex().fit(candidates)            # doctest: +SKIP
    >>> index.rank(vacancy, top=10, as_of=date(2026, 3, 1))  # doctest: +SKIP
    """

    def __init__(self, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights

    def fit(self, candidates: Iterable[Candidate]) -> Self:
        """Featurise all candidates (about 1 s per 10,000 profiles)."""
        candidates = list(candidates)
        _check_unique((c.ref for c in candidates), "candidate")
        self._set(candidates, CandidateFeatures.build(candidates, self.weights))
        return self

    def update(
        self, candidates: Iterable[Candidate] = (), *, remove: Iterable[str] = ()
    ) -> Self:
        """Add or replace profiles (by ref) and drop others, featurising only the new ones."""
        new = list(candidates)
        _check_unique((c.ref for c in new), "candidate")
        gone = set(remove) | {c.ref for c in new}
        keep = np.array(
            [i for i, ref in enumerate(self.features_.refs) if ref not in gone],
            dtype=np.int64,
        )
        kept = [self.candidates_[self.features_.refs[i]] for i in keep]
        parts = [self.features_.take(keep)]
        if new:
            parts.append(CandidateFeatures.build(new, self.weights))
        self._set(kept + new, CandidateFeatures.concat(parts))
        return self

    def _set(self, candidates: list[Candidate], features: CandidateFeatures) -> None:
        self.candidates_ = {c.ref: c for c in candidates}
        self.features_ = features
        self.row_ = {ref: i for i, ref in enumerate(features.refs)}
        self.ref_rank_ = _ref_ranks(features.refs)

    def __len__(self) -> int:
        return len(self.features_)

    def relocated(self, pc4_by_ref: Mapping[str, str]) -> CandidateIndex:
        """Some of these candidates, placed in other postcode areas, as a small index.

        Their features are taken from this index (nothing is featurised again); only
        the location changes. For people who move before a vacancy's start date.
        """
        refs = [ref for ref in pc4_by_ref if ref in self.row_]
        rows = np.array([self.row_[ref] for ref in refs], dtype=np.int64)
        lat, lon = load_postcodes().coordinates(pc4_by_ref[ref] for ref in refs)
        features = dataclasses.replace(self.features_.take(rows), lat=lat, lon=lon)
        moved = CandidateIndex(self.weights)
        moved._set(
            [
                dataclasses.replace(self.candidates_[ref], pc4=pc4_by_ref[ref])
                for ref in refs
            ],
            features,
        )
        return moved

    def rank(
        self, vacancy: Vacancy, top: int = 10, as_of: date | None = None
    ) -> list[MatchScore]:
        """The best ``top`` candidates for ``vacancy``; blocked pairs are never listed."""
        return self.rank_many([vacancy], top=top, as_of=as_of)[0]

    def rank_many(
        self, vacancies: Sequence[Vacancy], top: int = 10, as_of: date | None = None
    ) -> list[list[MatchScore]]:
        """:meth:`rank` for several vacancies, featurising them in one batch."""
        as_of = as_of or today()
        vf = VacancyFeatures.build(vacancies, self.weights)
        cf = self.features_
        results = []
        for v, vacancy in enumerate(vacancies):
            rows = _may_pass(cf, vf, v, as_of)
            # Only the query's columns matter: read just those (CSC column slices).
            q_cols, q_vals = sparse_row(vf.query, v)
            t_cols, t_vals = sparse_row(vf.text, v)
            structured = cf.structured_csc[:, q_cols] @ q_vals
            cosine = cf.text_csc[:, t_cols] @ t_vals
            arrays = evaluate(
                cf,
                rows,
                vf,
                np.array([v]),
                as_of=as_of,
                weights=self.weights,
                structured=structured[rows],
                cosine=np.asarray(cosine[rows], dtype=np.float64),
            )
            chosen = _select(arrays.total, arrays.blocked, self.ref_rank_[rows], top)
            pairs = []
            for k in chosen.tolist():
                c = int(rows[k])
                candidate = self.candidates_[cf.refs[c]]
                if not may_work_on(candidate.asylum_application_date, _day(arrays, k)):
                    continue  # cannot happen with the current rules; kept as a guard
                score, reasons = score_reasons(cf, c, vf, v, arrays, k, self.weights)
                match = MatchScore(cf.refs[c], vacancy.ref, score, reasons)
                pairs.append((score, cf.refs[c], match))
            results.append(_finish(pairs, top))
        return results

    def explain(
        self, vacancy: Vacancy, candidate_ref: str, as_of: date | None = None
    ) -> Explanation:
        """Why ``candidate_ref`` is (not) proposed for ``vacancy``: blocks, score, parts."""
        c = self.row_[candidate_ref]
        vf = VacancyFeatures.build([vacancy], self.weights)
        return _explain(
            self.features_, c, vf, 0, as_of=as_of or today(), weights=self.weights
        )


class VacancyIndex:
    """All open vacancies, ready to be ranked for any candidate."""

    def __init__(self, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights

    def fit(self, vacancies: Iterable[Vacancy]) -> Self:
        """Featurise all vacancies."""
        vacancies = list(vacancies)
        _check_unique((v.ref for v in vacancies), "vacancy")
        self.vacancies_ = {v.ref: v for v in vacancies}
        self.features_ = VacancyFeatures.build(vacancies, self.weights)
        self.row_ = {ref: i for i, ref in enumerate(self.features_.refs)}
        self.ref_rank_ = _ref_ranks(self.features_.refs)
        return self

    def __len__(self) -> int:
        return len(self.features_)

    def rank(
        self, candidate: Candidate, top: int = 10, as_of: date | None = None
    ) -> list[MatchScore]:
        """The best ``top`` vacancies for ``candidate``; blocked pairs are never listed."""
        as_of = as_of or today()
        vf = self.features_
        cf = CandidateFeatures.build([candidate], self.weights)
        arrays = evaluate(
            cf,
            np.array([0]),
            vf,
            np.arange(len(vf)),
            as_of=as_of,
            weights=self.weights,
            structured=np.asarray(vf.query @ cf.structured[0].T.toarray()).ravel(),
            cosine=_sparse_col(vf.text @ cf.text[0].T),
        )
        chosen = _select(arrays.total, arrays.blocked, self.ref_rank_, top)
        pairs = []
        for v in chosen.tolist():
            if not may_work_on(candidate.asylum_application_date, _day(arrays, v)):
                continue
            score, reasons = score_reasons(cf, 0, vf, v, arrays, v, self.weights)
            pairs.append(
                (
                    score,
                    vf.refs[v],
                    MatchScore(candidate.ref, vf.refs[v], score, reasons),
                )
            )
        return _finish(pairs, top)

    def explain(
        self, candidate: Candidate, vacancy_ref: str, as_of: date | None = None
    ) -> Explanation:
        """Why ``vacancy_ref`` is (not) proposed to ``candidate``."""
        v = self.row_[vacancy_ref]
        cf = CandidateFeatures.build([candidate], self.weights)
        return _explain(
            cf, 0, self.features_, v, as_of=as_of or today(), weights=self.weights
        )


def explain_pair(
    candidate: Candidate,
    vacancy: Vacancy,
    as_of: date | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Explanation:
    """Explain one pair without building an index (for a matchmaker's look-up)."""
    cf = CandidateFeatures.build([candidate], weights)
    vf = VacancyFeatures.build([vacancy], weights)
    return _explain(cf, 0, vf, 0, as_of=as_of or today(), weights=weights)


def _explain(
    cf: CandidateFeatures,
    c: int,
    vf: VacancyFeatures,
    v: int,
    *,
    as_of: date,
    weights: Weights,
) -> Explanation:
    arrays = evaluate(
        cf, np.array([c]), vf, np.array([v]), as_of=as_of, weights=weights
    )
    blocked = blocked_reasons(cf, c, vf, v, arrays, 0)
    score, reasons = score_reasons(cf, c, vf, v, arrays, 0, weights)
    return Explanation(
        candidate_ref=cf.refs[c],
        vacancy_ref=vf.refs[v],
        blocked=blocked,
        score=None if blocked else score,
        reasons=reasons,
    )


def _may_pass(
    cf: CandidateFeatures, vf: VacancyFeatures, v: int, as_of: date
) -> IntArray:
    """Rows not already excluded by the cheapest hard rules (a fast, exact pre-filter).

    Consent and the two date rules are integer compares; for distance, the latitude
    difference alone is a lower bound of the great-circle distance, so rows it puts
    beyond the travel limit are certainly too far. :func:`evaluate` still applies every
    rule to the rows that remain.
    """
    start = max(int(vf.start[v]), as_of.toordinal())
    c_lat, _, _ = cf.radians
    v_lat, _, _ = vf.radians
    lower_bound_km = np.abs(c_lat - v_lat[v]) * EARTH_RADIUS_KM
    alive = (
        cf.consent
        & (cf.earliest_work <= start)
        & (cf.w_valid_until >= start)
        & (lower_bound_km <= cf.max_km + DISTANCE_EPS_KM)
    )
    return np.flatnonzero(alive)


def _day(arrays: PairArrays, k: int) -> date:
    return date.fromordinal(int(arrays.start[k]))


def _sparse_col(matrix: sp.spmatrix) -> FloatArray:
    return np.asarray(matrix.toarray(), dtype=np.float64).ravel()
