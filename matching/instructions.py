"""Instructions for use of the matching (AI Act art. 13), built from the figures in use.

For the people who deploy and oversee it (matchmakers, the Werkplein): how accurate
the ranking is, where it is weaker, what it cannot know, and what each part of an
explanation means. Accuracy comes from :mod:`matching.quality`, weights from
:mod:`matching.weights`, parts from :mod:`matching.register`; texts in Dutch and
English.
"""

from __future__ import annotations

from typing import Any

from matching.quality import BASELINE_NDCG, MEASURED, SetQuality
from matching.register import hard_rules, score_parts
from matching.weights import DEFAULT_WEIGHTS, Weights

Text = dict[str, str]


def _t(nl: str, en: str) -> Text:
    return {"nl": nl, "en": en}


def _weakest(quality: tuple[SetQuality, ...]) -> tuple[str, float]:
    worst = min(
        ((kind, value) for q in quality for kind, value in q.by_completeness.items()),
        key=lambda kv: kv[1],
        default=("", 1.0),
    )
    return worst


_KIND = {
    "occupation": _t("profielen met een beroep", "profiles with an occupation"),
    "skills_only": _t("profielen met alleen vaardigheden", "skills-only profiles"),
    "text_only": _t("profielen met alleen een beschrijving", "text-only profiles"),
}


def instructions_for_use(
    weights: Weights = DEFAULT_WEIGHTS, quality: tuple[SetQuality, ...] = MEASURED
) -> dict[str, Any]:
    """Sections of the instructions: accuracy, limits, the explanation, oversight."""
    kind, low = _weakest(quality)
    weak = _KIND.get(kind, _t(kind, kind))
    accuracy = [
        {
            "set": q.name,
            "description": _t(q.description_nl, q.description_en),
            "ndcg_at_10": q.ndcg,
            "recall_at_10": q.recall,
            "baseline_ndcg_at_10": BASELINE_NDCG.get(q.name),
            "by_completeness": dict(q.by_completeness),
        }
        for q in quality
    ]
    return {
        "intended_use": _t(
            "Een hulpmiddel voor matchmakers om in geanonimiseerde profielen mensen te "
            "vinden die bij een vacature kunnen passen. Niet bedoeld om mensen af te "
            "wijzen of te beoordelen: elk voorstel beoordeelt een matchmaker.",
            "An aid for matchmakers to find, among anonymised profiles, people who may "
            "fit a vacancy. Not meant to reject or assess people: a matchmaker reviews "
            "every proposal.",
        ),
        "accuracy": accuracy,
        "accuracy_text": _t(
            "nDCG@10 meet hoe goed de eerste tien voorstellen de best passende mensen "
            "bovenaan zetten (1 = perfect); recall@10 welk deel van de mensen uit hetzelfde "
            "beroep of dezelfde beroepsgroep in de eerste tien staat. De sets zijn "
            "synthetisch, gebouwd uit ESCO; echte profielen kunnen slechter uitkomen. "
            f"Het zwakst: {weak['nl']} (nDCG@10 {low:.3f}).",
            "nDCG@10 measures how well the first ten proposals put the best-fitting "
            "people on top (1 = perfect); recall@10 the share of people from the same "
            "occupation or unit group found in the first ten. The sets are synthetic, "
            "built from ESCO; real profiles may do worse. "
            f"Weakest: {weak['en']} (nDCG@10 {low:.3f}).",
        ),
        "limits": [
            _t(
                "De score kent alleen wat in het profiel staat. Wat iemand kan maar niet is "
                "vastgelegd, telt niet: vul het profiel aan in plaats van de score te "
                "vertrouwen.",
                "The score only knows what the profile says. What someone can do but is "
                "not recorded does not count: complete the profile rather than trust the "
                "score.",
            ),
            _t(
                f"Een beroep dat is afgeleid uit vaardigheden of de beschrijving telt voor "
                f"hoogstens {weights.inferred_occupation_credit:g} van een opgegeven beroep, "
                "en kan fout zijn: de uitleg zegt waaruit het is afgeleid.",
                f"An occupation inferred from skills or the summary counts at most "
                f"{weights.inferred_occupation_credit:g} of a declared one, and can be "
                "wrong: the explanation says what it was inferred from.",
            ),
            _t(
                "De beschrijving wordt gelezen in het Nederlands en Engels; andere talen "
                "worden niet begrepen. Tikfouten van één letter worden hersteld.",
                "The summary is read in Dutch and English; other languages are not "
                "understood. One-letter typos are repaired.",
            ),
            _t(
                "Afstand is hemelsbreed tussen postcodegebieden, geen reistijd met het OV.",
                "Distance is a straight line between postcode areas, not public-transport "
                "travel time.",
            ),
            _t(
                "Motivatie, persoonlijkheid, diploma's buiten ESCO en wensen van de werkgever "
                "die niet in de vacature staan, kent de portal niet.",
                "Motivation, personality, qualifications outside ESCO and employer wishes "
                "not in the vacancy are unknown to the portal.",
            ),
        ],
        "explanation": {
            "parts": score_parts(weights),
            "hard_rules": hard_rules(),
            "text": _t(
                "Elk voorstel toont de delen van de score en hun punten; samen tellen ze "
                "precies op tot de score. 'Afgeleid uit vaardigheden' of 'afgeleid uit de "
                "beschrijving' noemt waaruit een beroep is afgeleid. 'Past' en 'Ontbreekt' "
                "vatten samen welke delen minstens de helft van hun punten halen. Een "
                "harde regel blokkeert een koppel; die staat dan in de uitleg.",
                "Every proposal shows the parts of its score and their points; together "
                "they add up exactly to the score. 'Inferred from skills' or 'inferred "
                "from the summary' names what an occupation was inferred from. 'Fits' and "
                "'Missing' summarise which parts earn at least half their points. A hard "
                "rule blocks a pair; the explanation then names it.",
            ),
        },
        "oversight": _t(
            "Neem de volgorde niet over als oordeel. Wie een voorstel lager dan plaats 10 "
            "goedkeurt of een van de bovenste drie afwijst, geeft een reden; alle besluiten "
            "worden vastgelegd en per plaats en groep getoond op de Matches-pagina.",
            "Do not take the order as a verdict. Approving a proposal below rank 10 or "
            "rejecting one of the top three needs a reason; all decisions are logged and "
            "shown by rank and group on the Matches page.",
        ),
    }
