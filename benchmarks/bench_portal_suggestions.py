"""Time the matchmaker's suggestions page with 10,000 profiles (run by hand: ``make bench``).

Builds a SQLite database in a temporary folder with demo-like profiles (the pilots'
occupations, their ESCO skills, Dutch levels, postcodes around Amstelveen and
Amsterdam, dates relative to today, consent to matching), one employer and a few
published vacancies, then requests the suggestions page through Flask's test client as
a logged-in matchmaker:

* first request in a fresh process (taxonomy, text model and index build);
* first request after a profile changed (the changed profile into a delta file);
* first request of a worker that starts while the index files exist (maps them);
* a full rebuild (as on a new day: the files are written again);
* warm requests (mapped index), median and 95th percentile;

and prints them against two baselines measured in the same run: the library's ranking
alone on the cached index (the floor of the page), and a plain portal page (the
matchmaker dashboard, the per-request overhead of login, session and template).

Usage::

    .venv/bin/python benchmarks/bench_portal_suggestions.py [--profiles 10000] [--requests 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from flask import Flask  # noqa: E402
from flask_login import FlaskLoginClient  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from matching.taxonomy import load_taxonomy  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import (  # noqa: E402
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    Consent,
    Employer,
    Role,
    Sector,
    User,
    Vacancy,
    VacancyLanguage,
    VacancyStatus,
)
from portal.models.base import utcnow  # noqa: E402

OCC = "http://data.europa.eu/esco/occupation/"
#: The pilots' occupations (as in the candidate demo data).
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
#: Reception centres and homes around Amstelveen and Amsterdam (PC4 areas).
HOMES = ["1183", "1067", "1069", "1181", "1186", "1102", "1034", "1507", "2132", "1431"]
SUMMARIES = [
    "Werkte {years} jaar {what}. Wil graag weer aan het werk.",
    "Heeft ervaring {what}; leert Nederlands.",
    "{years} jaar gewerkt {what}, zoekt fulltime werk.",
]
LEVELS = ["A1", "A2", "A2", "B1", "B1", "B2"]


def build_database(app: Flask, n_profiles: int, seed: int = 7) -> None:
    """Write ``n_profiles`` demo-like profiles with bulk inserts (minutes → seconds)."""
    rng = random.Random(seed)
    tx = load_taxonomy()
    today = utcnow().date()
    now = utcnow()
    with app.app_context():
        db.create_all()
        profiles, occupations, skills, languages, consents = [], [], [], [], []
        for i in range(1, n_profiles + 1):
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
                    "asylum_application_date": today
                    - timedelta(days=rng.randint(90, 900)),
                    "w_document_valid_until": today
                    + timedelta(days=rng.randint(-30, 700)),
                    "has_bsn": rng.random() < 0.5,
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            occupations.append(
                {"profile_id": i, "esco_uri": occupation, "years": years}
            )
            essential = tx.essential_skills(occupation)
            for uri in rng.sample(essential, k=min(len(essential), rng.randint(0, 6))):
                skills.append({"profile_id": i, "skill_uri": uri})
            languages.append(
                {"profile_id": i, "code": "nl", "level": rng.choice(LEVELS)}
            )
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
            db.session.execute(insert(model), rows)
        employer = Employer(
            name="Benchmark Horeca B.V.",
            kvk_number="99999999",
            contact_person="Bench",
            workplace_pc4="1181",
            sector=Sector.HOSPITALITY,
            is_verified=True,
        )
        db.session.add(employer)
        db.session.flush()
        for n, occupation in enumerate(OCCUPATIONS[:5], start=1):
            vacancy = Vacancy(
                ref=f"V-BENCH{n:03d}",
                employer_id=employer.id,
                title=f"Vacature {n}",
                esco_occupation=occupation,
                description="Werken in Amstelveen, in een klein team.",
                pc4="1181",
                hours_per_week=32,
                start_date=today + timedelta(days=30),
                contract_months=12,
                hourly_wage=Decimal("15.50"),
                status=VacancyStatus.PUBLISHED,
            )
            vacancy.languages = [VacancyLanguage(code="nl", level="A2")]
            db.session.add(vacancy)
        db.session.add(
            User(
                email="bench-matchmaker@example.test",
                name="Bench Matchmaker",
                password_hash="x",  # noqa: S106 - logs in without a password
                role=Role.MATCHMAKER,
            )
        )
        db.session.commit()


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:10.1f} ms"


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "WERKBRUG_ENV": "development",
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "MATCHING_INDEX_DIR": f"{folder}/index",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        app.test_client_class = FlaskLoginClient
        t_data = _timed(lambda: build_database(app, args.profiles))
        with app.app_context():
            matchmaker = db.session.scalar(
                select(User).where(User.role == Role.MATCHMAKER)
            )
            vacancy_ids = db.session.scalars(
                select(Vacancy.id).order_by(Vacancy.id)
            ).all()
            client = app.test_client(user=matchmaker)
        url = f"/matches/vacature/{vacancy_ids[0]}"

        def get(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, response.status_code

        cold = _timed(lambda: get(url))

        with app.app_context():
            profile = db.session.get(CandidateProfile, 1)
            profile.hours_per_week = 20
            profile.updated_at = utcnow()
            db.session.commit()
        update = _timed(lambda: get(url))
        warm_before = [_timed(lambda: get(url)) for _ in range(5)]
        app.extensions.pop("portal.matching_index")  # a worker that starts now
        mapped = _timed(lambda: get(url))
        app.extensions.pop("portal.matching_index")  # as on a new day: full rebuild
        with app.app_context():
            from portal.services.matches.index_files import MANIFEST, folder_for

            (folder_for(app).path / MANIFEST).unlink()
        rebuild = _timed(lambda: get(url))

        warm = [_timed(lambda: get(url)) for _ in range(args.requests)]
        others = [
            _timed(lambda vid=vid: get(f"/matches/vacature/{vid}"))
            for vid in vacancy_ids[1:]
        ]
        vacancy_page = [
            _timed(lambda: get(f"/vacatures/{vacancy_ids[0]}"))
            for _ in range(args.requests)
        ]
        dashboard = [_timed(lambda: get("/werkplein/")) for _ in range(args.requests)]

        with app.test_request_context():
            from portal.services.matches import ranking as matching_service

            built = matching_service.candidate_index()
            vacancy = db.session.get(Vacancy, vacancy_ids[0])
            mv = matching_service.to_vacancy(vacancy)
            library = [
                _timed(lambda: built.index.rank(mv, top=20))
                for _ in range(args.requests)
            ]
            pool = len(built.ids)

    floor = statistics.median(library)
    overhead = statistics.median(dashboard)
    page = statistics.median(warm)
    print(f"suggestions page, {args.profiles:,} profiles ({pool:,} matchable), SQLite")
    print(f"  building the database (bulk insert)          {_ms(t_data)}")
    print(f"  first request, fresh process (loads + index) {_ms(cold)}")
    print(f"  full index rebuild (libraries already loaded) {_ms(rebuild)}")
    print(
        f"  first request after a profile change (update) {_ms(update)}"
        f" ({update / statistics.median(warm_before):.1f}x a warm request just after)"
    )
    print(f"  first request of a new worker (maps the files) {_ms(mapped)}")
    print(
        f"  warm, median / p95 of {args.requests:<3}                  {_ms(page)} / {_ms(_p95(warm)).strip()}"
    )
    print(
        f"  warm, other vacancies (median)               {_ms(statistics.median(others))}"
    )
    print(
        f"  vacancy page with the 5-proposal panel       {_ms(statistics.median(vacancy_page))}"
    )
    print("baselines, same run:")
    print(f"  library rank only (top 20, cached index)     {_ms(floor)}")
    print(f"  plain portal page (matchmaker dashboard)     {_ms(overhead)}")
    print(
        f"  warm page / (library + plain page)           {page / (floor + overhead):10.2f}x"
    )


if __name__ == "__main__":
    main()
