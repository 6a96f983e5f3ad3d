"""CandidateIndex.relocated: people placed elsewhere without featurising them again."""

from __future__ import annotations

import dataclasses
from datetime import date

from matching.evalset import synthetic_population
from matching.index import CandidateIndex

AS_OF = date(2026, 1, 15)


def test_a_relocated_index_ranks_like_a_fresh_fit_at_the_new_address() -> None:
    candidates, vacancies = synthetic_population(300, 5, seed=3)
    index = CandidateIndex().fit(candidates)
    # Everyone moves to the first vacancy's postcode area: most come within reach.
    target = vacancies[0].pc4
    moving = candidates[:80]
    moved = index.relocated({c.ref: target for c in moving})
    fresh = CandidateIndex().fit([dataclasses.replace(c, pc4=target) for c in moving])
    assert len(moved) == len(moving)
    listed = 0
    for vacancy in vacancies:
        got = moved.rank(vacancy, top=10, as_of=AS_OF)
        want = fresh.rank(vacancy, top=10, as_of=AS_OF)
        assert [(m.candidate_ref, round(m.score, 9)) for m in got] == [
            (m.candidate_ref, round(m.score, 9)) for m in want
        ]
        assert [m.reasons for m in got] == [m.reasons for m in want]
        listed += len(got)
    assert listed > 0  # the comparison is not between two empty lists
    assert {c.pc4 for c in moved.candidates_.values()} == {target}
    # The original index is untouched.
    assert index.candidates_[moving[0].ref].pc4 == moving[0].pc4


def test_refs_the_index_does_not_know_are_left_out() -> None:
    candidates, _ = synthetic_population(20, 1, seed=5)
    index = CandidateIndex().fit(candidates)
    moved = index.relocated({"unknown": "1011", candidates[0].ref: "1011"})
    assert list(moved.candidates_) == [candidates[0].ref]
