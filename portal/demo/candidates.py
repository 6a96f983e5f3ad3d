"""Demo candidates: about 60 invented asylum seekers in the pilots' occupations.

Everything is made up: names, V-numbers, phone numbers, dates of birth. Profiles are
generated from a fixed seed, so every run produces the same references and a second run
finds them all and changes nothing. Dates are relative to today, so the spread of
permit situations (recently arrived, W-document expiring soon, no BSN yet) stays current.
Nationality lives only in the identity vault, like in real use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.models import CandidateStatus, SupportType, User
from portal.services.candidates import consents, identity, relocations, support
from portal.services.candidates import profiles as candidates
from portal.services.candidates.profile_input import ProfileData
from portal.services.candidates.profiles import REF_ALPHABET

SEED = 20250401
COUNT = 60
MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"
OCC = "http://data.europa.eu/esco/occupation/"

#: Pilot occupations: (key, ESCO URI, sector, Dutch summary phrase).
OCCUPATIONS = [
    ("kok", OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e", "als kok in een restaurant"),
    ("keukenhulp", OCC + "e1cf6897-158d-4b48-a39e-2a3a8cac216c", "als keukenhulp"),
    ("afwas", OCC + "f756fdab-7726-4c48-bfcc-94ff8810fc08", "in de afwas en de keuken"),
    ("bediening", OCC + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", "in de bediening"),
    ("productie", OCC + "245be6d1-fe9a-4ac8-9f81-122a687e4724", "in een fabriek"),
    ("inpak", OCC + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a", "als inpakker"),
    ("orderpicker", OCC + "cd94def5-3442-4c2e-ae3d-0761a3008bcb", "als orderpicker"),
    ("magazijn", OCC + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f", "in een magazijn"),
    ("heftruck", OCC + "eeac6251-1974-42f5-91ed-513c6c883755", "op een heftruck"),
    ("schoonmaak", OCC + "303a1e34-cb16-4054-b323-81e5eec17397", "in de schoonmaak"),
    ("zorg", OCC + "d38c2107-98f2-47b7-8bb4-f69750d51082", "in de zorg voor ouderen"),
]
#: Occupations often combined on one profile.
RELATED = {
    "kok": "keukenhulp",
    "keukenhulp": "afwas",
    "afwas": "keukenhulp",
    "bediening": "afwas",
    "productie": "inpak",
    "inpak": "productie",
    "orderpicker": "magazijn",
    "magazijn": "orderpicker",
    "heftruck": "magazijn",
    "schoonmaak": "afwas",
    "zorg": "schoonmaak",
}


@dataclass(frozen=True)
class Origin:
    nationality: str
    languages: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


ORIGINS = [
    Origin(
        "Syrische",
        ("ar",),
        ("Amal", "Rami", "Lina", "Omar", "Hiba", "Fadi"),
        ("Haddad", "Khoury", "Nasrallah", "Aziz"),
    ),
    Origin(
        "Eritrese",
        ("ti",),
        ("Semhar", "Yonas", "Helen", "Dawit", "Saba", "Robel"),
        ("Tesfay", "Gebremariam", "Habte", "Kidane"),
    ),
    Origin(
        "Afghaanse",
        ("fa", "ps"),
        ("Farid", "Mariam", "Nasir", "Zahra", "Jawad", "Laila"),
        ("Rahimi", "Noori", "Sultani", "Karimi"),
    ),
    Origin(
        "Turkse",
        ("tr", "ku"),
        ("Emre", "Zeynep", "Baran", "Elif", "Deniz", "Serkan"),
        ("Yıldız", "Demir", "Aksoy", "Kaya"),
    ),
    Origin(
        "Jemenitische",
        ("ar",),
        ("Abdullah", "Nadia", "Salem", "Maha"),
        ("Al-Ahmadi", "Saleh", "Ba-Wazir"),
    ),
    Origin(
        "Iraanse",
        ("fa",),
        ("Shirin", "Reza", "Parisa", "Kian"),
        ("Moradi", "Tehrani", "Jafari"),
    ),
    Origin(
        "Somalische",
        ("so", "ar"),
        ("Hodan", "Abdi", "Ayaan", "Yusuf"),
        ("Warsame", "Farah", "Osman"),
    ),
    Origin(
        "Iraakse",
        ("ar", "ku"),
        ("Zainab", "Haider", "Noor", "Mustafa"),
        ("Al-Jaburi", "Kadhim", "Hassan"),
    ),
    Origin(
        "Ethiopische",
        ("am",),
        ("Selam", "Bereket", "Tigist", "Henok"),
        ("Alemu", "Bekele", "Tadesse"),
    ),
    Origin(
        "Soedanese",
        ("ar",),
        ("Amira", "Khalid", "Rawda", "Musa"),
        ("Elamin", "Abdelrahman", "Osman"),
    ),
]

HOME = ("Azc Amstelveen, W.H. Keesomlaan", "1183")
OTHER_HOME = ("Azc Amsterdam, Willinklaan", "1067")
#: (index of the profile, days from today, new centre, PC4): a few COA transfers.
RELOCATIONS = [
    (3, -120, "Azc Amsterdam, Willinklaan", "1067"),
    (11, -45, "Azc Zaandam", "1507"),
    (19, -20, "Azc Ter Apel", "9561"),
    (27, 21, "Azc Budel", "6021"),
]

EXTRA_SENTENCES = [
    "Werkt graag in een team en leert snel.",
    "Wil graag vroege diensten werken.",
    "Volgt een taalcursus Nederlands op het azc.",
    "Is handig met computers en kassasystemen.",
    "Kan goed fysiek werk aan.",
    "Heeft een rijbewijs uit het land van herkomst, nog niet omgewisseld.",
    "Zoekt werk met vaste uren naast de taalles.",
    "Heeft ervaring met hygiëneregels.",
]


def _ref(rng: random.Random, taken: set[str]) -> str:
    while True:
        ref = candidates.REF_PREFIX + "".join(
            rng.choice(REF_ALPHABET) for _ in range(4)
        )
        if ref not in taken:
            taken.add(ref)
            return ref


def _skills(uri: str, rng: random.Random) -> list[str]:
    essential = load_taxonomy().essential_skills(uri)
    return essential[: rng.randint(3, 5)]


def _plan(index: int, rng: random.Random, today: date) -> dict:
    """Everything about one invented person, drawn from the seeded generator."""
    key, occupation, phrase = OCCUPATIONS[index % len(OCCUPATIONS)]
    origin = ORIGINS[rng.randrange(len(ORIGINS))]
    # Spread of permit situations: recently arrived, allowed to work, W-document expiring.
    if index % 6 == 0:
        applied = today - timedelta(days=rng.randint(30, 150))  # recently arrived
    else:
        applied = today - timedelta(days=rng.randint(200, 800))
    w_until: date | None = today + timedelta(days=rng.randint(120, 500))
    if index % 7 == 2:
        w_until = today + timedelta(days=rng.randint(20, 80))  # expiring soon
    if index % 29 == 5:
        w_until = None  # not yet known
    years = rng.choice([1, 2, 2, 3, 4, 5, 6, 8, 10])
    occupations = [(occupation, float(years))]
    if rng.random() < 0.45:
        related = {k: u for k, u, _ in OCCUPATIONS}[RELATED[key]]
        occupations.append((related, float(rng.choice([1, 2, 3]))))
    languages = {"nl": rng.choice(["A1", "A1", "A2", "A2", "B1"])}
    for code in origin.languages:
        languages[code] = (
            "C2" if code == origin.languages[0] else rng.choice(["B1", "B2", "C1"])
        )
    if rng.random() < 0.5:
        languages["en"] = rng.choice(["A2", "B1", "B2", "C1"])
    first = rng.choice(origin.first_names)
    last = rng.choice(origin.last_names)
    summary = f"Heeft {years} jaar gewerkt {phrase}. " + " ".join(
        rng.sample(EXTRA_SENTENCES, 2)
    )
    return {
        "data": ProfileData(
            reception_centre=HOME[0] if index % 5 else OTHER_HOME[0],
            pc4=HOME[1] if index % 5 else OTHER_HOME[1],
            max_travel_km=rng.choice([10, 15, 20, 25, 30, 40]),
            hours_per_week=rng.choice([16, 24, 24, 32, 32, 36, 40]),
            available_from=today + timedelta(days=rng.choice([0, 0, 7, 14, 30])),
            asylum_application_date=applied,
            w_document_valid_until=w_until,
            summary=summary,
            education_level=rng.choice([1, 2, 2, 3, 3, 3, 4, 6]),
            has_bsn=rng.random() < 0.55 and index % 6 != 0,
            in_brp=False,
            occupations=occupations,
            skills=_skills(occupation, rng),
            languages=languages,
        ),
        "identity": identity.IdentityData(
            name=f"{first} {last}",
            v_number=f"{rng.randint(1000000000, 9999999999)}",
            date_of_birth=date(
                rng.randint(1972, 2004), rng.randint(1, 12), rng.randint(1, 28)
            ),
            phone=f"06-{rng.randint(10000000, 99999999)}",
            email=(
                f"{first.lower()}.{rng.randint(10, 99)}@example.org"
                if rng.random() < 0.6
                else None
            ),
            nationality=origin.nationality,
            notes="",
        ),
        "consent": index % 19 != 7,  # three without consent
        "withdrawn": index in {23, 41},
        "status": (
            CandidateStatus.PLACED
            if index in {8, 16, 30, 44, 52}
            else CandidateStatus.PAUSED
            if index in {9, 33, 47, 55}
            else CandidateStatus.LEFT
            if index in {13, 38, 57}
            else CandidateStatus.ACTIVE
        ),
        "permit_granted": index in {16, 38, 57},
        "support_seed": rng.random(),
    }


def _support(
    profile, plan: dict, rng: random.Random, today: date, by: User | None
) -> None:
    start = max(plan["data"].asylum_application_date, today - timedelta(days=240))
    days = max((today - start).days, 1)
    kinds = [SupportType.INTAKE]
    if rng.random() < 0.6:
        kinds.append(SupportType.CV)
    if rng.random() < 0.4:
        kinds.append(SupportType.APPLICATION_TRAINING)
    if rng.random() < 0.3:
        kinds.append(SupportType.JOB_FAIR)
    if rng.random() < 0.5:
        kinds.append(SupportType.LANGUAGE_COURSE)
    if rng.random() < 0.3:
        kinds.append(SupportType.ADVICE_CANDIDATE)
    if plan["status"] == CandidateStatus.PLACED:
        kinds += [
            SupportType.EMPLOYER_MEETING,
            SupportType.MEDIATION,
            SupportType.ADVICE_EMPLOYER,
        ]
    offsets = sorted(rng.sample(range(days), min(len(kinds), days)))
    for kind, offset in zip(kinds, offsets, strict=False):
        support.record_support(
            profile, done_on=start + timedelta(days=offset), type=kind, by=by
        )


def demo_refs() -> list[str]:
    """The references of the demo people, in the order they are made (their stable keys).

    Other demo steps that give these people a history pick them from this list, never
    from "whatever profiles exist", so what they pick does not depend on later steps.
    """
    rng = random.Random(SEED)
    taken: set[str] = set()
    return [_ref(rng, taken) for _ in range(COUNT)]


def load() -> list[str]:
    by = db.session.scalar(select(User).where(User.email == MATCHMAKER))
    today = candidates.local_today()
    created = 0
    for index, ref in enumerate(demo_refs()):
        plan = _plan(index, random.Random(f"{SEED}-{index}"), today)
        if candidates.find_by_ref(ref) is not None:
            continue
        person_rng = random.Random(f"{SEED}-extra-{index}")
        profile = candidates.create_profile(plan["data"], by=by, ref=ref)
        if by is not None:
            identity.save_identity(profile, plan["identity"], by=by)
        if plan["consent"]:
            consents.give_consent(
                profile,
                given_on=max(
                    plan["data"].asylum_application_date, today - timedelta(days=200)
                ),
                scopes=("matching", "employers", "introduction", "evaluation"),
                by=by,
            )
        if plan["withdrawn"]:
            consents.withdraw_consent(profile, on=today - timedelta(days=5), by=by)
        _support(profile, plan, person_rng, today, by)
        if plan["permit_granted"]:
            candidates.record_outcome(
                profile,
                residence_permit_on=today - timedelta(days=person_rng.randint(20, 90)),
                linked_municipality=person_rng.choice(
                    ["Amstelveen", "Amstelveen", "Almere"]
                ),
                by=by,
            )
        if plan["status"] != CandidateStatus.ACTIVE:
            reason = {
                CandidateStatus.PAUSED: "language_course",
                CandidateStatus.LEFT: (
                    "residence_permit" if plan["permit_granted"] else "left_reception"
                ),
            }.get(plan["status"])
            candidates.set_status(profile, plan["status"], reason_code=reason, by=by)
        for target, delta, centre, pc4 in RELOCATIONS:
            if target == index:
                relocations.record_relocation(
                    profile,
                    moved_on=today + timedelta(days=delta),
                    reception_centre=centre,
                    pc4=pc4,
                    by=by,
                )
        created += 1
    db.session.flush()
    return (
        [f"kandidaten: {created} nieuw, {COUNT - created} bestonden al"]
        if created
        else []
    )
