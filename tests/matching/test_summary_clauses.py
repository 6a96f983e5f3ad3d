"""Summaries read in one batch give the same clauses as reading them one by one."""

from __future__ import annotations

import numpy as np

from matching.evalset import synthetic_population
from matching.feature_space import feature_space
from matching.inference import OccupationInference
from matching.text import load_text_encoder
from matching.textmatch import clauses, clauses_of_many

ODD = [
    "",
    "   ",
    ".,;",
    "Kok. Kok. kok!",
    "Werkte als entremettier in een restaurant.",
    "porductiemedewerker in een factroy; heftruck rijbewijs",
    "medewerker keuken, pizza kok (3 jaar)",
    "de het een and the of",
    "Ölçüm müh. İstanbul ĞÜŞ; ﬁne ﬂoor straße",
    "x\u0301y — lasser/monteur\tmagazijn\nheftruck",
    "Kok. Kok. kok!",  # a repeated summary
]


def _fresh() -> OccupationInference:
    """An inference of its own (nothing read yet: each way repairs its own typos)."""
    space = feature_space()
    return OccupationInference(space.tx, load_text_encoder(), space.skill_idf)


def _one_by_one(summaries: list[str]) -> list[list[tuple[int, ...]]]:
    """Per profile, the sorted stems of each clause that holds an ESCO word."""
    inference = _fresh()
    out = []
    for summary in summaries:
        found = []
        for part in clauses(summary):
            columns = inference.vocabulary.columns(part)
            if columns:
                found.append(
                    tuple(sorted({int(inference.word_stem[c]) for c in columns}))
                )
        out.append(found)
    return out


def test_batch_clauses_equal_clause_by_clause_reading() -> None:
    candidates, _ = synthetic_population(600, 5, seed=4)
    summaries = [c.summary for c in candidates] + ODD
    inference = _fresh()
    matrix, clause_of, owner, table = inference.summary_clauses(summaries)
    want = _one_by_one(summaries)
    assert sum(map(len, want)) > 1000
    for i, expected in enumerate(want):
        assert [tuple(s.tolist()) for s in table[i]] == expected
        rows = clause_of[owner == i]
        got = [
            tuple(matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]]) for r in rows
        ]
        assert got == expected
    # Each distinct clause is one row: no two rows hold the same stems.
    rows = {
        tuple(matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]])
        for r in range(matrix.shape[0])
    }
    assert len(rows) == matrix.shape[0]
    assert np.all(np.diff(owner) >= 0)


def test_clauses_of_many_cuts_like_clauses() -> None:
    texts = ["", " a. b ,, c;(d)[e]\n f!? ", "een zin zonder teken", "...", *ODD]
    assert clauses_of_many(texts) == [clauses(t) for t in texts]
