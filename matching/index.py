"""Rank candidates for a vacancy: the candidate index.

Estimator-style (scikit-learn conventions): ``__init__`` stores parameters, ``fit``
learns state (names ending in ``_``) and returns ``self``; ranking is a pure function
of that state and the query. The hot path is one sparse mat-vec per feature matrix,
NumPy masks for the hard rules and ``argpartition`` for the top-K; reasons are built
only for the pairs returned.

The other direction, vacancies for a candidate, is :mod:`matching.vacancy_index`; the
rows an index holds are :mod:`matching.segments`; what both directions share is
:mod:`matching.ranking` (choosing the best) and :mod:`matching.pair_explanation`
(explaining one pair).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Self

import numpy as np

from matching.explain import score_reasons
from matching.feature_space import BoolArray, FloatArray, IntArray, sparse_row
from matching.features import CandidateFeatures
from matching.geo import EARTH_RADIUS_KM
from matching.pair_explanation import explain_rows
from matching.permits import DEFAULT_RULES, EligibilityRules
from matching.ranking import check_unique_refs, select_top, today, top_matches
from matching.scoring import DISTANCE_EPS_KM, accelerated_blocks, evaluate
from matching.segments import Segment, concat_segments
from matching.types import Candidate, Explanation, MatchScore, Vacancy
from matching.vacancy_features import VacancyFeatures
from matching.weights import DEFAULT_WEIGHTS, Weights

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
        check_unique_refs((c.ref for c in candidates), "candidate")
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
        check_unique_refs((c.ref for c in new), "candidate")
        gone = set(remove) | {c.ref for c in new}
        kept = []
        for segment in self.segments_:
            rows = [r for r in map(segment.row, gone) if r is not None]
            kept.append(segment.masked(np.asarray(rows, dtype=np.int64)))
        base, later = kept[0], [s for s in kept[1:] if len(s)]
        if new:
            features = CandidateFeatures.build(new, self.weights)
            later.append(Segment(features, None, _keys(keys, len(features))))
        self.segments_ = (base, concat_segments(later)) if later else (base,)
        return self

    def compact(self) -> Self:
        """Merge all segments into one without masked rows."""
        self.segments_ = (concat_segments(self.segments_),)
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
                results.append(top_matches(pairs, top))
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
        chosen = select_top(arrays.total, arrays.blocked, cf.refs.rank[rows], top)
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
        return explain_rows(
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
