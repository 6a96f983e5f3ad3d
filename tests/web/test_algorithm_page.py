"""The public page on how matching works: reachable without login, generated from the weights."""

from __future__ import annotations

import dataclasses
import re

import pytest

from matching import weights as match_weights


def test_page_is_public_and_dutch(client) -> None:
    response = client.get("/hoe-werkt-matchen")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    for heading in (
        "Welke gegevens gebruiken we?",
        "Welke gegevens gebruiken we niet?",
        "Harde regels",
        "De score en de gewichten",
        "Een mens beslist",
        "Bezwaar en vragen",
    ):
        assert heading in html
    assert "Nationaliteit en land van herkomst" in html
    assert "Het W-document verloopt vóór de startdatum." in html


def test_page_is_linked_from_every_page(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/hoe-werkt-matchen"' in html


def cell(text: str, html: str) -> bool:
    """Whether a table cell holds exactly ``text`` (cells carry a role and column name)."""
    return re.search(rf"<td\b[^>]*>{re.escape(text)}</td>", html) is not None


def test_page_shows_the_weights_from_the_code(client, monkeypatch) -> None:
    html = client.get("/hoe-werkt-matchen").get_data(as_text=True)
    assert cell("25", html)  # same_occupation, the default weight
    assert cell("−6", html)  # one CEFR level short, a penalty

    changed = dataclasses.replace(
        match_weights.DEFAULT_WEIGHTS, same_occupation=31.5, distance=4.0
    )
    monkeypatch.setattr(match_weights, "DEFAULT_WEIGHTS", changed)
    html = client.get("/hoe-werkt-matchen").get_data(as_text=True)

    assert cell("31,5", html)
    assert not cell("25", html)
    assert f"krijgt {changed.max_total():g} punten" in html


def test_ranking_uses_the_same_weights_as_the_page(app_ctx, monkeypatch) -> None:
    from portal.services.matches import ranking as matching_service
    from tests.fixtures.actors import create_employer
    from tests.fixtures.matches import create_match_profile, create_match_vacancy

    vacancy = create_match_vacancy(create_employer())
    create_match_profile()
    changed = dataclasses.replace(match_weights.DEFAULT_WEIGHTS, same_occupation=31.5)
    monkeypatch.setattr(match_weights, "DEFAULT_WEIGHTS", changed)

    (suggestion,) = matching_service.rank_candidates(vacancy).items

    (part,) = [r for r in suggestion.reasons if r.code == "same_occupation"]
    assert part.contribution == pytest.approx(31.5)


def test_page_in_english(client) -> None:
    client.get("/taal/en")
    html = client.get("/hoe-werkt-matchen").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Nationality and country of origin" in html
    assert "The workplace is beyond the person" in html
