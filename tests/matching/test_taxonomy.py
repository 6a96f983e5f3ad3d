"""The ESCO taxonomy the portal uses for labels, search and skill profiles."""

import pytest

from matching.taxonomy import load_taxonomy

COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
HEAD_CHEF = "http://data.europa.eu/esco/occupation/01484951-15e6-4b88-a20f-1201868d36a0"
MISSING_OCC = (
    "http://data.europa.eu/esco/occupation/a9e54177-a185-404d-b6e6-15663d31137e"
)


@pytest.fixture(scope="module")
def tx():
    return load_taxonomy()


def test_load_taxonomy_is_a_cached_singleton(tx):
    assert load_taxonomy() is tx


def test_taxonomy_has_all_esco_concepts(tx):
    assert len(tx.occupations) == 3007
    assert len(tx.skills) == 13896


def test_occupation_lookup_gives_both_languages_and_isco(tx):
    cook = tx.occupation(COOK)
    assert cook is not None
    assert (cook.label_nl, cook.label_en, cook.isco_group, cook.code) == (
        "kok",
        "cook",
        "5120",
        "5120.1",
    )
    assert "chef-kok" in cook.alt_nl
    assert "fry cook" in cook.alt_en


def test_unknown_uris_give_none(tx):
    assert tx.occupation(MISSING_OCC) is None
    assert tx.skill("http://data.europa.eu/esco/skill/nope") is None
    assert tx.essential_skills(MISSING_OCC) == []


@pytest.mark.parametrize("query", ["kok", "cook", "chef-kok", "Chef Kok", "KOK"])
def test_search_occupations_finds_cook(tx, query):
    found = [o.uri for o in tx.search_occupations(query, limit=3)]
    assert COOK in found


@pytest.mark.parametrize(
    ("query", "lang"), [("kok", "nl"), ("cook", "en"), ("cook", "nl")]
)
def test_search_occupations_ranks_exact_preferred_label_first(tx, query, lang):
    assert tx.search_occupations(query, lang=lang)[0].uri == COOK


def test_search_is_accent_insensitive(tx):
    plain = [o.uri for o in tx.search_occupations("patissier")]
    accented = [o.uri for o in tx.search_occupations("pâtissier")]
    assert plain == accented
    assert COOK in plain


def test_search_prefers_prefix_over_substring(tx):
    labels = [o.label_nl for o in tx.search_occupations("timmer", limit=5)]
    assert labels[0].startswith("timmer")


def test_search_joins_split_compound_words(tx):
    found = tx.search_occupations("heftruck chauffeur", limit=3)
    assert found
    assert found[0].label_nl == "heftruckchauffeur"


def test_search_respects_limit_and_empty_query(tx):
    assert len(tx.search_occupations("a", limit=4)) == 4
    assert tx.search_occupations("   ") == []
    assert tx.search_occupations("xqzxqz") == []


def test_search_skills_in_english_and_dutch(tx):
    assert tx.search_skills("welding techniques")[0].label_en == "welding techniques"
    assert tx.search_skills("Nederlands", lang="nl")[0].label_nl == "Nederlands"


def test_label_of_skill_without_dutch_label_is_marked_english(tx):
    skill = next(s for s in tx.skills if s.label_nl is None)
    assert tx.label(skill.uri, "nl") == (skill.label_en, "en")


def test_label_of_skill_with_dutch_label(tx):
    skill = next(s for s in tx.skills if s.label_nl)
    assert tx.label(skill.uri, "nl") == (skill.label_nl, "nl")
    assert tx.label(skill.uri, "en") == (skill.label_en, "en")


def test_label_of_occupation_and_isco_uri(tx):
    assert tx.label(COOK, "nl") == ("kok", "nl")
    assert tx.label(COOK, "en") == ("cook", "en")
    assert tx.label("http://data.europa.eu/esco/isco/C5120", "en")[1] == "en"


def test_label_of_unknown_uri_raises(tx):
    with pytest.raises(KeyError):
        tx.label("http://example.org/x", "nl")


@pytest.mark.parametrize("code", ["5", "51", "512", "5120"])
def test_isco_label_for_every_level(tx, code):
    assert tx.isco_label(code, "nl")
    assert tx.isco_label(code, "en")


def test_isco_label_unknown_code_raises(tx):
    with pytest.raises(KeyError):
        tx.isco_label("99999", "nl")


def test_occupations_in_isco_group(tx):
    in_512 = tx.occupations_in_isco("512")
    assert COOK in [o.uri for o in in_512]
    assert all(o.isco_group.startswith("512") for o in in_512)
    assert HEAD_CHEF not in [o.uri for o in in_512]


def test_essential_and_optional_skills_are_disjoint_skill_uris(tx):
    essential = tx.essential_skills(COOK)
    optional = tx.optional_skills(COOK)
    assert len(essential) >= 5
    assert optional
    assert not set(essential) & set(optional)
    assert all(tx.skill(u) is not None for u in essential + optional)


def test_occupation_description_in_both_languages(tx):
    assert "kok" in tx.occupation_description(COOK, "nl").lower()
    assert "cook" in tx.occupation_description(COOK, "en").lower()
