"""Reason codes in plain Dutch and English, with their points and parameters."""

from __future__ import annotations

import pytest
from flask import session

from matching.reasons import REASON_CODES
from matching.taxonomy import load_taxonomy
from matching.types import Reason
from portal.views.match_reasons import reason_text
from tests.fixtures.matches import ESCO_COOK

#: "identify nutritional properties of food": no Dutch label shipped.
ENGLISH_ONLY_SKILL = (
    "http://data.europa.eu/esco/skill/2846ad39-6535-48cf-a4c4-64f0ae9066c1"
)


@pytest.fixture
def page(app):
    """A request in Dutch, or in English after ``page("en")``."""

    def in_language(lang: str = "nl"):
        ctx = app.test_request_context("/")
        ctx.push()
        session["lang"] = lang
        return ctx

    contexts = []
    yield lambda lang="nl": contexts.append(in_language(lang))
    for ctx in reversed(contexts):
        ctx.pop()


def _full(reason: Reason) -> str:
    return str(reason_text(reason).full)


def test_occupation_and_skills_in_dutch(page) -> None:
    page()
    skills = load_taxonomy().essential_skills(ESCO_COOK)
    assert _full(Reason("same_occupation", 25.0, {"occupation": ESCO_COOK})) == (
        "Zelfde beroep: kok (+25)"
    )
    text = reason_text(
        Reason(
            "essential_skills",
            18.24,
            {
                "listed": [skills[0], ENGLISH_ONLY_SKILL],
                "inferred": skills[2:3],
                "total": 5,
                "share": 0.9,
            },
        )
    )
    assert str(text.full) == (
        "3 van 5 belangrijke vaardigheden (1 afgeleid uit eerder werk) (+18,2)"
    )
    # Skills without a shipped Dutch label are marked as English for screen readers.
    assert any('lang="en"' in str(d) for d in text.details)


def test_blocks_say_why_with_dates(page) -> None:
    page()
    text = reason_text(
        Reason(
            "blocked_not_allowed_to_work_yet",
            0.0,
            {"earliest": "2027-03-01", "start": "2027-01-15"},
        )
    )
    assert text.blocked
    assert str(text.full) == (
        "Mag pas werken vanaf 1 maart 2027: eerst de wachttijd na de asielaanvraag; "
        "de vacature begint op 15 januari 2027 (geblokkeerd)"
    )
    assert _full(Reason("blocked_too_far", 0.0, {"km": 42.3, "max_km": 25.0})) == (
        "Werkplek ligt 42,3 km weg; de kandidaat reist maximaal 25 km (geblokkeerd)"
    )
    assert _full(
        Reason("blocked_language", 0.0, {"lang": "nl", "has": None, "required": "B1"})
    ) == (
        "Nederlands: niet opgegeven, gevraagd B1 (meer dan één niveau te laag) (geblokkeerd)"
    )
    assert "onbekend" in _full(
        Reason(
            "blocked_w_document_expired",
            0.0,
            {"valid_until": "1900-01-01", "start": "2027-01-15"},
        )
    )


def test_penalty_and_plurals(page) -> None:
    page()
    assert (
        _full(
            Reason(
                "language_one_level_short",
                -6.0,
                {"lang": "nl", "has": "A1", "required": "A2"},
            )
        )
        == "Nederlands: A1, gevraagd A2 (één niveau te laag) (−6)"
    )
    assert _full(Reason("twv_renewals", 4.0, {"renewals": 2})) == (
        "2 verlengingen van de werkvergunning nodig (+4)"
    )
    assert (
        _full(
            Reason("start_soon", 7.8, {"earliest_start": "2027-01-16", "delay_days": 1})
        )
        == "Kan beginnen op 16 januari 2027: 1 dag na de startdatum (+7,8)"
    )


def test_english(page) -> None:
    page("en")
    assert _full(Reason("same_occupation", 25.0, {"occupation": ESCO_COOK})) == (
        "Same occupation: cook (+25)"
    )
    assert _full(Reason("blocked_too_far", 0.0, {"km": 42.3, "max_km": 25.0})) == (
        "Workplace is 42.3 km away; the candidate travels at most 25 km (blocked)"
    )


def test_every_library_code_has_its_own_sentence(page) -> None:
    page()
    generic = {
        code: str(reason_text(Reason(code, 1.0, {})).text) for code in REASON_CODES
    }
    untranslated = [code for code, text in generic.items() if 'lang="en"' in text]
    assert untranslated == []


def test_unknown_code_falls_back_to_the_code(page) -> None:
    page()
    assert "brand_new_code" in str(reason_text(Reason("brand_new_code", 2.0, {})).text)


def test_parameters_are_escaped(page) -> None:
    page()
    text = reason_text(
        Reason("text_similarity", 3.0, {"words": ["<script>alert(1)</script>"]})
    )
    assert "<script>" not in str(text.details[0])


def test_stop_words_stored_on_older_matches_are_not_shown(page) -> None:
    """Reasons saved before the stop-word filter still hold "in, en, een"."""
    page()
    stored = Reason(
        "text_similarity",
        2.0,
        {"words": ["in", "en", "een", "keuken", "Ervaring", "the", "afwassen"]},
    )
    (details,) = reason_text(stored).details
    assert str(details) == "gedeelde woorden: keuken, afwassen"
    only_stop_words = Reason("text_similarity", 1.0, {"words": ["in", "en", "een"]})
    assert reason_text(only_stop_words).details == ()
