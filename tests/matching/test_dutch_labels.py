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


#: The pilots' typical occupations (ESCO English label, ISCO-08 unit group): cleaning,
#: kitchen and hospitality, logistics and warehouse, production, care, bakery, driving.
PILOT_OCCUPATIONS = [
    ("building cleaner", "9112"),
    ("train cleaner", "9112"),
    ("cook", "5120"),
    ("industrial cook", "5120"),
    ("kitchen assistant", "9412"),
    ("kitchen porter", "9412"),
    ("waiter/waitress", "5131"),
    ("host/hostess", "4221"),
    ("factory hand", "9329"),
    ("hand packer", "9321"),
    ("packaging and filling machine operator", "8183"),
    ("warehouse worker", "9333"),
    ("warehouse order picker", "9333"),
    ("forklift operator", "8344"),
    ("home care aide", "5322"),
    ("healthcare assistant", "5321"),
    ("nurse assistant", "5321"),
    ("baker", "7512"),
    ("confectioner", "7512"),
    ("car and van delivery driver", "8322"),
    ("taxi driver", "8322"),
    ("private chauffeur", "8322"),
    ("patient transport services driver", "8322"),
    ("bus driver", "8331"),
    ("tram driver", "8331"),
    ("trolley bus driver", "8331"),
]


@pytest.mark.parametrize(("label_en", "isco"), PILOT_OCCUPATIONS)
def test_every_essential_skill_of_a_pilot_occupation_has_a_dutch_label(label_en, isco):
    tx = load_taxonomy()
    (occ,) = [
        o for o in tx.occupations if o.label_en == label_en and o.isco_group == isco
    ]
    skills = [tx.skill(uri) for uri in tx.essential_skills(occ.uri)]
    english = sorted(s.label_en for s in skills if s is not None and not s.label_nl)
    assert len(skills) >= 4
    assert english == [], f"{occ.label_nl}: {len(english)} of {len(skills)} English"


def test_the_starter_glossary_says_who_translated_and_who_still_reviews():
    import csv
    from importlib import resources

    path = resources.files("matching").joinpath("data", "skill_labels_nl_starter.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert all("projectteam" in r["review"] for r in rows)
    assert all("nog te beoordelen door de gemeente" in r["review"] for r in rows)


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
