"""Ranking many vacancies at once (block products) equals ranking them one by one."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from matching.evalset import synthetic_population
from matching.index import BATCH_BLOCK, BATCH_VACANCIES, CandidateIndex

AS_OF = date(2026, 1, 15)


def test_many_at_once_equal_one_by_one() -> None:
    candidates, vacancies = synthetic_population(900, BATCH_BLOCK + 6, seed=3)
    assert len(vacancies) >= BATCH_VACANCIES
    # Some people move, and an update leaves a second segment with masked rows.
    moved = [
        dataclasses.replace(c, relocations=((AS_OF + timedelta(days=20), "1011"),))
        for c in candidates[:40]
    ]
    index = CandidateIndex().fit(candidates[40:700])
    index.update([*moved, *candidates[700:]], remove=[c.ref for c in candidates[41:60]])
    assert len(index.segments_) == 2
    together = index.rank_many(vacancies, top=15, as_of=AS_OF)
    alone = [index.rank(v, top=15, as_of=AS_OF) for v in vacancies]
    assert sum(map(len, together)) > 10 * len(vacancies)
    assert together == alone
