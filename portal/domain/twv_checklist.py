"""The guided checklist for a TWV application for an asylum seeker (rules C1–C5, D1, D9, E1, E4–E5).

The portal guides and records; it never submits to UWV (C4). Step keys are stable:
the portal stores progress per key, so keys must not be renamed, only added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Actor = Literal["employer", "matchmaker", "candidate"]


@dataclass(frozen=True)
class ChecklistStep:
    """One step; ``needs_date``/``needs_number`` tell the form what to record."""

    key: str
    title_nl: str
    explanation_nl: str
    actor: Actor
    rules: tuple[str, ...]
    needs_date: bool = False
    needs_number: bool = False


CHECKLIST_STEPS: tuple[ChecklistStep, ...] = (
    ChecklistStep(
        key="eligibility",
        title_nl=N_("Controleer of de kandidaat mag werken"),
        explanation_nl=N_(
            "Werkbrug controleert de leeftijd, de datum van de asielaanvraag, het "
            "W-document, de opvang bij het COA en het loon. Los eerst alle rode punten op."
        ),
        actor="matchmaker",
        rules=("A1", "A2", "A3", "A4", "A5", "A6", "B1"),
    ),
    ChecklistStep(
        key="draft_contract",
        title_nl=N_("Maak het arbeidscontract klaar"),
        explanation_nl=N_(
            "Maak een concept-arbeidscontract en onderteken het als werkgever. UWV wil "
            "een kopie van dit contract bij de aanvraag."
        ),
        actor="employer",
        rules=("C1",),
    ),
    ChecklistStep(
        key="w_document_copy",
        title_nl=N_("Bewaar een kopie van het W-document"),
        explanation_nl=N_(
            "Vraag de kandidaat om het W-document. Bekijk het origineel en bewaar een "
            "kopie in uw administratie. Vul de einddatum in: de werkvergunning loopt tot "
            "die datum."
        ),
        actor="employer",
        rules=("C2", "D3"),
        needs_date=True,
    ),
    ChecklistStep(
        key="agency_work",
        title_nl=N_("Werkt de kandidaat via een uitzendbureau?"),
        explanation_nl=N_(
            "Dan vraagt het uitzendbureau de werkvergunning aan, niet u. Vraag het "
            "uitzendbureau om een kopie van de werkvergunning voor uw administratie."
        ),
        actor="employer",
        rules=("C3",),
    ),
    ChecklistStep(
        key="apply_uwv",
        title_nl=N_("Vraag de werkvergunning aan bij UWV"),
        explanation_nl=N_(
            "U vraagt de werkvergunning zelf aan in het digitale loket van UWV. Daarvoor "
            "hebt u eHerkenning nodig. Werkbrug stuurt niets naar UWV. Voor zover bekend "
            "is de aanvraag gratis (nog niet bevestigd)."
        ),
        actor="employer",
        rules=("C4", "C5"),
    ),
    ChecklistStep(
        key="submitted",
        title_nl=N_("Vul de datum van de aanvraag in"),
        explanation_nl=N_(
            "Vul in op welke dag u de aanvraag bij UWV hebt ingediend. Dan weet Werkbrug "
            "wanneer het besluit moet komen."
        ),
        actor="employer",
        rules=("D1",),
        needs_date=True,
    ),
    ChecklistStep(
        key="await_decision",
        title_nl=N_("Wacht op het besluit van UWV"),
        explanation_nl=N_(
            "UWV moet binnen 5 weken beslissen. In de praktijk duurt het soms tot 9 "
            "weken. Duurt het langer dan 5 weken? Neem dan contact op met UWV."
        ),
        actor="employer",
        rules=("D1", "D2"),
    ),
    ChecklistStep(
        key="twv_granted",
        title_nl=N_("Vul de werkvergunning in"),
        explanation_nl=N_(
            "Hebt u de werkvergunning gekregen? Vul het nummer in en de datum tot "
            "wanneer de werkvergunning geldt."
        ),
        actor="employer",
        rules=("D3",),
        needs_date=True,
        needs_number=True,
    ),
    ChecklistStep(
        key="start_work",
        title_nl=N_("Laat de kandidaat pas werken met een werkvergunning"),
        explanation_nl=N_(
            "De kandidaat mag pas beginnen als de werkvergunning er is. Dat geldt ook "
            "voor proefdraaien en betaald of onbetaald meewerken."
        ),
        actor="employer",
        rules=("A3",),
        needs_date=True,
    ),
    ChecklistStep(
        key="payroll_without_bsn",
        title_nl=N_("Regel de loonadministratie, ook zonder BSN"),
        explanation_nl=N_(
            "Heeft de werknemer nog geen BSN? Gebruik dan een eigen personeelsnummer. "
            "Gebruik nooit een verzonnen BSN. Zonder BSN geldt het anoniementarief, "
            "tenzij de Belastingdienst het goedvindt dat u dat niet doet. Komt het BSN "
            "later? Dan mag u de aangifte in hetzelfde jaar corrigeren."
        ),
        actor="employer",
        rules=("E1",),
    ),
    ChecklistStep(
        key="reba_payslips",
        title_nl=N_("Geef de werknemer elke loonstrook"),
        explanation_nl=N_(
            "Geef de werknemer na elke betaling een loonstrook. De werknemer meldt het "
            "inkomen zelf aan het COA. Het COA vraagt dan een eigen bijdrage voor de "
            "opvang. U hoeft zelf niets naar het COA te sturen."
        ),
        actor="employer",
        rules=("E4", "E5"),
    ),
    ChecklistStep(
        key="early_end",
        title_nl=N_("Stopt het werk eerder? Meld het aan UWV"),
        explanation_nl=N_(
            "Stopt het werk eerder, of gebruikt u de werkvergunning niet? Meld dat meteen "
            "schriftelijk aan UWV."
        ),
        actor="employer",
        rules=("D9",),
        needs_date=True,
    ),
)


def step(key: str) -> ChecklistStep:
    """The step with this key; KeyError for an unknown key."""
    for candidate in CHECKLIST_STEPS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
