"""ESCO search over HTTP: the JSON endpoints behind the pickers and the plain pages."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest

from tests.fixtures.vacancies import KOK_URI

#: "identify nutritional properties of food": no Dutch label in ESCO nor the starter glossary.
SKILL_EN_ONLY = "http://data.europa.eu/esco/skill/2846ad39-6535-48cf-a4c4-64f0ae9066c1"


@pytest.mark.parametrize("query", ["kok", "cook", "chef-kok", "KOK", "Chef Kok"])
def test_occupation_search_finds_the_cook_in_dutch_and_english(
    login, employer_user, query
):
    response = login(employer_user).get(f"/taxonomie/beroepen.json?q={quote(query)}")
    assert response.status_code == 200
    uris = [hit["uri"] for hit in response.json["results"]]
    assert KOK_URI in uris[:3]


def test_exact_label_ranks_first(login, employer_user):
    results = login(employer_user).get("/taxonomie/beroepen.json?q=kok").json["results"]
    assert results[0] == {
        "uri": KOK_URI,
        "label": "kok",
        "lang": "nl",
        "other_label": "cook",
        "other_lang": "en",
        "isco_group": "5120",
        "isco_label": "Koks",
    }


def test_english_page_gets_english_labels_first(login, employer_user):
    client = login(employer_user)
    client.get("/taal/en?next=/")
    first = client.get("/taxonomie/beroepen.json?q=cook").json["results"][0]
    assert (first["uri"], first["label"], first["lang"]) == (KOK_URI, "cook", "en")


def test_skill_without_dutch_label_is_marked_english(login, matchmaker):
    results = (
        login(matchmaker)
        .get("/taxonomie/vaardigheden.json?q=nutritional properties")
        .json["results"]
    )
    hit = next(h for h in results if h["uri"] == SKILL_EN_ONLY)
    assert (hit["label"], hit["lang"]) == (
        "identify nutritional properties of food",
        "en",
    )


def test_limit_is_capped_and_empty_query_gives_nothing(login, admin):
    client = login(admin)
    assert client.get("/taxonomie/beroepen.json?q=").json["results"] == []
    many = client.get("/taxonomie/vaardigheden.json?q=a&limit=500").json["results"]
    assert len(many) == 25


def test_search_needs_a_login(client):
    response = client.get("/taxonomie/beroepen.json?q=kok")
    assert response.status_code == 302


def test_plain_occupation_page_works_without_javascript(login, employer_user):
    page = unescape(
        login(employer_user).get("/taxonomie/beroepen?q=cook").get_data(as_text=True)
    )
    assert "<caption>Beroepen voor ‘cook’</caption>" in page
    assert re.search(r"<td\b[^>]*>kok</td>", page)  # a cell (with its column name)
    assert '<span lang="en">cook</span>' in page


def test_plain_skill_page_marks_english_labels(login, employer_user):
    page = unescape(
        login(employer_user)
        .get("/taxonomie/vaardigheden?q=nutritional properties")
        .get_data(as_text=True)
    )
    assert '<span lang="en">identify nutritional properties of food</span>' in page
