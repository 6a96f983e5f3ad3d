"""The TWV packet: exactly the personal details UWV's TWV application for an asylum seeker
needs, in the order of the application, with why each is needed and its source.

Staged identity release: an employer sees nobody's identity before the introduction;
after a *confirmed* hire, and only with the person's consent for this purpose, the
employer (or the intermediary it delegated to) gets these fields — and no more. Each row
names the rule it serves (``shared/domain/README.md`` section 8) and whether that it is
needed was VERIFIED in a source or ASSUMED. Pure data: no flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from portal.domain.twv_checklist import N_

Status = Literal["VERIFIED", "ASSUMED"]
Origin = Literal["vault", "profile", "hire", "employer"]


@dataclass(frozen=True)
class PacketField:
    """One line of the packet: where the value comes from and why UWV needs it."""

    key: str
    section: str
    label_nl: str
    why_nl: str
    origin: Origin
    source: str
    status: Status


SECTION_EMPLOYER = N_("Gegevens werkgever (aanvrager)")
SECTION_EMPLOYEE = N_("Gegevens werknemer")
SECTION_JOB = N_("Gegevens over het werk")

#: In the order of the application: the applicant, the employee, the work.
PACKET_FIELDS: tuple[PacketField, ...] = (
    PacketField(
        "employer_name",
        SECTION_EMPLOYER,
        N_("Naam organisatie"),
        N_("De werkgever vraagt de vergunning aan, niet de werknemer."),
        "employer",
        "Wav art. 6(1); business.gov.nl (UWV) — How to apply for a work permit",
        "VERIFIED",
    ),
    PacketField(
        "kvk_number",
        SECTION_EMPLOYER,
        N_("KvK-nummer"),
        N_("UWV moet weten welke organisatie de werkgever is (C3)."),
        "employer",
        "Wav art. 6(1); rule C3",
        "ASSUMED",
    ),
    PacketField(
        "employer_location",
        SECTION_EMPLOYER,
        N_("Vestigingsplaats"),
        N_("De vergunning noemt de werkgever en de plaats waar die gevestigd is."),
        "employer",
        "Wav art. 7(1), pre-2022 text (shared/domain/README.md section 1.7)",
        "VERIFIED",
    ),
    PacketField(
        "name",
        SECTION_EMPLOYEE,
        N_("Naam"),
        N_(
            "Een werkvergunning geldt voor één persoon bij één werkgever: "
            "de aanvraag noemt de werknemer (D7)."
        ),
        "vault",
        "ICC-PMM 'werkgeversgebonden'; Wav art. 7 (rule D7)",
        "VERIFIED",
    ),
    PacketField(
        "date_of_birth",
        SECTION_EMPLOYEE,
        N_("Geboortedatum"),
        N_("UWV geeft de vergunning alleen als de werknemer ouder is dan 18 (A2)."),
        "vault",
        "uwv.nl — Speciale voorwaarden per categorie: Asielzoeker (rule A2)",
        "VERIFIED",
    ),
    PacketField(
        "v_number",
        SECTION_EMPLOYEE,
        N_("V-nummer (vreemdelingennummer)"),
        N_(
            "UWV controleert bij de IND dat de asielaanvraag minstens 6 maanden loopt "
            "en bij het COA dat de werknemer opvang heeft; het V-nummer op het "
            "W-document wijst de persoon aan (A3, A5, C2)."
        ),
        "vault",
        "uwv.nl — Asielzoeker (IND/COA check); rule C2 (V-number on the W-document)",
        "ASSUMED",
    ),
    PacketField(
        "w_document_valid_until",
        SECTION_EMPLOYEE,
        N_("W-document geldig tot en met"),
        N_(
            "De werknemer moet een geldig W-document hebben (A4); de werkvergunning "
            "loopt tot het W-document afloopt (D3)."
        ),
        "profile",
        "uwv.nl — Asielzoeker (rules A4, D3)",
        "VERIFIED",
    ),
    PacketField(
        "function",
        SECTION_JOB,
        N_("Functie"),
        N_("Een andere functie vraagt een nieuwe vergunning (D7)."),
        "hire",
        "business.gov.nl; Wav art. 7 (rule D7)",
        "VERIFIED",
    ),
    PacketField(
        "place_of_work",
        SECTION_JOB,
        N_("Plaats van het werk"),
        N_(
            "De vergunning noemt de plaats waar het werk gedaan wordt; werk op een "
            "andere plaats kan een nieuwe vergunning vragen (D7)."
        ),
        "hire",
        "Wav art. 7(1), pre-2022 text (shared/domain/README.md section 1.7)",
        "VERIFIED",
    ),
    PacketField(
        "contract_period",
        SECTION_JOB,
        N_("Contractperiode"),
        N_("De vergunning wordt gevraagd voor de duur van het werk (D3)."),
        "hire",
        "uwv.nl — Asielzoeker (rule D3)",
        "VERIFIED",
    ),
    PacketField(
        "hours_per_week",
        SECTION_JOB,
        N_("Uren per week"),
        N_("Nodig om het loon per maand en de arbeidsvoorwaarden te toetsen (B1)."),
        "hire",
        "Wav art. 8(1)(d) (rule B1)",
        "ASSUMED",
    ),
    PacketField(
        "hourly_wage",
        SECTION_JOB,
        N_("Bruto uurloon"),
        N_("Het loon moet minstens het minimumloon zijn en marktconform (B1, B4)."),
        "hire",
        "uwv.nl — Asielzoeker (marktconform); rule B1",
        "VERIFIED",
    ),
)

#: Vault fields of the packet; the identity vault refuses any other.
VAULT_FIELDS: tuple[str, ...] = tuple(
    f.key for f in PACKET_FIELDS if f.origin == "vault"
)


@dataclass(frozen=True)
class LeftOut:
    """A personal detail the vault holds that the packet deliberately does not show."""

    key: str
    why: str
    status: Status


#: What the packet never shows, and why (documented; tests check it stays out).
LEFT_OUT: tuple[LeftOut, ...] = (
    LeftOut(
        "nationality",
        "Not confirmed that the asylum-seeker TWV application asks for it; UWV checks "
        "the person with the IND via the V-number. Add only once the current form is "
        "verified to require it.",
        "ASSUMED",
    ),
    LeftOut(
        "bsn",
        "A BSN is not required for the TWV (rule A9); payroll without one is a separate task.",
        "VERIFIED",
    ),
    LeftOut(
        "phone/email/address",
        "Not part of the application; COA reception is checked by UWV itself (A5).",
        "ASSUMED",
    ),
    LeftOut("notes", "Matchmaker's notes are never shared.", "VERIFIED"),
)


@dataclass(frozen=True)
class Attachment:
    key: str
    label_nl: str
    required: bool
    rule: str


ATTACHMENTS: tuple[Attachment, ...] = (
    Attachment(
        "draft_contract",
        N_("Conceptarbeidsovereenkomst, ondertekend door de werkgever"),
        True,
        "C1",
    ),
    Attachment(
        "w_document_copy",
        N_(
            "Kopie van het W-document (voor- en achterkant), ook voor uw eigen administratie"
        ),
        False,
        "C2",
    ),
    Attachment(
        "agency_twv",
        N_(
            "Bij werk via een uitzendbureau: het uitzendbureau vraagt aan; u bewaart "
            "een kopie van de vergunning"
        ),
        False,
        "C3",
    ),
)

#: What to check before submitting, in the order one goes through the application.
BEFORE_SUBMITTING: tuple[tuple[str, str], ...] = (
    (
        "C3",
        N_(
            "De aanvrager is de juridische werkgever (bij uitzendwerk: het uitzendbureau)."
        ),
    ),
    ("A3", N_("De asielaanvraag loopt op de eerste werkdag minstens 6 maanden.")),
    ("A2", N_("De werknemer is op de eerste werkdag 18 jaar of ouder.")),
    ("A4", N_("Het W-document is op de eerste werkdag nog geldig.")),
    ("B1", N_("Het uurloon is op elke dag van het contract minstens het minimumloon.")),
    ("B4", N_("Het loon is marktconform (de cao van de sector kan hoger zijn).")),
    ("C1", N_("De conceptarbeidsovereenkomst is ondertekend en bijgevoegd.")),
    (
        "C4",
        N_("U dient de aanvraag in via het digitale loket van UWV (met eHerkenning)."),
    ),
    ("D1", N_("UWV beslist binnen 5 weken na een volledige aanvraag.")),
    ("C5", N_("Kosten: voor zover bekend gratis (nog te bevestigen).")),
)
