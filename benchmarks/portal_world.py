"""The benchmark's portal data: many demo-like profiles, vacancies, matches and TWV cases.

Profiles go in with bulk inserts (10,000 in seconds); the few rows with rules of their own
(users, approved matches, hires and their TWV cases, a relocation) go through the
services, as the portal makes them. Seeded, so two runs measure the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import Flask
from sqlalchemy import insert, select

from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.models import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    Consent,
    Employer,
    Relocation,
    Role,
    Sector,
    StepState,
    User,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)
from portal.models.base import utcnow

OCC = "http://data.europa.eu/esco/occupation/"
#: The pilots' occupations (as in the candidate demo data); the first is "kok".
OCCUPATIONS = [
    OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e",  # kok
    OCC + "e1cf6897-158d-4b48-a39e-2a3a8cac216c",  # keukenhulp
    OCC + "f756fdab-7726-4c48-bfcc-94ff8810fc08",  # afwasser
    OCC + "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471",  # bediening
    OCC + "245be6d1-fe9a-4ac8-9f81-122a687e4724",  # productie
    OCC + "f5cb9901-86fc-48d0-9cde-667fbe8cef3a",  # inpakker
    OCC + "cd94def5-3442-4c2e-ae3d-0761a3008bcb",  # orderpicker
    OCC + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f",  # magazijn
    OCC + "eeac6251-1974-42f5-91ed-513c6c883755",  # heftruck
    OCC + "303a1e34-cb16-4054-b323-81e5eec17397",  # schoonmaak
    OCC + "d38c2107-98f2-47b7-8bb4-f69750d51082",  # zorg
]
HOMES = ["1183", "1067", "1069", "1181", "1186", "1102", "1034", "1507", "2132", "1431"]
WORKPLACES = ["1181", "1183", "1062", "1102", "1431"]
SUMMARIES = [
    "Werkte {years} jaar {what}. Wil graag weer aan het werk.",
    "Heeft ervaring {what}; leert Nederlands.",
    "{years} jaar gewerkt {what}, zoekt fulltime werk.",
]
LEVELS = ["A1", "A2", "A2", "B1", "B1", "B2"]
MATCHMAKER_EMAIL = "bench-matchmaker@example.test"
EMPLOYER_EMAIL = "bench-employer@example.test"


@dataclass(frozen=True)
class World:
    """Ids the benchmark's URLs need."""

    matchmaker_id: int
    employer_user_id: int
    vacancy_id: int
    candidate_id: int
    case_id: int
    pair: tuple[str, str]  # (candidate ref, vacancy ref) for the pair explanation
    calendar_token: str


def _profiles(n: int, rng: random.Random, today: date) -> None:
    tx = load_taxonomy()
    now = utcnow()
    profiles, occupations, skills, languages, consents = [], [], [], [], []
    for i in range(1, n + 1):
        occupation = rng.choice(OCCUPATIONS)
        years = rng.choice([0.5, 1, 2, 3, 5, 8])
        label = tx.occupation(occupation).label("nl")
        profiles.append(
            {
                "id": i,
                "ref": f"WB-B{i:05d}",
                "summary": rng.choice(SUMMARIES).format(
                    years=years, what=f"als {label}"
                ),
                "reception_centre": "Azc (benchmark)",
                "pc4": rng.choice(HOMES),
                "max_travel_km": rng.choice([10, 15, 25, 40]),
                "hours_per_week": rng.choice([16, 24, 32, 38]),
                "available_from": today + timedelta(days=rng.randint(-30, 60)),
                "asylum_application_date": today - timedelta(days=rng.randint(90, 900)),
                "w_document_valid_until": today + timedelta(days=rng.randint(-30, 700)),
                "has_bsn": rng.random() < 0.5,
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
        )
        occupations.append({"profile_id": i, "esco_uri": occupation, "years": years})
        essential = tx.essential_skills(occupation)
        for uri in rng.sample(essential, k=min(len(essential), rng.randint(0, 6))):
            skills.append({"profile_id": i, "skill_uri": uri})
        languages.append({"profile_id": i, "code": "nl", "level": rng.choice(LEVELS)})
        if rng.random() < 0.5:
            languages.append(
                {"profile_id": i, "code": "en", "level": rng.choice(LEVELS)}
            )
        if rng.random() < 0.95:
            consents.append(
                {
                    "profile_id": i,
                    "given_on": today - timedelta(days=rng.randint(1, 300)),
                    "scope": "matching,employers",
                }
            )
    for model, rows in (
        (CandidateProfile, profiles),
        (CandidateOccupation, occupations),
        (CandidateSkill, skills),
        (CandidateLanguage, languages),
        (Consent, consents),
    ):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start : start + 5000])
    if db.engine.dialect.name == "postgresql":  # ids were given: move the sequence on
        db.session.execute(
            db.text(
                "SELECT setval(pg_get_serial_sequence('candidate_profile', 'id'), :n)"
            ),
            {"n": n},
        )


def _employers(count: int) -> list[Employer]:
    employers = []
    for n in range(1, count + 1):
        employer = Employer(
            name=f"Benchmark Bedrijf {n} B.V.",
            kvk_number=f"{99000000 + n:08d}",
            contact_person="Bench",
            workplace_pc4=WORKPLACES[n % len(WORKPLACES)],
            sector=Sector.HOSPITALITY,
            is_verified=True,
        )
        db.session.add(employer)
        employers.append(employer)
    db.session.flush()
    return employers


def _vacancies(
    employers: list[Employer], n: int, rng: random.Random, today: date
) -> list[Vacancy]:
    tx = load_taxonomy()
    vacancies = []
    for i in range(1, n + 1):
        employer = employers[i % len(employers)]
        occupation = OCCUPATIONS[i % len(OCCUPATIONS)]
        vacancy = Vacancy(
            ref=f"V-BENCH{i:03d}",
            employer_id=employer.id,
            title=f"{tx.occupation(occupation).label('nl').capitalize()} {i}",
            esco_occupation=occupation,
            description="Werken in een klein team, vaste tijden, goede begeleiding.",
            pc4=employer.workplace_pc4,
            hours_per_week=rng.choice([24, 32, 38]),
            start_date=today + timedelta(days=rng.randint(14, 60)),
            contract_months=12,
            hourly_wage=Decimal("15.50"),
            status=VacancyStatus.PUBLISHED,
        )
        vacancy.languages = [VacancyLanguage(code="nl", level="A2")]
        vacancy.skills = [
            VacancySkill(skill_uri=uri) for uri in tx.essential_skills(occupation)[:3]
        ]
        db.session.add(vacancy)
        vacancies.append(vacancy)
    db.session.flush()
    return vacancies


def _twv_cases(
    employer: Employer, vacancy: Vacancy, matchmaker: User, today: date, count: int
) -> list[int]:
    from portal.services.matches import hires, journey
    from portal.services.twv import cases as twv
    from portal.services.twv import steps as twv_steps

    ids = []
    for n in range(1, count + 1):
        profile = CandidateProfile(
            ref=f"WB-T{n:04d}",
            reception_centre="azc Amstelveen",
            pc4="1183",
            max_travel_km=25,
            hours_per_week=32,
            available_from=today - timedelta(days=30),
            asylum_application_date=today - timedelta(days=400),
            w_document_valid_until=today + timedelta(days=500),
            has_bsn=True,
            in_brp=True,
        )
        db.session.add(profile)
        db.session.flush()
        hire = journey.record_hire(
            candidate=profile,
            vacancy=vacancy,
            terms=hires.ContractTerms(
                contract_start=today + timedelta(days=14),
                contract_end=today + timedelta(days=14 + 364),
                hours_per_week=32,
                hourly_wage=Decimal("15.50"),
            ),
            by=matchmaker,
        )
        case = twv.case_for_hire(hire)
        assert case is not None
        for key in ("eligibility", "draft_contract", "apply_uwv"):
            twv_steps.record_step(
                case, key, action=StepState.DONE, by=matchmaker, today=today
            )
        ids.append(case.id)
    return ids


def build_world(app: Flask, n_profiles: int, n_vacancies: int, seed: int = 7) -> World:
    """Fill an empty, migrated database; returns the ids the page URLs need."""
    from portal.services.accounts import users as accounts
    from portal.services.matches import review as match_service

    rng = random.Random(seed)
    with app.app_context():
        from portal.services.candidates.profiles import local_today

        today = local_today()
        _profiles(n_profiles, rng, today)
        employers = _employers(max(1, min(10, n_vacancies // 5)))
        vacancies = _vacancies(employers, n_vacancies, rng, today)
        matchmaker = accounts.create_user(
            email=MATCHMAKER_EMAIL,
            name="Bench Matchmaker",
            password="bench password, never used",  # noqa: S106
            role=Role.MATCHMAKER,
            by=None,
        )
        employer = employers[1 % len(employers)]
        employer_user = accounts.create_user(
            email=EMPLOYER_EMAIL,
            name="Bench Werkgever",
            password="bench password, never used",  # noqa: S106
            role=Role.EMPLOYER,
            by=None,
            employer=employer,
        )
        db.session.flush()
        own = [v for v in vacancies if v.employer_id == employer.id]
        # Approved pairs: the employer's list of candidates, the vacancy page's panel.
        profiles = []
        for profile in db.session.scalars(
            select(CandidateProfile)
            .where(CandidateProfile.id <= 200)
            .order_by(CandidateProfile.id)
        ):
            try:
                match_service.approve(
                    own[len(profiles) % min(3, len(own))], profile, by=matchmaker
                )
            except match_service.PairBlocked:
                continue  # an expired W-document, too far: not a pair to approve
            profiles.append(profile)
            if len(profiles) == 30:
                break
        # People moving before the start date (the suggestions page's relocations).
        for profile_id in range(201, min(n_profiles, 230) + 1):
            db.session.add(
                Relocation(
                    profile_id=profile_id,
                    moved_on=today + timedelta(days=rng.randint(1, 20)),
                    from_reception_centre="Azc (benchmark)",
                    from_pc4="1183",
                    to_reception_centre="Azc Groningen",
                    to_pc4="9711",
                    recorded_by_id=matchmaker.id,
                )
            )
        case_ids = _twv_cases(employer, own[0], matchmaker, today, 5)
        db.session.commit()
        return World(
            matchmaker_id=matchmaker.id,
            employer_user_id=employer_user.id,
            vacancy_id=own[0].id,
            candidate_id=1,
            case_id=case_ids[0],
            pair=(profiles[0].ref, own[0].ref),
            calendar_token=employer.calendar_token,
        )
