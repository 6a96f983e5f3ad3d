"""Rank vacancies for a candidate: all open vacancies, featurised once.

The other direction of :mod:`matching.index` (same estimator conventions, same rules
and scores through :func:`matching.scoring.evaluate`). Separate because it works the
other way round: the vacancies are the fitted rows and one candidate is the query,
featurised per call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Self

import numpy as np
import scipy.sparse as sp

from matching.explain import score_reasons
from matching.feature_space import FloatArray, IntArray
from matching.features import CandidateFeatures
from matching.pair_explanation import explain_rows
from matching.permits import DEFAULT_RULES, EligibilityRules
from matching.ranking import check_unique_refs, select_top, today, top_matches
from matching.scoring import evaluate
from matching.types import Candidate, Explanation, MatchScore, Vacancy
from matching.vacancy_features import VacancyFeatures
from matching.weights import DEFAULT_WEIGHTS, Weights


class VacancyIndex:
    """All open vacancies, ready to be ranked for any candidate."""

    def __init__(self, weights: Weights = DEFAULT_WEIGHTS) -> None:
        self.weights = weights

    def fit(self, vacancies: Iterable[Vacancy]) -> Self:
        """Featurise all vacancies."""
        vacancies = list(vacancies)
        check_unique_refs((v.ref for v in vacancies), "vacancy")
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
        chosen = select_top(arrays.total, arrays.blocked, self.ref_rank_, top)
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
        return top_matches(pairs, top)

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
        return explain_rows(
            cf,
            0,
            self.features_,
            v,
            as_of=as_of,
            weights=self.weights,
            located=located,  # type: ignore[arg-type]
            rules=rules,
        )


def _ref_ranks(refs: Sequence[str]) -> IntArray:
    """Position of each ref in sorted order, for tie-breaking by ref in NumPy."""
    order = sorted(range(len(refs)), key=refs.__getitem__)
    ranks = np.empty(len(refs), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(refs))
    return ranks


def _sparse_col(matrix: sp.spmatrix) -> FloatArray:
    return np.asarray(matrix.toarray(), dtype=np.float64).ravel()
