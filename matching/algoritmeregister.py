"""The entry of the Dutch Algorithm Register (Algoritmeregister), in its own fields.

Built from :func:`matching.register.register_entry` (the public page's content), the
weights and the measured quality in use, and what the deployer reports about itself
(organisation, contact, impact assessments, where the source is published). A module of
its own because it follows the register's standard field by field, while
``matching.register`` explains the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching.quality import MEASURED, SetQuality
from matching.register import Text, register_entry, score_parts
from matching.weights import DEFAULT_WEIGHTS, Weights


def _t(nl: str, en: str) -> Text:
    return {"nl": nl, "en": en}


#: Field key → the field's name in the Algoritmeregister (standard, version 1.0).
REGISTER_FIELDS: dict[str, str] = {
    "name": "Naam",
    "short_description": "Korte omschrijving",
    "organisation": "Organisatie",
    "status": "Status",
    "contact": "Contact",
    "publication_category": "Publicatiecategorie",
    "purpose_and_impact": "Doel en impact",
    "considerations": "Afwegingen",
    "human_intervention": "Menselijke tussenkomst",
    "risk_management": "Risicobeheer",
    "legal_basis": "Wettelijke basis",
    "impact_assessments": "Impacttoetsen",
    "data": "Data",
    "technical_working": "Technische werking",
    "source_code": "Broncode",
}
#: The impact assessments the register asks about: code → (Dutch name, English name,
#: who does it). None of them is done by the software: the organisation that uses the
#: system (the deployer, here the municipality) carries them out and says so in its
#: configuration (``DPIA_STATUS``, ``FRIA_STATUS``, ``IAMA_STATUS`` in the portal).
IMPACT_ASSESSMENTS: dict[str, tuple[str, str]] = {
    "dpia": (
        "Gegevensbeschermingseffectbeoordeling (DPIA, AVG art. 35)",
        "Data protection impact assessment (DPIA, GDPR art. 35)",
    ),
    "fria": (
        "Grondrechteneffectbeoordeling (FRIA, AI-verordening art. 27)",
        "Fundamental rights impact assessment (FRIA, AI Act art. 27)",
    ),
    "iama": (
        "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
        "Human Rights and Algorithms Impact Assessment (IAMA)",
    ),
}
_NOT_DONE = _t(
    "Nog niet uitgevoerd: te doen door de organisatie die het systeem gebruikt "
    "(de gemeente), vóór gebruik.",
    "Not yet done: to be done by the organisation that uses the system (the "
    "municipality), before use.",
)


def _impact_assessments(statuses: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each assessment with its status as the deployer reports it (else: not yet done)."""
    out = []
    for code, (nl, en) in IMPACT_ASSESSMENTS.items():
        reported = (statuses.get(code) or "").strip()
        out.append(
            {
                "code": code,
                "name": _t(nl, en),
                "reported": bool(reported),
                "status": _t(reported, reported) if reported else dict(_NOT_DONE),
            }
        )
    return out


def _source_code(location: str | None, version: str) -> dict[str, Any]:
    """Where the source is published, as configured; otherwise: available on request."""
    where = (location or "").strip()
    label = f"Werkbrug {version}".strip()
    if where:
        text = _t(f"{label}: {where}", f"{label}: {where}")
    else:
        text = _t(
            f"{label}. De broncode is (nog) niet openbaar gepubliceerd; op te vragen "
            "bij het contact hierboven.",
            f"{label}. The source code is not (yet) published; available on request "
            "from the contact above.",
        )
    return {"location": where or None, "version": version, "description": text}


def _quality_text(quality: tuple[SetQuality, ...]) -> Text:
    nl = "; ".join(
        f"{q.description_nl}: nDCG@10 {q.ndcg:.3f}, recall@10 {q.recall:.3f}, "
        f"{q.wrongly_listed:.0%} geblokkeerde paren voorgesteld"
        for q in quality
    )
    en = "; ".join(
        f"{q.description_en}: nDCG@10 {q.ndcg:.3f}, recall@10 {q.recall:.3f}, "
        f"{q.wrongly_listed:.0%} blocked pairs listed"
        for q in quality
    )
    return _t(nl, en)


def _weights_text(weights: Weights) -> Text:
    parts = ", ".join(f"{p['code']} {p['max_points']:g}" for p in score_parts(weights))
    w = weights
    nl = (
        f"Score 0–{w.max_total():g} als som van delen (maximale punten: {parts}). "
        f"Een afgeleid beroep telt voor {w.inferred_occupation_credit:g} van een "
        f"opgegeven beroep; uit vaardigheden afgeleid vanaf "
        f"{w.skill_inference_floor:g} tot {w.skill_inference_ceiling:g} van het "
        f"ESCO-profiel, uit de beschrijving vanaf {w.text_inference_floor:g} tot "
        f"{w.text_inference_ceiling:g} van een beroepsnaam."
    )
    en = (
        f"Score 0–{w.max_total():g} as a sum of parts (maximum points: {parts}). "
        f"An inferred occupation counts {w.inferred_occupation_credit:g} of a "
        f"declared one; inferred from skills from {w.skill_inference_floor:g} to "
        f"{w.skill_inference_ceiling:g} of the ESCO profile, from the summary from "
        f"{w.text_inference_floor:g} to {w.text_inference_ceiling:g} of an "
        f"occupation label."
    )
    return _t(nl, en)


def algorithm_register_entry(
    weights: Weights = DEFAULT_WEIGHTS,
    quality: tuple[SetQuality, ...] = MEASURED,
    *,
    organisation: str = "Werkplein",
    contact: str = "",
    status: str = "in_use",
    source_code: str | None = None,
    version: str = "",
    impact_assessments: Mapping[str, str] | None = None,
    suggestions_on: bool = True,
    model_in_use: str = "weights",
) -> dict[str, Any]:
    """The entry in the fields of the Algoritmeregister, from the weights and figures in use.

    Every value is plain data (strings, numbers, lists, ``{"nl", "en"}`` texts), so it
    exports as JSON as it is. ``organisation``, ``contact``, ``status`` and whether
    automated proposals are on come from the live portal; so do ``source_code`` (where
    the code is published, None: not published, available on request), ``version`` and
    ``impact_assessments`` (code from :data:`IMPACT_ASSESSMENTS` → the status the
    deployer reports; an assessment not reported reads "not yet done"). Nothing here
    claims an assessment or a publication that the configuration does not report.
    """
    base = register_entry(weights)
    status_text = {
        "in_use": _t("In gebruik", "In use"),
        "off": _t(
            "In gebruik zonder automatische voorstellen (uitgezet door een beheerder)",
            "In use without automated proposals (switched off by an administrator)",
        ),
    }["in_use" if suggestions_on and status == "in_use" else "off"]
    order = (
        _t("de geleerde herordening", "the learned re-ordering")
        if model_in_use == "reranker"
        else _t("de vaste gewichten", "the fixed weights")
    )
    return {
        "name": base["name"],
        "short_description": base["short_description"],
        "organisation": organisation,
        "status": status_text,
        "contact": contact,
        "publication_category": _t(
            "Hoog-risico AI-systeem (AI-verordening, bijlage III punt 4(a): werving en "
            "selectie); impactvol algoritme",
            "High-risk AI system (AI Act, Annex III point 4(a): recruitment and "
            "selection); impactful algorithm",
        ),
        "purpose_and_impact": _t(
            base["purpose"]["nl"]
            + " Impact: wie niet wordt voorgesteld, valt minder snel op; daarom kan de "
            "matchmaker elk koppel zelf opzoeken en ziet waarom het wel of niet past.",
            base["purpose"]["en"]
            + " Impact: someone not proposed is noticed less easily; so the matchmaker "
            "can look up any pair and sees why it fits or not.",
        ),
        "considerations": _t(
            "Uitlegbaar boven nauwkeurig: een som van benoemde delen met vaste, openbare "
            "gewichten in plaats van een zwarte doos. Beroepen worden ook afgeleid uit "
            "vaardigheden en de beschrijving, zodat onvolledige profielen (vaak van "
            "mensen die weinig Nederlands spreken) niet achteraan komen; een afgeleid "
            "beroep telt wel minder dan een opgegeven beroep. Gegevens die tot "
            "discriminatie kunnen leiden worden niet gebruikt.",
            "Explainable over accurate: a sum of named parts with fixed, public weights "
            "instead of a black box. Occupations are also inferred from skills and the "
            "summary, so incomplete profiles (often of people with little Dutch) do not "
            "end up last; an inferred occupation counts less than a declared one. Data "
            "that could lead to discrimination is not used.",
        ),
        "human_intervention": _t(
            base["human_oversight"]["nl"]
            + " Elk voorstel dat een matchmaker ziet en elk besluit wordt vastgelegd "
            "(score, delen, plaats, model, wie besliste). Wie een laag geplaatst koppel "
            "goedkeurt of een van de bovenste afwijst, geeft een gecodeerde reden. Een "
            "beheerder kan de automatische voorstellen uitzetten.",
            base["human_oversight"]["en"]
            + " Every proposal a matchmaker sees and every decision is logged (score, "
            "parts, rank, model, who decided). Approving a low-ranked pair or rejecting "
            "a top-ranked one needs a coded reason. An administrator can switch "
            "automated proposals off.",
        ),
        "risk_management": _t(
            "Harde regels blokkeren paren die wettelijk niet kunnen. De kwaliteit wordt "
            "gemeten op twee evaluatiesets, ook per groep (volledigheid van het profiel, "
            "niveau Nederlands, regio: de provincie van het azc); de Matches-pagina toont "
            "het goedkeuringspercentage per plaats en per groep (ook per azc) uit echte "
            "besluiten. Een herordening wordt alleen "
            "gebruikt zolang ze aantoonbaar beter is. Bezwaar: "
            + base["objection"]["nl"],
            "Hard rules block pairs that cannot legally work. Quality is measured on two "
            "evaluation sets, also per group (profile completeness, Dutch level, region: "
            "the reception centre's province); the Matches page shows the approval rate "
            "by rank and by group (also per reception centre) from real decisions. A "
            "re-ordering is used only while it is shown to be better. "
            "Objections: " + base["objection"]["en"],
        ),
        "legal_basis": _t(
            "Participatiewet en de taak van de gemeente bij arbeidstoeleiding; Wet arbeid "
            "vreemdelingen (tewerkstellingsvergunning); AVG art. 6 lid 1 onder a "
            "(toestemming om voorgesteld te worden) en e; AI-verordening (EU) 2024/1689.",
            "Participation Act and the municipality's task in guiding people to work; "
            "Foreign Nationals Employment Act (work permit); GDPR art. 6(1)(a) (consent "
            "to be proposed) and (e); AI Act (EU) 2024/1689.",
        ),
        "impact_assessments": _impact_assessments(impact_assessments or {}),
        "data": {
            "used": base["data_used"],
            "not_used": base["data_not_used"],
            "sources": base["sources"],
        },
        "technical_working": {
            "summary": _t(
                base["type"]["nl"] + " Volgorde nu: " + order["nl"] + ".",
                base["type"]["en"] + " Order now: " + order["en"] + ".",
            ),
            "weights_text": _weights_text(weights),
            "hard_rules": base["hard_rules"],
            "score_parts": base["score_parts"],
            "weights": base["weights"],
            "quality": [q.as_dict() for q in quality],
            "quality_text": _quality_text(quality),
        },
        "source_code": _source_code(source_code, version),
    }
