"""The label a reason names as evidence: the one-pass search equals label by label."""

from __future__ import annotations

import numpy as np

from matching.evalset import synthetic_population
from matching.feature_space import occupation_inference


def _label_by_label(clauses: list[np.ndarray], occupation: int) -> str | None:
    inference = occupation_inference()
    labels = inference.labels
    first, last = np.searchsorted(inference.label_owner, [occupation, occupation + 1])
    best, best_share = None, 0.0
    for stems in clauses:
        found = np.zeros(inference.n_stems, dtype=bool)
        found[stems] = True
        for r in range(first, last):
            lo, hi = labels.indptr[r], labels.indptr[r + 1]
            share = float((labels.data[lo:hi] * found[labels.indices[lo:hi]]).sum())
            if share > best_share + 1e-12:
                best, best_share = inference.label_text[r], share
    return best


def test_label_evidence_equals_label_by_label() -> None:
    inference = occupation_inference()
    candidates, _ = synthetic_population(300, 1, seed=12)
    _, _, _, table = inference.summary_clauses([c.summary for c in candidates])
    rng = np.random.default_rng(2)
    lengths = np.diff(inference.labels.indptr)
    long_owner = inference.label_owner[np.flatnonzero(lengths >= 8)]
    named = 0
    for i in range(len(candidates)):
        clauses = list(table[i])
        occupations = rng.integers(0, inference.n_occupations, 3).tolist()
        occupations.append(int(rng.choice(long_owner)))  # labels of 8+ stems
        for occupation in occupations:
            # Clauses that hold (part of) the occupation's own labels too.
            first, last = np.searchsorted(
                inference.label_owner, [occupation, occupation + 1]
            )
            own = inference.labels.indices[
                inference.labels.indptr[first] : inference.labels.indptr[last]
            ]
            clauses.append(np.unique(rng.choice(own, size=min(4, own.size))))
            got = inference.label_evidence(clauses, occupation)
            assert got == _label_by_label(clauses, occupation)
            named += got is not None
    assert named > 500
