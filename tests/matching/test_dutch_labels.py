"""Dutch skill labels: three shipped sources in order, and a glossary over them."""

from __future__ import annotations

import pytest

from matching.taxonomy import Taxonomy, load_taxonomy

BUILDING_CLEANER = "schoonmaker gebouwen"


@pytest.fixture
def fresh() -> Taxonomy:
    """A private copy, so setting a glossary does not leak into other tests."""
    from matching.taxonomy import TAXONOMY_FILE, _read_json_gz

    return Taxonomy(_read_json_gz(TAXONOMY_FILE))


def test_every_essential_skill_of_a_building_cleaner_is_dutch():
    tx = load_taxonomy()
    occ = next(o for o in tx.occupations if o.label_nl == BUILDING_CLEANER)
    skills = [tx.skill(uri) for uri in tx.essential_skills(occ.uri)]
    assert len(skills) == 22
    assert all(s is not None and s.label_nl for s in skills)
    sources = {s.label_nl_source for s in skills if s}
    assert sources == {"esco-1.1.1", "esco-1.0.3", "werkbrug"}


def test_the_v111_label_wins_over_the_older_crosswalk_label():
    # "planning uitvoeren" (v1.0.3) was reworded to "plannen" in v1.1.1.
    tx = load_taxonomy()
    planned = [s for s in tx.skills if s.label_nl == "planning uitvoeren"]
    assert all(s.label_nl_source != "esco-1.1.1" for s in planned)
    assert any(s.label_nl_source == "esco-1.1.1" for s in tx.skills)


def test_dutch_search_finds_cooking_skills_by_everyday_words():
    found = load_taxonomy().search_skills("koken", "nl", 10)
    labels = [s.label_nl for s in found]
    assert "kooktechnieken gebruiken" in labels
    assert "vis bereiden" in labels


def test_a_glossary_label_replaces_the_shipped_one_and_is_searchable(fresh):
    uri = fresh.search_skills("afstoffen", "nl", 1)[0].uri
    fresh.set_glossary({uri: ("stof afnemen", ["plumeau gebruiken"])})
    assert fresh.label(uri, "nl") == ("stof afnemen", "nl")
    assert fresh.skill(uri).label_nl_source == "glossary"
    assert fresh.search_skills("plumeau", "nl", 1)[0].uri == uri
    assert fresh.shipped_skill(uri).label_nl == "afstoffen"
    fresh.set_glossary({})
    assert fresh.label(uri, "nl") == ("afstoffen", "nl")


def test_a_glossary_gives_a_skill_without_dutch_its_first_label(fresh):
    skill = next(s for s in fresh.skills if not s.label_nl)
    assert fresh.label(skill.uri, "nl")[1] == "en"
    fresh.set_glossary({skill.uri: ("iets nieuws", [])})
    assert fresh.label(skill.uri, "nl") == ("iets nieuws", "nl")
