"""Content for the public algorithm-register entry (Algoritmeregister), built from code.

The portal renders :func:`register_entry` on its public page. The score parts and
their weights are read from :mod:`matching.weights`, the reason texts from
:mod:`matching.reasons`, and the permit figures from :mod:`matching.permits`, so the
public explanation cannot drift from what the code does. Texts are given in Dutch
("nl") and English ("en"). The same content in the fields of the Dutch Algorithm Register
is built in :mod:`matching.algoritmeregister`.
"""

from __future__ import annotations

from typing import Any

from matching.permits import (
    TWV_PRACTICAL_WAIT_DAYS,
    W_DOCUMENT_TERM_DAYS,
    WAITING_RULES,
)
from matching.reasons import BLOCK_REASONS, SCORE_REASONS
from matching.weights import DEFAULT_WEIGHTS, Weights

Text = dict[str, str]

ESCO_ATTRIBUTION = (
    "Contains data from ESCO (European Skills, Competences, Qualifications and "
    "Occupations) classification v1.1.1, © European Union / European Commission, "
    "https://esco.ec.europa.eu — reused in accordance with the Commission's reuse policy."
)
GEONAMES_ATTRIBUTION = (
    "Postcode data © GeoNames (www.geonames.org), CC BY 4.0; modified (aggregated to "
    "one point per PC4 and corrected)."
)

_PART_NL: dict[str, str] = {
    "same_occupation": "Heeft gewerkt in het beroep van de vacature (opgegeven, of afgeleid uit vaardigheden of beschrijving).",
    "related_occupation_unit_group": "Heeft gewerkt in een verwant beroep uit dezelfde ISCO-08-beroepsgroep (4 cijfers).",
    "related_occupation_minor_group": "Heeft gewerkt in een beroep uit dezelfde ISCO-08-subgroep (3 cijfers).",
    "experience_years": "Jaren ervaring in het beroep en de beroepsgroep (tot een maximum).",
    "essential_skills": "Heeft de vereiste vaardigheden van de vacature; specifieke vaardigheden tellen zwaarder.",
    "optional_skills": "Heeft de gewenste vaardigheden van de vacature.",
    "text_similarity": "De beschrijving van het profiel lijkt op de vacature en haar ESCO-termen (Nederlands en Engels).",
    "distance": "Afstand tussen woonplaats en werkplek: dichterbij is beter.",
    "hours_fit": "Deel van de uren per week dat de persoon kan werken.",
    "start_soon": "Hoe snel de persoon kan beginnen, inclusief de doorlooptijd van de tewerkstellingsvergunning (TWV).",
    "twv_renewals": "Hoe vaak de TWV tijdens het contract verlengd moet worden: minder is beter.",
    "language_one_level_short": "Aftrek per vereiste taal waarin de persoon één ERK-niveau te laag zit.",
}
_BLOCK_NL: dict[str, str] = {
    "blocked_not_allowed_to_work_yet": (
        f"De asielaanvraag loopt op de startdatum nog geen {WAITING_RULES[0].months} maanden "
        "(vanaf 12 juni 2026 geteld vanaf de registratie, als die eerder was): "
        "de persoon mag dan nog niet werken."
    ),
    "blocked_w_document_expired": "Het W-document verloopt vóór de startdatum.",
    "blocked_accelerated_procedure": (
        "De asielaanvraag wordt behandeld in een versnelde procedure: sinds de herziene "
        "Opvangrichtlijn (12 juni 2026) mag de persoon dan niet werken."
    ),
    "blocked_too_far": "De werkplek ligt verder dan de afstand die de persoon wil reizen (hemelsbreed).",
    "blocked_language": "Een vereiste taal is meer dan één ERK-niveau te laag (een taal die niet is opgegeven telt als onder A1).",
    "blocked_no_consent": "De persoon heeft (nog) geen toestemming gegeven om voorgesteld te worden.",
}


def _t(nl: str, en: str) -> Text:
    return {"nl": nl, "en": en}


def score_parts(weights: Weights = DEFAULT_WEIGHTS) -> list[dict[str, Any]]:
    """Each score part: code, maximum points (from weights.py), Dutch and English text."""
    max_points = weights.as_dict()
    parts = []
    for code, en in SCORE_REASONS.items():
        points = max_points[code]
        parts.append(
            {
                "code": code,
                "max_points": -points if code == "language_one_level_short" else points,
                "description": _t(_PART_NL[code], en),
            }
        )
    return parts


def hard_rules() -> list[dict[str, Any]]:
    """Each rule that keeps a pair out of the proposals, with Dutch and English text."""
    return [
        {"code": code, "description": _t(_BLOCK_NL[code], en)}
        for code, en in BLOCK_REASONS.items()
    ]


def register_entry(weights: Weights = DEFAULT_WEIGHTS) -> dict[str, Any]:
    """The algorithm-register entry as plain data (dicts, lists, strings, numbers)."""
    return {
        "name": _t("Werkbrug matching", "Werkbrug matching"),
        "short_description": _t(
            "Stelt aan Werkplein-matchmakers voor welke asielzoekers (in de opvang van het COA) "
            "bij een vacature kunnen passen, met een score van 0 tot 100 en de redenen daarvoor.",
            "Proposes to Werkplein matchmakers which asylum seekers (living in COA reception) may "
            "fit a vacancy, with a score from 0 to 100 and the reasons for it.",
        ),
        "purpose": _t(
            "Asielzoekers die mogen werken sneller aan betaald werk helpen, en matchmakers tijd "
            "besparen bij het zoeken in geanonimiseerde profielen.",
            "Help asylum seekers who are allowed to work into paid work sooner, and save "
            "matchmakers time when searching anonymised profiles.",
        ),
        "type": _t(
            "Regelgebaseerd met vaste, openbare gewichten; optioneel een herordening die alleen "
            "wordt gebruikt als die aantoonbaar beter is (zie 'leren').",
            "Rule-based with fixed, public weights; optionally a re-ordering used only while it "
            "is shown to be better (see 'learning').",
        ),
        "data_used": [
            _t(
                "Beroepen en jaren ervaring (ESCO)",
                "Occupations and years of experience (ESCO)",
            ),
            _t("Vaardigheden (ESCO)", "Skills (ESCO)"),
            _t(
                "Talen en niveau (ERK), alleen voor talen die de vacature vraagt",
                "Languages and level (CEFR), only for languages the vacancy requires",
            ),
            _t(
                "Korte beschrijving door de matchmaker",
                "Short description by the matchmaker",
            ),
            _t(
                "Postcodegebied (4 cijfers) en maximale reisafstand",
                "Postcode area (4 digits) and maximum travel distance",
            ),
            _t("Uren per week en beschikbaarheid", "Hours per week and availability"),
            _t(
                "Datum asielaanvraag en geldigheid W-document (voor de wettelijke regels)",
                "Asylum application date and W-document validity (for the legal rules)",
            ),
            _t("Toestemming om voorgesteld te worden", "Consent to be proposed"),
        ],
        "data_not_used": [
            _t(
                "Nationaliteit en land van herkomst",
                "Nationality and country of origin",
            ),
            _t(
                "Moedertaal (een taal telt alleen als de vacature die vraagt)",
                "Mother tongue (a language counts only where the vacancy requires it)",
            ),
            _t("Godsdienst", "Religion"),
            _t("Geslacht", "Sex"),
            _t("Leeftijd", "Age"),
            _t(
                "Opvanglocatie (alleen de afstand via het postcodegebied)",
                "Reception centre (only the distance implied by the postcode area)",
            ),
            _t("Naam, V-nummer en BSN", "Name, V-number and citizen service number"),
        ],
        "hard_rules": hard_rules(),
        "score_parts": score_parts(weights),
        "score_total": _t(
            f"De score is de som van de delen; een volledig passend profiel krijgt "
            f"{weights.max_total():g} punten. Elk voorstel toont de delen en hun punten.",
            f"The score is the sum of the parts; a fully fitting profile gets "
            f"{weights.max_total():g} points. Every proposal shows the parts and their points.",
        ),
        "assumptions": _t(
            f"Doorlooptijd TWV: {TWV_PRACTICAL_WAIT_DAYS} dagen (praktijk in de pilots). "
            f"Een nieuw W-document geldt naar verwachting {W_DOCUMENT_TERM_DAYS} dagen.",
            f"TWV lead time: {TWV_PRACTICAL_WAIT_DAYS} days (pilot practice). "
            f"A new W-document is assumed to run {W_DOCUMENT_TERM_DAYS} days.",
        ),
        "human_oversight": _t(
            "De uitkomst is een voorstel. Een matchmaker van het Werkplein beoordeelt elk "
            "voorstel en keurt het goed of af; pas na goedkeuring ziet de werkgever het "
            "(geanonimiseerde) profiel. Er wordt nooit automatisch besloten.",
            "The outcome is a proposal. A Werkplein matchmaker reviews every proposal and "
            "approves or rejects it; only after approval does the employer see the "
            "(anonymised) profile. Nothing is decided automatically.",
        ),
        "learning": _t(
            "Uit eerdere beslissingen van matchmakers kan een herordening worden geleerd. Die "
            "wordt alleen gebruikt zolang ze op niet eerder geziene beslissingen beter "
            "presteert dan de vaste gewichten; de getoonde score en redenen blijven de vaste.",
            "A re-ordering can be learned from matchmakers' past decisions. It is used only "
            "while it performs better than the fixed weights on held-out decisions; the score "
            "and reasons shown remain the fixed ones.",
        ),
        "objection": _t(
            "Wie vindt dat een voorstel of het ontbreken ervan niet klopt, kan dat melden bij de "
            "eigen matchmaker of het Werkplein. De matchmaker kan elk paar opzoeken en ziet welke "
            "regel het tegenhield of hoe de score is opgebouwd. Bezwaar tegen een besluit van de "
            "gemeente loopt via de gewone bezwaarprocedure (Awb).",
            "Anyone who thinks a proposal, or the lack of one, is wrong can tell their "
            "matchmaker or the Werkplein. The matchmaker can look up any pair and see which "
            "rule blocked it or how its score was built. Objections to a municipal decision "
            "follow the usual procedure under the General Administrative Law Act (Awb).",
        ),
        "sources": [ESCO_ATTRIBUTION, GEONAMES_ATTRIBUTION],
        "weights": weights.as_dict(),
    }
