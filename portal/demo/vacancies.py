"""Demo vacancies: 25 invented jobs at the demo employers, in the pilots' sectors.

Dates are relative to today, so the demo stays current. Each vacancy goes through the
same service as the form (rules, status history); its reference is derived from its
number, so a second run finds it and changes nothing. The jobs themselves are data, in
``portal.demo.vacancy_jobs``.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.demo.vacancy_jobs import JOBS, Job
from portal.extensions import db
from portal.models import Employer, User, Vacancy, VacancyStatus
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import VacancyData, local_today


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
