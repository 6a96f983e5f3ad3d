"""Scores, reasons and ranking in both directions."""

import random
from dataclasses import replace
from datetime import date

import pytest

from matching.evalset import make_evalset
from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.reasons import REASON_CODES, SCORE_REASONS
from matching.rules import hard_rule_violations
from matching.taxonomy import load_taxonomy
from matching.vacancy_features import vacancy_text
from matching.vacancy_index import VacancyIndex
from matching.weights import DEFAULT_WEIGHTS, Weights

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="module")
def data():
    return make_evalset(n_vacancies=10, per_level=2, n_background=80, seed=21)


@pytest.fixture(scope="module")
def ranked(data):
    index = CandidateIndex().fit(data.candidates)
    return index, index.rank_many(data.vacancies, top=25, as_of=data.as_of)


def test_contributions_add_up_to_the_score(ranked):
    _index, results = ranked
    matches = [m for result in results for m in result]
    assert len(matches) > 100
    for m in matches:
        assert sum(r.contribution for r in m.reasons) == pytest.approx(
            m.score, abs=0.01
        )


def test_scores_lie_between_0_and_100(ranked):
    _index, results = ranked
    assert all(0.0 <= m.score <= 100.0 for result in results for m in result)


def test_a_perfect_profile_scores_the_maximum(make_candidate, make_vacancy):
    tx = load_taxonomy()
    vac = make_vacancy(pc4="1187", languages_required={}, start_date=date(2026, 4, 1))
    everything = tx.essential_skills(vac.esco_occupation) + tx.optional_skills(
        vac.esco_occupation
    )
    cand = make_candidate(
        occupations=((vac.esco_occupation, 10.0),),
        skills=tuple(everything),
        summary=vacancy_text(vac, tx),
        available_from=date(2026, 1, 1),
        w_document_valid_until=date(2027, 12, 31),
    )
    explanation = explain_pair(cand, vac, as_of=AS_OF)
    assert explanation.score is not None
    assert explanation.score == pytest.approx(DEFAULT_WEIGHTS.max_total(), abs=0.01)
    assert DEFAULT_WEIGHTS.max_total() == 100.0


def test_reason_codes_are_registered(ranked):
    _index, results = ranked
    codes = {r.code for result in results for m in result for r in m.reasons}
    assert codes <= set(SCORE_REASONS)
    assert {"same_occupation", "distance", "hours_fit"} <= codes
    assert all(code == code.lower() and " " not in code for code in REASON_CODES)


def test_blocked_pairs_are_never_listed_and_top_is_respected(data, ranked):
    _index, results = ranked
    by_ref = {c.ref: c for c in data.candidates}
    for vacancy, result in zip(data.vacancies, results, strict=True):
        assert len(result) <= 25
        assert [m.score for m in result] == sorted(
            (m.score for m in result), reverse=True
        )
        for m in result:
            assert not hard_rule_violations(
                by_ref[m.candidate_ref], vacancy, data.as_of
            )


def test_ranking_is_deterministic_and_independent_of_input_order(data, ranked):
    _index, results = ranked
    shuffled = list(data.candidates)
    random.Random(1).shuffle(shuffled)
    again = (
        CandidateIndex()
        .fit(shuffled)
        .rank_many(data.vacancies, top=25, as_of=data.as_of)
    )
    assert again == results


def test_ties_are_broken_by_ref(make_candidate, make_vacancy):
    twins = [make_candidate(ref=ref) for ref in ("K-b", "K-c", "K-a")]
    result = CandidateIndex().fit(twins).rank(make_vacancy(), top=2, as_of=AS_OF)
    assert [m.candidate_ref for m in result] == ["K-a", "K-b"]
    assert result[0].score == result[1].score


def test_both_directions_and_explain_give_the_same_score(data, ranked):
    index, results = ranked
    vacancy_index = VacancyIndex().fit(data.vacancies)
    by_ref = {c.ref: c for c in data.candidates}
    checked = 0
    for vacancy, result in zip(data.vacancies, results, strict=True):
        for m in result[:3]:
            candidate = by_ref[m.candidate_ref]
            other = vacancy_index.rank(
                candidate, top=len(data.vacancies), as_of=data.as_of
            )
            mirrored = next(x for x in other if x.vacancy_ref == vacancy.ref)
            assert mirrored.score == m.score
            assert mirrored.reasons == m.reasons
            assert (
                index.explain(vacancy, m.candidate_ref, as_of=data.as_of).score
                == m.score
            )
            assert (
                vacancy_index.explain(candidate, vacancy.ref, as_of=data.as_of).score
                == m.score
            )
            checked += 1
    assert checked >= 10


def test_vacancy_index_ranks_vacancies_best_first(data):
    index = VacancyIndex().fit(data.vacancies)
    for candidate in data.candidates[:20]:
        result = index.rank(candidate, top=3, as_of=data.as_of)
        assert len(result) <= 3
        assert all(m.candidate_ref == candidate.ref for m in result)
        assert [m.score for m in result] == sorted(
            (m.score for m in result), reverse=True
        )


def test_update_equals_a_fresh_fit(data):
    first, rest = data.candidates[:60], data.candidates[60:]
    changed = replace(first[0], hours_per_week=8.0)
    index = CandidateIndex().fit(first).update([*rest, changed], remove=[first[1].ref])
    expected_pool = [changed, *first[2:], *rest]
    fresh = CandidateIndex().fit(expected_pool)
    assert len(index) == len(fresh)
    for vacancy in data.vacancies[:4]:
        assert index.rank(vacancy, top=15, as_of=data.as_of) == fresh.rank(
            vacancy, top=15, as_of=data.as_of
        )


def test_more_shared_skills_never_lower_a_score(make_candidate, make_vacancy):
    tx = load_taxonomy()
    vac = make_vacancy()
    wanted = tx.essential_skills(vac.esco_occupation) + tx.optional_skills(
        vac.esco_occupation
    )
    rng = random.Random(4)
    starts = [
        make_candidate(occupations=(), skills=(), summary="Werkte in een magazijn."),
        make_candidate(
            occupations=(), skills=tuple(rng.sample([s.uri for s in tx.skills], 5))
        ),
        make_candidate(),
        make_candidate(
            occupations=((load_taxonomy().search_occupations("lasser")[0].uri, 2.0),)
        ),
    ]
    for start in starts:
        skills = list(start.skills)
        previous = explain_pair(start, vac, as_of=AS_OF).score
        assert previous is not None
        for uri in rng.sample(wanted, 12):
            skills.append(uri)
            score = explain_pair(
                replace(start, skills=tuple(skills)), vac, as_of=AS_OF
            ).score
            assert score is not None
            assert score >= previous - 1e-9
            previous = score


def test_same_occupation_beats_related_beats_unrelated(
    make_candidate, make_vacancy, occupations
):
    vac = make_vacancy()
    pool = [
        make_candidate(ref="K-same", occupations=((occupations["cook"], 3.0),)),
        make_candidate(
            ref="K-unit", occupations=((occupations["industrial cook"], 3.0),)
        ),
        make_candidate(ref="K-other", occupations=((occupations["welder"], 3.0),)),
    ]
    result = CandidateIndex().fit(pool).rank(vac, top=3, as_of=AS_OF)
    assert [m.candidate_ref for m in result] == ["K-same", "K-unit", "K-other"]
    assert result[1].reasons[0].code == "related_occupation_unit_group"


@pytest.mark.parametrize(
    ("summary", "lang"),
    [
        ("Heeft drie jaar als kok in een restaurant gewerkt.", "nl"),
        ("Worked as a cook in a hotel kitchen.", "en"),
    ],
)
def test_a_summary_alone_finds_the_occupation(
    make_candidate, make_vacancy, occupations, summary, lang
):
    text_only = make_candidate(ref="K-text", occupations=(), summary=summary)
    welder = make_candidate(ref="K-welder", occupations=((occupations["welder"], 3.0),))
    result = (
        CandidateIndex()
        .fit([text_only, welder])
        .rank(make_vacancy(), top=2, as_of=AS_OF)
    )
    assert result[0].candidate_ref == "K-text"
    same = next(r for r in result[0].reasons if r.code == "same_occupation")
    assert same.params["source"] == "summary"
    text = next(r for r in result[0].reasons if r.code == "text_similarity")
    assert text.params["text_only"] is True
    assert ("kok" if lang == "nl" else "cook") in text.params["words"]


def test_skills_alone_infer_the_occupation(make_candidate, make_vacancy):
    tx = load_taxonomy()
    vac = make_vacancy()
    skills = tuple(tx.essential_skills(vac.esco_occupation)[:10])
    cand = make_candidate(occupations=(), skills=skills)
    reasons = {r.code: r for r in explain_pair(cand, vac, as_of=AS_OF).reasons}
    assert reasons["same_occupation"].params["source"] == "skills"
    assert reasons["same_occupation"].contribution < DEFAULT_WEIGHTS.same_occupation
    assert len(reasons["essential_skills"].params["listed"]) == 10


def test_other_weights_change_the_score(make_candidate, make_vacancy):
    cand, vac = make_candidate(), make_vacancy()
    default = explain_pair(cand, vac, as_of=AS_OF).score
    heavier = explain_pair(
        cand, vac, as_of=AS_OF, weights=Weights(same_occupation=35.0)
    ).score
    assert heavier == pytest.approx(default + 10.0)
