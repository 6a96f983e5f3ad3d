"""Vacancies outward: the employer may publish a vacancy as a schema.org JobPosting.

Only a published vacancy of a verified employer whose employer switched on
``public_posting`` is shown, on a public page and in a JSON-LD feed, so job sites can list
it. A JobPosting holds the vacancy and the employer's name only: never candidate data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Employer, User, Vacancy, VacancyStatus
from portal.services import audit
from portal.services.vacancies import taxonomy_search
from portal.services.vacancies.posting import may_change

FULL_TIME_HOURS = 36


class NotAllowed(PermissionError):
    """Someone other than the employer (or a matchmaker) tried to change the flag."""


def _public() -> Any:
    return (
        select(Vacancy)
        .join(Employer, Employer.id == Vacancy.employer_id)
        .options(joinedload(Vacancy.employer))
        .where(
            Vacancy.public_posting.is_(True),
            Vacancy.status == VacancyStatus.PUBLISHED,
            Employer.is_verified.is_(True),
        )
    )


def public_vacancies() -> list[Vacancy]:
    """Every vacancy that may be shown outward, newest first."""
    query = _public().order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
    return list(db.session.scalars(query).unique())


def public_vacancy(ref: str) -> Vacancy | None:
    return db.session.scalars(_public().where(Vacancy.ref == ref)).unique().first()


def set_public_posting(vacancy: Vacancy, on: bool, *, by: User) -> None:
    """The employer switches the public page on or off (recorded as a state change)."""
    if not may_change(vacancy.employer_id, by):
        raise NotAllowed
    if vacancy.public_posting == on:
        return
    audit.record_change(
        "vacancy_public_posting",
        vacancy.id,
        from_state="on" if vacancy.public_posting else "off",
        to_state="on" if on else "off",
        by=by,
    )
    vacancy.public_posting = on
    db.session.flush()


def employment_type(vacancy: Vacancy) -> list[str]:
    kind = "FULL_TIME" if vacancy.hours_per_week >= FULL_TIME_HOURS else "PART_TIME"
    return [kind, "TEMPORARY"] if vacancy.contract_months else [kind]


def job_posting(
    vacancy: Vacancy, *, url: str, valid_through: str | None = None
) -> dict[str, Any]:
    """The schema.org JobPosting of a vacancy, as a JSON-LD object.

    Only properties schema.org defines for the types used (the test holds an
    allow-list). JobPosting has no property for the language of its text
    (``inLanguage`` belongs to CreativeWork and others, not to JobPosting).
    """
    occupation, _lang = taxonomy_search.label(vacancy.esco_occupation, "nl")
    posted = vacancy.published_at or vacancy.created_at
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {
            "@type": "PropertyValue",
            "name": "Werkbrug",
            "value": vacancy.ref,
        },
        "url": url,
        "title": vacancy.title,
        "description": vacancy.description or occupation,
        "datePosted": posted.date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": vacancy.employer.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": vacancy.pc4,
                "addressLocality": vacancy.municipality or None,
                "addressCountry": "NL",
            },
        },
        "employmentType": employment_type(vacancy),
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "value": float(vacancy.hourly_wage),
                "unitText": "HOUR",
            },
        },
        "workHours": f"{vacancy.hours_per_week} uur per week",
        "jobStartDate": vacancy.start_date.isoformat(),
        "occupationalCategory": vacancy.isco_group or None,
        "totalJobOpenings": vacancy.positions or None,
    }
    if valid_through:
        posting["validThrough"] = valid_through
    address = posting["jobLocation"]["address"]
    posting["jobLocation"]["address"] = {k: v for k, v in address.items() if v}
    return {k: v for k, v in posting.items() if v is not None}
