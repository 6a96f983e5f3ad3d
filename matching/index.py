"""Rank candidates for a vacancy and vacancies for a candidate.

Estimator-style (scikit-learn conventions): ``__init__`` stores parameters, ``fit``
learns state (names ending in ``_``) and returns ``self``; ranking is a pure function
of that state and the query. The hot path is one sparse mat-vec per feature matrix,
NumPy masks for the hard rules and ``argpartition`` for the top-K; reasons are built
only for the pairs returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Self
from zoneinfo import ZoneInfo

import numpy as np
import scipy.sparse as sp

from matching.explain import blocked_reasons, score_reasons
from matching.feature_space import BoolArray, FloatArray, IntArray, sparse_row
from matching.features import CandidateFeatures
from matching.geo import EARTH_RADIUS_KM
from matching.permits import DEFAULT_RULES, EligibilityRules
from matching.scoring import DISTANCE_EPS_KM, accelerated_blocks, evaluate
from matching.types import Candidate, Explanation, MatchScore, Vacancy
from matching.vacancy_features import VacancyFeatures
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


#: From this many vacancies on, :meth:`CandidateIndex.rank_many` scores a block of
#: ``BATCH_BLOCK`` vacancies with one sparse product per feature matrix (row-major,
#: no column-major copy of the index) instead of reading each vacancy's columns.
BATCH_VACANCIES = 8
BATCH_BLOCK = 64


def _block_scores(
    cf: CandidateFeatures, vf: VacancyFeatures, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray]:
    """(structured, text) products of every row with vacancies ``lo`` to ``hi``, one
    column per vacancy: the same sums, added in the same (column) order, as the
    column reads of :meth:`CandidateIndex._rank_segment` give one vacancy at a time."""
    structured = cf.structured @ vf.query[lo:hi].T.tocsr()
    # Text rows share terms with most vacancies: a dense right-hand side is faster,
    # and its zeros add nothing (+0.0), so the sums are still the same.
    cosine = cf.text @ vf.text[lo:hi].T.toarray()
    return structured.toarray(order="F"), np.asfortranarray(cosine)


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


@dataclass(frozen=True)
class Segment:
    """Rows of an index featurised together, some perhaps masked out.

    An update never rewrites the rows it keeps: changed and new profiles go into a
    small second segment and their old rows are masked (``alive``), so an update costs
    what the changed profiles cost, and a segment mapped from a file stays shared.
    """

    features: CandidateFeatures
    #: False for rows replaced or removed since (None: every row is live).
    alive: BoolArray | None = None
    #: One integer per row that the caller attached (e.g. a database id), or None.
    keys: IntArray | None = None

    def __len__(self) -> int:
        n = len(self.features)
        return n if self.alive is None else int(np.count_nonzero(self.alive))

    def live_rows(self) -> IntArray:
        if self.alive is None:
            return np.arange(len(self.features), dtype=np.int64)
        return np.flatnonzero(self.alive)

    def row(self, ref: str) -> int | None:
        """The live row holding ``ref``, or None."""
        row = self.features.refs.position(ref)
        if row is None or (self.alive is not None and not self.alive[row]):
            return None
        return row

    def masked(self, rows: IntArray) -> Segment:
        """This segment with ``rows`` masked as well (a new mask; this one unchanged)."""
        if not len(rows):
            return self
        alive = (
            np.ones(len(self.features), dtype=bool)
            if self.alive is None
            else self.alive.copy()
        )
        alive[rows] = False
        return Segment(self.features, alive, self.keys)

    def compacted(self) -> Segment:
        """Only the live rows, as a segment without a mask."""
        if self.alive is None:
            return self
        rows = self.live_rows()
        keys = None if self.keys is None else self.keys[rows]
        return Segment(self.features.take(rows), None, keys)


def _concat_segments(parts: Sequence[Segment]) -> Segment:
    live = [p.compacted() for p in parts]
    keys = None
    if all(p.keys is not None for p in live):
        keys = np.concatenate([p.keys for p in live])  # type: ignore[misc]
    return Segment(CandidateFeatures.concat([p.features for p in live]), None, keys)


class CandidateIndex:
    """All candidate profiles, ready to be ranked for any vacancy.

    >>> index = CandidateIndex().fit(candidates)            # doctest: +SKIP
    >>> index.rank(vacancy, top=10, as_of=date(2026, 3, 1))  # doctest: +SKIP

    The rows live in one or more :class:`Segment` s: :meth:`fit` makes one,
    :meth:`update` adds a small one for the changed profiles (masking their old rows),
    :meth:`compact` merges them. A ranking asks each segment for its best rows and
    merges (exact: score, then ref). People who move before a vacancy's start date
    (``Candidate.relocations``) are placed at their new address for that vacancy, in
    the same pass.
    """

    def __init__(self, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights

    def fit(
        self, candidates: Iterable[Candidate], *, keys: Sequence[int] | None = None
    ) -> Self:
        """Featurise all candidates (about 1 s per 10,000 profiles).

        ``keys`` (one integer per candidate, e.g. a database id) are kept with the
        rows and returned by :meth:`key`.
        """
        candidates = list(candidates)
        _check_unique((c.ref for c in candidates), "candidate")
        features = CandidateFeatures.build(candidates, self.weights)
        del candidates  # the features are all a ranking needs
        self.segments_: tuple[Segment, ...] = (
            Segment(features, None, _keys(keys, len(features))),
        )
        return self

    @classmethod
    def from_segments(
        cls, segments: Sequence[Segment], weights: Weights = DEFAULT_WEIGHTS
    ) -> CandidateIndex:
        """An index over segments featurised earlier (e.g. mapped from files)."""
        index = cls(weights)
        index.segments_ = tuple(segments)
        return index

    def update(
        self,
        candidates: Iterable[Candidate] = (),
        *,
        remove: Iterable[str] = (),
        keys: Sequence[int] | None = None,
    ) -> Self:
        """Add or replace profiles (by ref) and drop others, featurising only the new ones.

        The first segment is never rewritten: its changed rows are masked, and the
        new rows join the later rows in one small segment (:meth:`compact` merges).
        """
        new = list(candidates)
        _check_unique((c.ref for c in new), "candidate")
        gone = set(remove) | {c.ref for c in new}
        kept = []
        for segment in self.segments_:
            rows = [r for r in map(segment.row, gone) if r is not None]
            kept.append(segment.masked(np.asarray(rows, dtype=np.int64)))
        base, later = kept[0], [s for s in kept[1:] if len(s)]
        if new:
            features = CandidateFeatures.build(new, self.weights)
            later.append(Segment(features, None, _keys(keys, len(features))))
        self.segments_ = (base, _concat_segments(later)) if later else (base,)
        return self

    def compact(self) -> Self:
        """Merge all segments into one without masked rows."""
        self.segments_ = (_concat_segments(self.segments_),)
        return self

    def __len__(self) -> int:
        return sum(len(s) for s in self.segments_)

    @property
    def features_(self) -> CandidateFeatures:
        """The features of the first segment (all rows after :meth:`fit`)."""
        return self.segments_[0].features

    def locate(self, ref: str) -> tuple[Segment, int] | None:
        """(segment, row) of a live ref; later segments hold the newer rows."""
        for segment in reversed(self.segments_):
            row = segment.row(ref)
            if row is not None:
                return segment, row
        return None

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.locate(ref) is not None

    def key(self, ref: str) -> int | None:
        """The key given with ``ref`` at fit/update (None if unknown or keyless)."""
        found = self.locate(ref)
        if found is None or found[0].keys is None:
            return None
        segment, row = found
        return int(segment.keys[row])  # type: ignore[index]

    def refs(self) -> Iterator[str]:
        """The live refs, segment by segment."""
        for segment in self.segments_:
            refs = segment.features.refs
            for row in segment.live_rows().tolist():
                yield refs[row]

    def keys(self) -> IntArray:
        """The keys of the live rows (segments without keys are left out)."""
        parts = [s.keys[s.live_rows()] for s in self.segments_ if s.keys is not None]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def rank(
        self,
        vacancy: Vacancy,
        top: int = 10,
        as_of: date | None = None,
        rules: EligibilityRules = DEFAULT_RULES,
    ) -> list[MatchScore]:
        """The best ``top`` candidates for ``vacancy``; blocked pairs are never listed.

        ``rules`` (the administrator's switches of the eligibility rules) and
        ``as_of`` apply at query time: the same fitted index serves any of them.
        """
        return self.rank_many([vacancy], top=top, as_of=as_of, rules=rules)[0]

    def rank_many(
        self,
        vacancies: Sequence[Vacancy],
        top: int = 10,
        as_of: date | None = None,
        rules: EligibilityRules = DEFAULT_RULES,
    ) -> list[list[MatchScore]]:
        """:meth:`rank` for several vacancies, featurising them in one batch."""
        as_of = as_of or today()
        vf = VacancyFeatures.build(vacancies, self.weights)
        results = []
        block = BATCH_BLOCK if len(vacancies) >= BATCH_VACANCIES else 0
        for lo in range(0, len(vacancies), block or max(len(vacancies), 1)):
            hi = min(lo + (block or len(vacancies)), len(vacancies))
            scores = [
                _block_scores(s.features, vf, lo, hi) if block else None
                for s in self.segments_
            ]
            for v in range(lo, hi):
                pairs: list[tuple[float, str, MatchScore]] = []
                for segment, score in zip(self.segments_, scores, strict=True):
                    pairs += self._rank_segment(
                        segment,
                        vf,
                        v,
                        vacancies[v],
                        as_of,
                        top,
                        rules,
                        None
                        if score is None
                        else (score[0][:, v - lo], score[1][:, v - lo]),
                    )
                results.append(_finish(pairs, top))
        return results

    def _rank_segment(
        self,
        segment: Segment,
        vf: VacancyFeatures,
        v: int,
        vacancy: Vacancy,
        as_of: date,
        top: int,
        rules: EligibilityRules,
        scores: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> list[tuple[float, str, MatchScore]]:
        cf = segment.features
        # Where each person lives on the start day (today once it has passed).
        located = cf.radians_on(max(int(vf.start[v]), as_of.toordinal()))
        rows = _may_pass(cf, vf, v, as_of, located[0], rules, segment.alive)
        if not rows.size:
            return []
        if scores is None:
            # Only the query's columns matter: read just those (CSC column slices).
            q_cols, q_vals = sparse_row(vf.query, v)
            t_cols, t_vals = sparse_row(vf.text, v)
            structured = cf.structured_csc[:, q_cols] @ q_vals
            cosine = cf.text_csc[:, t_cols] @ t_vals
        else:
            structured, cosine = scores
        arrays = evaluate(
            cf,
            rows,
            vf,
            np.array([v]),
            as_of=as_of,
            weights=self.weights,
            structured=structured[rows],
            cosine=np.asarray(cosine[rows], dtype=np.float64),
            located=tuple(a[rows] for a in located),  # type: ignore[arg-type]
            rules=rules,
        )
        chosen = _select(arrays.total, arrays.blocked, cf.refs.rank[rows], top)
        pairs = []
        for k in chosen.tolist():
            c = int(rows[k])
            score, reasons = score_reasons(cf, c, vf, v, arrays, k, self.weights)
            ref = cf.refs[c]
            pairs.append((score, ref, MatchScore(ref, vacancy.ref, score, reasons)))
        return pairs

    def explain(
        self,
        vacancy: Vacancy,
        candidate_ref: str,
        as_of: date | None = None,
        rules: EligibilityRules = DEFAULT_RULES,
    ) -> Explanation:
        """Why ``candidate_ref`` is (not) proposed for ``vacancy``: blocks, score, parts."""
        found = self.locate(candidate_ref)
        if found is None:
            raise KeyError(candidate_ref)
        segment, c = found
        vf = VacancyFeatures.build([vacancy], self.weights)
        as_of = as_of or today()
        day = np.array([max(int(vf.start[0]), as_of.toordinal())])
        return _explain(
            segment.features,
            c,
            vf,
            0,
            as_of=as_of,
            weights=self.weights,
            located=segment.features.radians_of(c, day),
            rules=rules,
        )


def _keys(keys: Sequence[int] | None, n: int) -> IntArray | None:
    if keys is None:
        return None
    out = np.asarray(keys, dtype=np.int64)
    if out.shape != (n,):
        raise ValueError(f"expected {n} keys, got {out.shape}")
    return out


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

    def _located(
        self, cf: CandidateFeatures, as_of: date
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Where candidate row 0 lives on each vacancy's start day."""
        days = np.maximum(self.features_.start, as_of.toordinal())
        return cf.radians_of(0, days)

    def __len__(self) -> int:
        return len(self.features_)

    def rank(
        self,
        candidate: Candidate,
        top: int = 10,
        as_of: date | None = None,
        rules: EligibilityRules = DEFAULT_RULES,
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
            located=self._located(cf, as_of),
            rules=rules,
        )
        chosen = _select(arrays.total, arrays.blocked, self.ref_rank_, top)
        pairs = []
        for v in chosen.tolist():
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
        self,
        candidate: Candidate,
        vacancy_ref: str,
        as_of: date | None = None,
        rules: EligibilityRules = DEFAULT_RULES,
    ) -> Explanation:
        """Why ``vacancy_ref`` is (not) proposed to ``candidate``."""
        v = self.row_[vacancy_ref]
        cf = CandidateFeatures.build([candidate], self.weights)
        as_of = as_of or today()
        located = tuple(a[v : v + 1] for a in self._located(cf, as_of))
        return _explain(
            cf,
            0,
            self.features_,
            v,
            as_of=as_of,
            weights=self.weights,
            located=located,  # type: ignore[arg-type]
            rules=rules,
        )


def explain_pair(
    candidate: Candidate,
    vacancy: Vacancy,
    as_of: date | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    rules: EligibilityRules = DEFAULT_RULES,
) -> Explanation:
    """Explain one pair without building an index (for a matchmaker's look-up)."""
    cf = CandidateFeatures.build([candidate], weights)
    vf = VacancyFeatures.build([vacancy], weights)
    as_of = as_of or today()
    day = np.array([max(int(vf.start[0]), as_of.toordinal())])
    return _explain(
        cf,
        0,
        vf,
        0,
        as_of=as_of,
        weights=weights,
        located=cf.radians_of(0, day),
        rules=rules,
    )


def _explain(
    cf: CandidateFeatures,
    c: int,
    vf: VacancyFeatures,
    v: int,
    *,
    as_of: date,
    weights: Weights,
    located: tuple[FloatArray, FloatArray, FloatArray] | None = None,
    rules: EligibilityRules = DEFAULT_RULES,
) -> Explanation:
    arrays = evaluate(
        cf,
        np.array([c]),
        vf,
        np.array([v]),
        as_of=as_of,
        weights=weights,
        located=located,
        rules=rules,
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
    cf: CandidateFeatures,
    vf: VacancyFeatures,
    v: int,
    as_of: date,
    c_lat: FloatArray,
    rules: EligibilityRules,
    live: BoolArray | None = None,
) -> IntArray:
    """Live rows not already excluded by the cheapest hard rules (an exact pre-filter).

    Consent and the date rules are integer compares (a status holder on the start
    day is exempt from the W-document and procedure rules); for distance, the latitude
    difference alone (``c_lat``: radians where each person lives on the start day) is
    a lower bound of the great-circle distance, so rows it puts beyond the travel
    limit are certainly too far (and a NaN, an unknown address, never passes).
    :func:`evaluate` still applies every rule to the rows that remain.
    """
    start = max(int(vf.start[v]), as_of.toordinal())
    v_lat, _, _ = vf.radians
    lower_bound_km = np.abs(c_lat - v_lat[v]) * EARTH_RADIUS_KM
    asylum_seeker = cf.permit_from > start
    alive = (
        cf.consent
        & (cf.earliest_work <= start)
        & ~((cf.w_valid_until < start) & asylum_seeker)
        & ~(accelerated_blocks(cf.accelerated, np.int64(start), rules) & asylum_seeker)
        & (lower_bound_km <= cf.max_km + DISTANCE_EPS_KM)
    )
    if live is not None:
        alive &= live
    return np.flatnonzero(alive)


def _sparse_col(matrix: sp.spmatrix) -> FloatArray:
    return np.asarray(matrix.toarray(), dtype=np.float64).ravel()
