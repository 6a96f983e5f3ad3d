"""Demo vacancies: 25 invented jobs at the demo employers, in the pilots' sectors.

Dates are relative to today, so the demo stays current. Each vacancy goes through the
same service as the form (rules, status history); its reference is derived from its
number, so a second run finds it and changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from portal.extensions import db
from portal.models import Employer, User, Vacancy, VacancyStatus
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import VacancyData, local_today

OCC = "http://data.europa.eu/esco/occupation/"
KOK = OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e"
KEUKENHULP = OCC + "e1cf6897-158d-4b48-a39e-2a3a8cac216c"
AFWAS = OCC + "f756fdab-7726-4c48-bfcc-94ff8810fc08"
BEDIENING = OCC + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"
PRODUCTIE = OCC + "245be6d1-fe9a-4ac8-9f81-122a687e4724"
INPAK = OCC + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a"
BAKKERIJ = OCC + "5d9e63a2-8013-434e-9f92-3b3d54a0c320"
VERPAKKINGSMACHINE = OCC + "b0fa69b4-998c-4e66-acd3-5f5d73cadb5c"
ORDERPICKER = OCC + "cd94def5-3442-4c2e-ae3d-0761a3008bcb"
MAGAZIJN = OCC + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
HEFTRUCK = OCC + "eeac6251-1974-42f5-91ed-513c6c883755"
VRACHTWAGEN = OCC + "45037d43-a8f5-4f46-b332-b2935bc305f4"
SCHOONMAAK = OCC + "303a1e34-cb16-4054-b323-81e5eec17397"
ZORGHULP = OCC + "d38c2107-98f2-47b7-8bb4-f69750d51082"


class Job(NamedTuple):
    kvk: str
    title: str
    occupation: str
    pc4: str
    hours: int
    wage: str
    months: int
    starts_in_days: int
    languages: dict[str, str]
    status: VacancyStatus
    description: str
    positions: int = 1


P, D, PA, F, C = (
    VacancyStatus.PUBLISHED,
    VacancyStatus.DRAFT,
    VacancyStatus.PAUSED,
    VacancyStatus.FILLED,
    VacancyStatus.CLOSED,
)
LEPEL, BAKKERIJ_BV, SCHIPHOL, SCHOON, ZORG = (
    "81234567",
    "82345678",
    "83456789",
    "84567890",
    "85678901",
)

#: (employer KvK, title, occupation, workplace PC4, hours, wage, months, start, languages,
#: status, description[, positions]) — all invented.
JOBS = [
    Job(
        LEPEL,
        "Kok à la carte",
        KOK,
        "1181",
        36,
        "16.40",
        12,
        21,
        {"nl": "A2"},
        P,
        "U kookt in onze open keuken voor 80 gasten. Ervaring met warme gerechten is nodig.",
    ),
    Job(
        LEPEL,
        "Hulpkok lunch",
        KEUKENHULP,
        "1181",
        24,
        "15.10",
        6,
        14,
        {"nl": "A1"},
        P,
        "Voorbereiden van salades en broodjes; werktijden 9.00–15.00 uur.",
        2,
    ),
    Job(
        LEPEL,
        "Afwasser weekend",
        AFWAS,
        "1181",
        16,
        "15.00",
        6,
        10,
        {},
        P,
        "Afwas en schoonmaken van de keuken op vrijdag, zaterdag en zondag.",
    ),
    Job(
        LEPEL,
        "Bediening terras",
        BEDIENING,
        "1181",
        20,
        "15.10",
        4,
        45,
        {"nl": "A2", "en": "A2"},
        D,
        "Gasten ontvangen en bedienen op het terras in het voorjaar.",
    ),
    Job(
        LEPEL,
        "Kok ontbijt",
        KOK,
        "1181",
        32,
        "16.00",
        6,
        30,
        {"nl": "A2"},
        PA,
        "Ontbijtservice voor het hotel naast het restaurant.",
    ),
    Job(
        BAKKERIJ_BV,
        "Productiemedewerker broodlijn",
        PRODUCTIE,
        "1187",
        38,
        "15.25",
        12,
        14,
        {"nl": "A1"},
        P,
        "Werken aan de broodlijn in ploegen. Veiligheidsschoenen krijgt u van ons.",
        3,
    ),
    Job(
        BAKKERIJ_BV,
        "Inpakker banket",
        INPAK,
        "1187",
        32,
        "15.05",
        6,
        7,
        {},
        P,
        "Koekjes en taarten inpakken en klaarzetten voor transport.",
        2,
    ),
    Job(
        BAKKERIJ_BV,
        "Bakkerijmedewerker nachtdienst",
        BAKKERIJ,
        "1187",
        36,
        "16.20",
        12,
        28,
        {"nl": "A2"},
        P,
        "Deeg maken en bakken in de nacht; toeslag voor nachtwerk.",
    ),
    Job(
        BAKKERIJ_BV,
        "Operator verpakkingsmachine",
        VERPAKKINGSMACHINE,
        "1187",
        40,
        "16.75",
        12,
        35,
        {"nl": "A2"},
        P,
        "De verpakkingslijn instellen en bewaken. Technische interesse is belangrijk.",
    ),
    Job(
        BAKKERIJ_BV,
        "Productiemedewerker tijdelijk",
        PRODUCTIE,
        "1187",
        24,
        "15.00",
        3,
        60,
        {},
        D,
        "Extra hulp in de drukke decembermaanden.",
    ),
    Job(
        SCHIPHOL,
        "Orderpicker dagdienst",
        ORDERPICKER,
        "1118",
        38,
        "15.40",
        6,
        14,
        {"nl": "A1", "en": "A2"},
        P,
        "Orders verzamelen met een handscanner in ons distributiecentrum.",
        4,
    ),
    Job(
        SCHIPHOL,
        "Magazijnmedewerker inkomende goederen",
        MAGAZIJN,
        "1118",
        40,
        "15.60",
        12,
        21,
        {"nl": "A2"},
        P,
        "Goederen ontvangen, controleren en opslaan.",
    ),
    Job(
        SCHIPHOL,
        "Heftruckchauffeur",
        HEFTRUCK,
        "1118",
        40,
        "16.30",
        12,
        30,
        {"nl": "A2"},
        P,
        "Laden en lossen met de heftruck; een heftruckcertificaat halen we samen.",
    ),
    Job(
        SCHIPHOL,
        "Vrachtwagenchauffeur regio",
        VRACHTWAGEN,
        "1118",
        40,
        "17.50",
        12,
        45,
        {"nl": "B1"},
        P,
        "Bezorgen bij winkels in de regio Amsterdam. Rijbewijs C is nodig.",
    ),
    Job(
        SCHIPHOL,
        "Orderpicker avond",
        ORDERPICKER,
        "1118",
        24,
        "15.80",
        6,
        7,
        {},
        F,
        "Avonddienst van 18.00 tot 23.00 uur.",
    ),
    Job(
        SCHOON,
        "Schoonmaker kantoren Zuidas",
        SCHOONMAAK,
        "1082",
        20,
        "15.05",
        12,
        10,
        {"nl": "A1"},
        P,
        "Kantoren schoonmaken in de vroege ochtend, van 6.00 tot 10.00 uur.",
        3,
    ),
    Job(
        SCHOON,
        "Schoonmaker school Amstelveen",
        SCHOONMAAK,
        "1183",
        16,
        "15.05",
        12,
        14,
        {},
        P,
        "Klaslokalen schoonmaken na schooltijd.",
    ),
    Job(
        SCHOON,
        "Schoonmaker hotel",
        SCHOONMAAK,
        "1012",
        32,
        "15.20",
        6,
        21,
        {"en": "A2"},
        P,
        "Hotelkamers schoonmaken en bedden opmaken in het centrum.",
        2,
    ),
    Job(
        SCHOON,
        "Glazenwasser-assistent",
        SCHOONMAAK,
        "1069",
        30,
        "15.30",
        6,
        35,
        {"nl": "A1"},
        D,
        "Meehelpen met de glazenwasser op kantoorpanden.",
    ),
    Job(
        SCHOON,
        "Schoonmaker ziekenhuis",
        SCHOONMAAK,
        "1081",
        28,
        "15.40",
        12,
        28,
        {"nl": "A2"},
        C,
        "Schoonmaken van afdelingen volgens de hygiëneregels.",
    ),
    Job(
        ZORG,
        "Zorghulp woonzorgcentrum",
        ZORGHULP,
        "1183",
        24,
        "15.90",
        12,
        30,
        {"nl": "B1"},
        P,
        "Bewoners helpen bij wassen, aankleden en eten.",
    ),
    Job(
        ZORG,
        "Medewerker keuken zorgcentrum",
        KEUKENHULP,
        "1183",
        20,
        "15.10",
        6,
        14,
        {"nl": "A2"},
        P,
        "Maaltijden klaarmaken en uitserveren voor 60 bewoners.",
    ),
    Job(
        ZORG,
        "Schoonmaker zorglocatie",
        SCHOONMAAK,
        "1183",
        24,
        "15.10",
        12,
        21,
        {"nl": "A1"},
        P,
        "Schoonmaken van de gemeenschappelijke ruimtes.",
    ),
    Job(
        ZORG,
        "Zorghulp nachtdienst",
        ZORGHULP,
        "1187",
        32,
        "16.40",
        12,
        45,
        {"nl": "B1"},
        PA,
        "Rondes lopen en bewoners helpen in de nacht.",
    ),
    Job(
        ZORG,
        "Afwasmedewerker restaurant zorgcentrum",
        AFWAS,
        "1183",
        16,
        "15.00",
        6,
        10,
        {},
        D,
        "Afwas in het restaurant voor bewoners en bezoekers.",
    ),
]


def demo_ref(number: int, kind: str = "vacancy") -> str:
    """A stable reference for demo vacancy ``number`` that looks like any other ref.

    ``kind`` keeps the vacancies of other demo steps (the pilot year's, the journey's)
    apart from these: each step finds its own by reference.
    """
    digest = hashlib.sha256(f"werkbrug-demo-{kind}-{number}".encode()).digest()
    return "V-" + base64.b32encode(digest[:5]).decode()


def job_data(job: Job, start: date | None = None) -> VacancyData:
    """The form's data for ``job``, starting on ``start`` (default: as planned from today)."""
    essential = taxonomy_search.essential_skills(job.occupation)
    optional = taxonomy_search.optional_skills(job.occupation)[:3]
    return VacancyData(
        title=job.title,
        esco_occupation=job.occupation,
        pc4=job.pc4,
        hours_per_week=job.hours,
        start_date=start or local_today() + timedelta(days=job.starts_in_days),
        contract_months=job.months,
        hourly_wage=Decimal(job.wage),
        description=job.description,
        essential_skills=tuple(essential[:12]),
        optional_skills=tuple(optional),
        languages=job.languages,
        positions=job.positions,
    )


def _move_to(vacancy: Vacancy, status: VacancyStatus, by: User) -> None:
    if status == VacancyStatus.DRAFT:
        return
    vacancies.publish(vacancy, by=by)
    if status == VacancyStatus.PAUSED:
        vacancies.pause(vacancy, by=by)
    elif status == VacancyStatus.FILLED:
        vacancies.mark_filled(vacancy, by=by)
    elif status == VacancyStatus.CLOSED:
        vacancies.close(vacancy, reason_code="filled_elsewhere", by=by)


def load() -> list[str]:
    created = 0
    for number, job in enumerate(JOBS, start=1):
        ref = demo_ref(number)
        if db.session.scalar(select(Vacancy.id).where(Vacancy.ref == ref)) is not None:
            continue
        employer = db.session.scalar(
            select(Employer).where(Employer.kvk_number == job.kvk)
        )
        if employer is None or not employer.users:
            continue  # the accounts step did not run
        owner = employer.users[0]
        vacancy = vacancies.create_vacancy(employer, job_data(job), by=owner, ref=ref)
        _move_to(vacancy, job.status, owner)
        created += 1
    return [f"vacancies  {created} demovacatures"] if created else []


def find(number: int, kind: str = "vacancy") -> Vacancy | None:
    """Demo vacancy ``number`` of ``kind``, if it was made."""
    return db.session.scalar(
        select(Vacancy).where(Vacancy.ref == demo_ref(number, kind))
    )


def published() -> list[tuple[int, Vacancy]]:
    """(number, vacancy) of this step's vacancies that are published now, in JOBS order."""
    refs = {demo_ref(number): number for number in range(1, len(JOBS) + 1)}
    found = db.session.scalars(
        select(Vacancy).where(
            Vacancy.ref.in_(refs), Vacancy.status == VacancyStatus.PUBLISHED
        )
    ).all()
    return sorted(((refs[v.ref], v) for v in found), key=lambda pair: pair[0])
