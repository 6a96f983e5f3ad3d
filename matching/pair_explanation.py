"""The explanation of one candidate–vacancy pair: its blocks, score and parts.

Both indexes explain a pair they hold (:meth:`matching.index.CandidateIndex.explain`,
:meth:`matching.vacancy_index.VacancyIndex.explain`) and :func:`explain_pair` explains
one without an index; all three evaluate the pair with the same code as a ranking
(:func:`matching.scoring.evaluate`), so an explanation never disagrees with a score.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matching.explain import blocked_reasons, score_reasons
from matching.feature_space import FloatArray
from matching.features import CandidateFeatures
from matching.permits import DEFAULT_RULES, EligibilityRules
from matching.ranking import today
from matching.scoring import evaluate
from matching.types import Candidate, Explanation, Vacancy
from matching.vacancy_features import VacancyFeatures
from matching.weights import DEFAULT_WEIGHTS, Weights


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
    return explain_rows(
        cf,
        0,
        vf,
        0,
        as_of=as_of,
        weights=weights,
        located=cf.radians_of(0, day),
        rules=rules,
    )


def explain_rows(
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
