"""Occupation inference from skills and summaries: typos, languages, stop words."""

import pytest

from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.stopwords import DUTCH, ENGLISH, is_stop_word
from matching.taxonomy import load_taxonomy
from matching.textmatch import summary_years, within_one_edit, words

from .conftest import AS_OF


def _same_occupation(cand, vac):
    reasons = {r.code: r for r in explain_pair(cand, vac, as_of=AS_OF).reasons}
    return reasons.get("same_occupation")


@pytest.mark.parametrize(
    "summary",
    [
        "Werkte als kok in een restaurant.",
        "Werkte als entremettier in een restaurant.",  # typo, one letter doubled
        "Used to work as a cook back home.",
        "Heeft als kokkin gewerkt.",  # an alternative label
        "Job before: cook. Kan ook soepen bereiden.",  # mixed languages
    ],
)
def test_a_summary_names_the_occupation_and_the_reason_says_how(
    make_candidate, make_vacancy, summary
):
    cand = make_candidate(occupations=(), summary=summary)
    same = _same_occupation(cand, make_vacancy())
    assert same is not None
    assert same.params["source"] == "summary"
    assert same.params["evidence"]  # the label the summary contains


def test_a_typo_is_repaired_but_a_different_word_is_not():
    assert within_one_edit("factroy", "factory")
    assert within_one_edit("porductie", "productie")  # two neighbours swapped
    assert within_one_edit("prductei", "productie") is False  # two edits
    assert within_one_edit("magazijn", "magazijnn")
    assert within_one_edit("kok", "kat") is False


def test_a_dutch_compound_written_apart_still_meets_its_label(
    make_candidate, make_vacancy
):
    tx = load_taxonomy()
    kitchen = tx.search_occupations("keukenhulp", lang="nl", limit=1)[0]
    vac = make_vacancy(esco_occupation=kitchen.uri, title="Keukenhulp")
    cand = make_candidate(occupations=(), summary="Was keuken assistent in een hotel.")
    assert _same_occupation(cand, vac) is not None


def test_skills_reason_names_the_skills_it_inferred_from(make_candidate, make_vacancy):
    tx = load_taxonomy()
    vac = make_vacancy()
    skills = tuple(tx.essential_skills(vac.esco_occupation)[:8])
    same = _same_occupation(make_candidate(occupations=(), skills=skills), vac)
    assert same.params["source"] == "skills"
    assert same.params["evidence"]
    assert set(same.params["evidence"]) <= set(skills)


def test_years_in_a_summary_count_as_experience(make_candidate, make_vacancy):
    assert summary_years("Heeft 7 jaar als kok gewerkt") == 7
    assert summary_years("4 yrs cook, 2 years waiter") == 4
    assert summary_years("kok") == 0
    with_years = make_candidate(occupations=(), summary="6 jaar kok in Syrië.")
    reasons = explain_pair(with_years, make_vacancy(), as_of=AS_OF).reasons
    assert any(r.code == "experience_years" for r in reasons)


def test_stop_words_are_never_evidence_nor_shown(make_candidate, make_vacancy):
    assert {"in", "en", "een", "de", "het"} <= DUTCH
    assert {"in", "and", "the", "of", "a"} <= ENGLISH
    assert words("Hij werkte in de keuken en een hotel") == ["keuken", "hotel"]
    cand = make_candidate(
        occupations=(),
        summary="Werkte in een keuken en in de bediening van een restaurant, "
        "and in the kitchen of a hotel.",
    )
    vac = make_vacancy(description="Wij zoeken een kok voor in de keuken en de zaal.")
    result = CandidateIndex().fit([cand]).rank(vac, top=1, as_of=AS_OF)[0]
    text = next(r for r in result.reasons if r.code == "text_similarity")
    assert text.params["words"]
    assert not [w for w in text.params["words"] if is_stop_word(w)]
