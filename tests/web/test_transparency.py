"""Transparency documents from the live portal: register JSON, instructions, notices."""

from __future__ import annotations

import dataclasses
from html import unescape

import pytest

from matching import weights as match_weights
from matching.algoritmeregister import REGISTER_FIELDS
from portal.extensions import db
from portal.services.matches.transparency import NOTICE_LANGUAGES
from tests.fixtures.candidates import create_profile
from tests.fixtures.oversight import switch_suggestions


def test_register_json_has_every_field_and_is_public(client) -> None:
    response = client.get("/hoe-werkt-matchen.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    entry = response.get_json()
    for key in REGISTER_FIELDS:
        assert entry[key], key
    assert entry["organisation"] == "Werkplein Amstelveen"
    assert entry["status"]["nl"] == "In gebruik"
    assert entry["technical_working"]["quality"]
    # Nothing claimed that the configuration does not report.
    assert entry["source_code"]["location"] is None
    assert "op te vragen" in entry["source_code"]["description"]["nl"]
    assert [a["reported"] for a in entry["impact_assessments"]] == [False] * 3


def test_register_json_reports_what_the_municipality_configured(app, client) -> None:
    app.config.update(
        ALGORITHM_SOURCE_CODE="https://code.amstelveen.example/werkbrug",
        FRIA_STATUS="Uitgevoerd op 2027-03-01 (besluit B&W 2027/12)",
    )
    entry = client.get("/hoe-werkt-matchen.json").get_json()
    assert entry["source_code"]["location"] == (
        "https://code.amstelveen.example/werkbrug"
    )
    assessments = {a["code"]: a for a in entry["impact_assessments"]}
    assert assessments["fria"]["reported"] is True
    assert assessments["fria"]["status"]["nl"].startswith("Uitgevoerd op 2027-03-01")
    assert assessments["dpia"]["reported"] is False
    assert assessments["iama"]["status"]["en"].startswith("Not yet done")


def test_register_json_follows_the_weights_and_the_switch(app, client, monkeypatch):
    before = client.get("/hoe-werkt-matchen.json").get_json()
    changed = dataclasses.replace(match_weights.DEFAULT_WEIGHTS, distance=13.0)
    monkeypatch.setattr(match_weights, "DEFAULT_WEIGHTS", changed)
    switch_suggestions(app, False)
    after = client.get("/hoe-werkt-matchen.json").get_json()
    assert before["technical_working"]["weights"]["distance"] == 10.0
    assert after["technical_working"]["weights"]["distance"] == 13.0
    assert "distance 13" in after["technical_working"]["weights_text"]["en"]
    assert "uitgezet" in after["status"]["nl"]


def test_instructions_show_accuracy_limits_and_explanation(client) -> None:
    html = unescape(
        client.get("/hoe-werkt-matchen/gebruiksaanwijzing").get_data(as_text=True)
    )
    assert "Hoe betrouwbaar is de volgorde?" in html
    assert "nDCG@10" in html
    assert "Wat de portal niet weet" in html
    assert "Wat de uitleg bij een voorstel betekent" in html
    assert "0,965" in html  # the measured ESCO-set figure, Dutch notation


@pytest.mark.parametrize("lang", sorted(NOTICE_LANGUAGES))
def test_matchmaker_prints_the_candidate_notice(login, matchmaker, lang) -> None:
    response = login(matchmaker).get(f"/uitleg-voor-kandidaten/{lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    direction = NOTICE_LANGUAGES[lang][2]
    assert f'lang="{lang}" dir="{direction}"' in html
    assert "Amstelveen" in html  # the municipality is filled in
    assert "<h2>" in html


def test_notice_is_for_staff_and_unknown_languages_404(client, login, matchmaker):
    assert client.get("/uitleg-voor-kandidaten/nl").status_code in (302, 401, 403)
    assert login(matchmaker).get("/uitleg-voor-kandidaten/xx").status_code == 404


def test_admin_reviews_the_notice_templates(login, admin, matchmaker) -> None:
    html = unescape(
        login(admin).get("/beheer/uitleg-voor-kandidaten").get_data(as_text=True)
    )
    for code in NOTICE_LANGUAGES:
        assert f"templates/algorithm/notice/{code}.html" in html
    assert "beëdigd vertaler" in html
    assert login(matchmaker).get("/beheer/uitleg-voor-kandidaten").status_code == 403


def test_matchmaker_reaches_the_candidate_notice_at_intake(
    app, login, matchmaker
) -> None:
    """From the menu, the intake form and the candidate page, to the printable notice."""
    with app.app_context():
        profile_id = create_profile().id
        db.session.commit()
    client = login(matchmaker)
    link = 'href="/uitleg-voor-kandidaten"'
    menu = client.get("/werkplein/").get_data(as_text=True)
    assert link in menu.split('class="main-nav"')[1].split("</nav>")[0]
    assert link in client.get("/kandidaten/nieuw").get_data(as_text=True)
    assert link in client.get(f"/kandidaten/{profile_id}").get_data(as_text=True)
    page = unescape(client.get("/uitleg-voor-kandidaten").get_data(as_text=True))
    for code, (dutch, _own, _direction) in NOTICE_LANGUAGES.items():
        assert f'href="/uitleg-voor-kandidaten/{code}"' in page
        assert dutch in page


def test_the_notice_list_is_for_staff(client, login, employer_user) -> None:
    assert client.get("/uitleg-voor-kandidaten").status_code == 302
    assert login(employer_user).get("/uitleg-voor-kandidaten").status_code == 403
