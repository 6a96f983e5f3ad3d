"""Time the evaluation report (/evaluatie) for 10,000 candidates and 100,000 events.

Builds a database (a temporary SQLite file, or ``--database-url`` for PostgreSQL) with
10,000 profiles in three reception centres and 100,000 dated events over the pilot year:
support activities, matches with their status history, confirmed hires with follow-ups,
TWV cycles and COA moves. Then requests, as a logged-in matchmaker through Flask's test
client:

* the report for the pilot year, all centres, and for one centre (median and p95);
* one question's .xlsx export;

and prints them against a one-query page measured in the same run (the matchmaker
dashboard: login, session, one query, a template), so the ratio says what the
aggregation costs on top of an ordinary page.

Usage::

    .venv/bin/python benchmarks/bench_evaluation.py [--profiles 10000] [--events 100000] [--requests 15]
    .venv/bin/python benchmarks/bench_evaluation.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/werkbrug_issue_12_bench
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from flask import Flask  # noqa: E402
from flask_login import FlaskLoginClient  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import (  # noqa: E402
    CandidateProfile,
    Employer,
    FollowUp,
    Hire,
    Match,
    Relocation,
    Role,
    Sector,
    StatusChange,
    SupportActivity,
    TwvCase,
    TwvCycle,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.services.accounts import users  # noqa: E402

START = date(2025, 4, 1)
CENTRES = [
    ("Azc Amstelveen", "1183"),
    ("Azc Amsterdam", "1067"),
    ("Azc Alphen", "2404"),
]
SUPPORT = [
    "intake",
    "cv",
    "application_training",
    "job_fair",
    "language_course",
    "mediation",
    "advice_candidate",
]
SECTORS = list(Sector)
NO = {
    "rejected": "language",
    "declined": "hours",
    "not_hired": "twv_too_slow",
    "withdrawn": "relocated_by_coa",
}


def _at(day: date) -> datetime:
    return datetime.combine(day, clock(10), UTC)


def build_database(
    app: Flask, n_profiles: int, n_events: int, seed: int = 12
) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        users.create_user(
            email="mm@bench.test",
            name="MM",
            password="correct horse battery staple",  # noqa: S106 - a throw-away database
            role=Role.MATCHMAKER,
            by=None,
        )
        employers = []
        for i in range(20):
            e = Employer(
                name=f"Werkgever {i}",
                kvk_number=f"{70000000 + i}",
                contact_person="C",
                workplace_pc4=["1181", "1069", "1118", "2132"][i % 4],
                sector=SECTORS[i % len(SECTORS)],
                is_verified=True,
            )
            db.session.add(e)
            employers.append(e)
        db.session.flush()
        vacancies = []
        for i in range(40):
            v = Vacancy(
                ref=f"V-B{i:04d}",
                employer_id=employers[i % 20].id,
                title="Kok",
                description="Koken",
                esco_occupation="http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e",
                pc4="1181",
                hours_per_week=32,
                start_date=START,
                contract_months=12,
                hourly_wage=Decimal("15.00"),
                status=VacancyStatus.PUBLISHED,
            )
            db.session.add(v)
            vacancies.append(v)
        db.session.flush()
        profiles = []
        for i in range(n_profiles):
            centre, pc4 = CENTRES[i % 3]
            profiles.append(
                {
                    "ref": f"WB-B{i:05d}",
                    "summary": "",
                    "reception_centre": centre,
                    "pc4": pc4,
                    "max_travel_km": 30,
                    "hours_per_week": 32,
                    "available_from": START,
                    "asylum_application_date": date(2024, 6, 1),
                    "residence_permit_on": START + timedelta(days=rng.randint(0, 700))
                    if i % 6 == 0
                    else None,
                    "linked_municipality": rng.choice(
                        ["Amstelveen", "Amsterdam", "Groningen", None]
                    )
                    if i % 6 == 0
                    else None,
                }
            )
        db.session.execute(insert(CandidateProfile), profiles)
        ids = list(
            db.session.scalars(
                select(CandidateProfile.id).order_by(CandidateProfile.id)
            )
        )
        budget = n_events
        # Support: half the events; everyone has an intake.
        support = [
            {
                "profile_id": pid,
                "type": "intake",
                "done_on": START + timedelta(days=rng.randint(-60, 420)),
                "note": "",
            }
            for pid in ids
        ]
        while len(support) < budget // 2:
            support.append(
                {
                    "profile_id": rng.choice(ids),
                    "type": rng.choice(SUPPORT),
                    "done_on": START + timedelta(days=rng.randint(-60, 420)),
                    "note": "",
                }
            )
        db.session.execute(insert(SupportActivity), support)
        counts["support activities"] = len(support)
        # Matches and their history: a quarter of the events as matches + changes.
        pairs = set()
        target = budget // 8
        while len(pairs) < target:
            pairs.add((rng.choice(vacancies).id, rng.choice(ids)))
        match_rows = []
        for vid, pid in pairs:
            created = START + timedelta(days=rng.randint(0, 365))
            status = rng.choice(
                [
                    "suggested",
                    "approved",
                    "rejected",
                    "invited",
                    "declined",
                    "introduced",
                    "not_hired",
                    "hired",
                    "withdrawn",
                ]
            )
            match_rows.append(
                {
                    "vacancy_id": vid,
                    "candidate_id": pid,
                    "status": status,
                    "created_at": _at(created),
                    "updated_at": _at(created),
                    "reasons": [],
                    "reason_code": NO.get(status),
                }
            )
        db.session.execute(insert(Match), match_rows)
        matches = db.session.execute(
            select(Match.id, Match.status, Match.created_at)
        ).all()
        path = {
            "suggested": [],
            "approved": ["approved"],
            "rejected": ["rejected"],
            "invited": ["approved", "invited"],
            "declined": ["approved", "declined"],
            "introduced": ["approved", "invited", "introduced"],
            "not_hired": ["approved", "invited", "introduced", "not_hired"],
            "hired": ["approved", "invited", "introduced", "hired"],
            "withdrawn": ["approved", "withdrawn"],
        }
        changes = []
        for mid, status, created in matches:
            for step, state in enumerate(path[str(status)]):
                changes.append(
                    {
                        "object_type": "match",
                        "object_id": mid,
                        "to_state": state,
                        "at": created + timedelta(days=step + 1),
                        "reason_code": NO.get(state),
                    }
                )
        db.session.execute(insert(StatusChange), changes)
        counts["matches"] = len(match_rows)
        counts["status changes"] = len(changes)
        # Hires, follow-ups, TWV, COA moves: the rest.
        remaining = budget - len(support) - len(match_rows) - len(changes)
        n_hires = max(1, remaining // 5)
        hires = []
        for pid in rng.sample(ids, min(n_hires, len(ids))):
            start = START + timedelta(days=rng.randint(0, 365))
            hires.append(
                {
                    "candidate_id": pid,
                    "employer_id": rng.choice(employers).id,
                    "contract_start": start,
                    "contract_end": start + timedelta(days=365),
                    "hours_per_week": 32,
                    "hourly_wage": Decimal("15.00"),
                    "status": rng.choice(["active", "active", "ended_early"]),
                    "confirmed_at": _at(start),
                    "source": "outside",
                    "created_at": _at(start),
                }
            )
        db.session.execute(insert(Hire), hires)
        hire_rows = db.session.execute(
            select(Hire.id, Hire.candidate_id, Hire.employer_id, Hire.contract_start)
        ).all()
        db.session.execute(
            insert(FollowUp),
            [
                {
                    "hire_id": h.id,
                    "months": m,
                    "due_on": h.contract_start + timedelta(days=30 * m),
                    "done_on": h.contract_start + timedelta(days=30 * m),
                    "still_at_work": rng.random() < 0.8,
                }
                for h in hire_rows
                for m in (3, 6)
            ],
        )
        db.session.execute(
            insert(TwvCase),
            [
                {
                    "hire_id": h.id,
                    "employer_id": h.employer_id,
                    "candidate_id": h.candidate_id,
                    "created_at": _at(h.contract_start),
                }
                for h in hire_rows
            ],
        )
        cases = db.session.execute(select(TwvCase.id, TwvCase.hire_id)).all()
        start_of = {h.id: h.contract_start for h in hire_rows}
        cycles = []
        for cid, hid in cases:
            submitted = start_of[hid] - timedelta(days=60)
            cycles.append(
                {
                    "case_id": cid,
                    "number": 1,
                    "status": rng.choice(["granted", "granted", "refused"]),
                    "opened_on": submitted,
                    "submitted_on": submitted,
                    "decided_on": submitted + timedelta(days=rng.randint(7, 80)),
                    "valid_until": start_of[hid] + timedelta(days=200),
                    "created_at": _at(submitted),
                }
            )
        db.session.execute(insert(TwvCycle), cycles)
        moves = remaining - len(hires) - 2 * len(hire_rows) - len(cases) - len(cycles)
        db.session.execute(
            insert(Relocation),
            [
                {
                    "profile_id": rng.choice(ids),
                    "moved_on": START + timedelta(days=rng.randint(0, 365)),
                    "from_reception_centre": "Azc Amstelveen",
                    "from_pc4": "1183",
                    "to_reception_centre": "Azc Alphen",
                    "to_pc4": "2404",
                    "created_at": _at(START),
                }
                for _ in range(max(0, moves))
            ],
        )
        counts["hires"] = len(hires)
        counts["follow-ups, TWV, moves"] = (
            2 * len(hire_rows) + len(cases) + len(cycles) + max(0, moves)
        )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
    return counts


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def _line(name: str, samples: list[float], base: float) -> str:
    median = statistics.median(samples)
    return f"  {name:<40} {median * 1000:8.1f} ms / {_p95(samples) * 1000:8.1f} ms   {median / base:6.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "WERKBRUG_ENV": "development",
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": args.database_url
                or f"sqlite:///{folder}/bench.sqlite",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "PASSWORD_HASH": "cheap",
            }
        )
        app.test_client_class = FlaskLoginClient
        t0 = time.perf_counter()
        counts = build_database(app, args.profiles, args.events)
        t_data = time.perf_counter() - t0
        with app.app_context():
            matchmaker = db.session.scalar(
                select(User).where(User.role == Role.MATCHMAKER)
            )
            client = app.test_client(user=matchmaker)

        def get(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        pages = {
            "one-query page (matchmaker dashboard)": "/werkplein/",
            "report, pilot year, all centres": "/evaluatie/",
            "report, pilot year, one centre": "/evaluatie/?start=2025-04-01&end=2026-03-31&centre=Azc+Amstelveen",
            "export of question 4 (.xlsx)": "/evaluatie/export/bottlenecks.xlsx",
        }
        for path in pages.values():
            get(path)  # warm up: imports, templates, the postcode table
        samples = {name: [] for name in pages}
        for _ in range(args.requests):
            for name, path in pages.items():
                samples[name].append(_timed(lambda p=path: get(p)))
        base = statistics.median(samples["one-query page (matchmaker dashboard)"])
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"Evaluation report ({engine}): {args.profiles:,} candidates, {sum(counts.values()) - 0:,} rows of events ({t_data:.1f} s to build)"
        )
        for name, n in counts.items():
            print(f"  {name:<24} {n:>8,}")
        print(
            f"  {'page':<40} {'median':>11} / {'p95':>11}   ratio to the one-query page ({args.requests} requests each)"
        )
        for name in pages:
            print(_line(name, samples[name], base))


if __name__ == "__main__":
    main()
