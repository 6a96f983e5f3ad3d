"""Relocations inside the index: people placed where they live on the start day, no second index."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from matching.evalset import synthetic_population
from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.vacancy_index import VacancyIndex

AS_OF = date(2026, 1, 15)
MOVE = AS_OF + timedelta(days=40)


def _ranked(index: CandidateIndex, vacancies, **kw) -> list:
    out = []
    for vacancy in vacancies:
        out.append(
            [
                (m.candidate_ref, round(m.score, 9), m.reasons)
                for m in index.rank(vacancy, top=10, as_of=AS_OF, **kw)
            ]
        )
    return out


def test_movers_are_ranked_from_the_address_of_the_start_day() -> None:
    candidates, vacancies = synthetic_population(300, 6, seed=3)
    target = vacancies[0].pc4
    moving = {c.ref for c in candidates[:80]}
    with_moves = [
        dataclasses.replace(c, relocations=((MOVE, target),)) if c.ref in moving else c
        for c in candidates
    ]
    moved_now = [
        dataclasses.replace(c, pc4=target) if c.ref in moving else c for c in candidates
    ]
    index = CandidateIndex().fit(with_moves)
    assert len(index.segments_) == 1  # one index, no second one for the movers

    after = [
        dataclasses.replace(v, start_date=MOVE + timedelta(days=5)) for v in vacancies
    ]
    before = [
        dataclasses.replace(v, start_date=MOVE - timedelta(days=5)) for v in vacancies
    ]
    got_after = _ranked(index, after)
    got_before = _ranked(index, before)

    assert got_after == _ranked(CandidateIndex().fit(moved_now), after)
    assert got_before == _ranked(CandidateIndex().fit(candidates), before)
    # The comparison is not between two equal lists: the move changes who is proposed.
    assert got_after != got_before
    assert any(ref in moving for ranking in got_after for ref, _, _ in ranking)


def test_the_move_day_itself_counts_as_moved(make_candidate, make_vacancy) -> None:
    vacancy = make_vacancy(start_date=MOVE)
    # Lives in Groningen, moves within reach of the Amsterdam workplace.
    moving = make_candidate(pc4="9711", relocations=((MOVE, "1187"),))
    index = CandidateIndex().fit([moving])
    assert [m.candidate_ref for m in index.rank(vacancy, as_of=AS_OF)] == ["K-1"]
    earlier = make_vacancy(start_date=MOVE - timedelta(days=1))
    assert index.rank(earlier, as_of=AS_OF) == []
    # The explanation of the pair agrees with the ranking, with or without an index.
    explained = index.explain(vacancy, "K-1", as_of=AS_OF)
    assert not explained.is_blocked
    assert explain_pair(moving, vacancy, as_of=AS_OF) == explained
    blocked = index.explain(earlier, "K-1", as_of=AS_OF)
    assert [r.code for r in blocked.blocked] == ["blocked_too_far"]


def test_a_move_to_an_unknown_area_is_never_proposed_after_it(
    make_candidate, make_vacancy
) -> None:
    person = make_candidate(relocations=((MOVE, "0000"),))
    index = CandidateIndex().fit([person])
    before = make_vacancy(start_date=MOVE - timedelta(days=1))
    after = make_vacancy(start_date=MOVE + timedelta(days=1))
    assert [m.candidate_ref for m in index.rank(before, as_of=AS_OF)] == ["K-1"]
    assert index.rank(after, as_of=AS_OF) == []
    assert index.explain(after, "K-1", as_of=AS_OF).is_blocked


def test_later_moves_win_and_earlier_ones_still_count(
    make_candidate, make_vacancy
) -> None:
    far, near = "9711", "1187"
    person = make_candidate(
        pc4=far, relocations=((MOVE, near), (MOVE + timedelta(days=30), far))
    )
    index = CandidateIndex().fit([person])
    listed = [
        bool(index.rank(make_vacancy(start_date=MOVE + timedelta(days=d)), as_of=AS_OF))
        for d in (-1, 0, 29, 30, 60)
    ]
    assert listed == [False, True, True, False, False]


def test_the_vacancy_index_places_a_mover_per_vacancy() -> None:
    candidates, vacancies = synthetic_population(40, 8, seed=6)
    person = candidates[0]
    target = vacancies[0].pc4
    moving = dataclasses.replace(person, relocations=((MOVE, target),))
    placed = dataclasses.replace(person, pc4=target)
    starts = [MOVE + timedelta(days=d) for d in (-20, -1, 0, 3, 30, -9, 12, 1)]
    pool = [
        dataclasses.replace(v, start_date=s)
        for v, s in zip(vacancies, starts, strict=True)
    ]
    got = VacancyIndex().fit(pool).rank(moving, top=len(pool), as_of=AS_OF)
    want = []
    for vacancy in pool:
        where = placed if vacancy.start_date >= MOVE else person
        want += VacancyIndex().fit([vacancy]).rank(where, top=1, as_of=AS_OF)
    want.sort(key=lambda m: (-m.score, m.vacancy_ref))
    assert got == want
    assert got  # not two empty lists
