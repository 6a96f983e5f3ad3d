"""Vacancies: who sees which, and the one import point of the vacancy services.

Employers see their own vacancies, matchmakers all of them (with filters, shortage
occupations first); :func:`describe` works out what a vacancy's page shows. A vacancy's
life cycle (create, edit, publish, pause, fill, close) is in ``lifecycle`` and what a
valid vacancy is in ``rules``; both are re-exported here (``__all__``), so views and
other areas import ``posting`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from matching.geo import load_postcodes
from portal.domain import reba
from portal.extensions import db
from portal.models import Employer, Sector, User, Vacancy
from portal.services.settings import values
from portal.services.vacancies import shortage, taxonomy_search
from portal.services.vacancies.lifecycle import (
    CLOSE_REASONS,
    EDITABLE,
    TRANSITIONS,
    NotAllowed,
    TransitionNotAllowed,
    allowed_actions,
    close,
    create_vacancy,
    mark_filled,
    may_change,
    new_ref,
    pause,
    publish,
    update_vacancy,
)
from portal.services.vacancies.rules import (
    MAX_CONTRACT_MONTHS,
    MAX_HOURS,
    MIN_CONTRACT_MONTHS,
    MIN_HOURS,
    Problem,
    VacancyData,
    VacancyInvalid,
    contract_end,
    local_today,
    problem_message,
    validate,
    wage_check,
    wage_problems,
    wage_warnings,
)

__all__ = [
    "CLOSE_REASONS",
    "EDITABLE",
    "MAX_CONTRACT_MONTHS",
    "MAX_HOURS",
    "MIN_CONTRACT_MONTHS",
    "MIN_HOURS",
    "TRANSITIONS",
    "Filters",
    "Listed",
    "NotAllowed",
    "Problem",
    "TransitionNotAllowed",
    "VacancyData",
    "VacancyInvalid",
    "VacancyView",
    "allowed_actions",
    "close",
    "contract_end",
    "create_vacancy",
    "describe",
    "list_vacancies",
    "local_today",
    "mark_filled",
    "may_change",
    "new_ref",
    "pause",
    "problem_message",
    "publish",
    "reba_estimate",
    "regions",
    "update_vacancy",
    "validate",
    "wage_check",
    "wage_warnings",
]


# -- reading ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """Matchmakers' filters on the vacancy list; None means "all"."""

    sector: str | None = None
    status: str | None = None
    shortage: bool | None = None
    region: str | None = None
    employer_id: int | None = None


@dataclass(frozen=True)
class Listed:
    """A row of the list: the vacancy and whether it is in a shortage occupation."""

    vacancy: Vacancy
    is_shortage: bool


def _query(viewer: User, filters: Filters) -> Select[Any]:
    is_shortage = shortage.vacancy_is_shortage().label("is_shortage")
    query = select(Vacancy, is_shortage).options(joinedload(Vacancy.employer))
    if viewer.is_employer:
        return query.where(Vacancy.employer_id == viewer.employer_id).order_by(
            Vacancy.created_at.desc(), Vacancy.id.desc()
        )
    if filters.sector:
        query = query.join(Employer).where(Employer.sector == filters.sector)
    if filters.status:
        query = query.where(Vacancy.status == filters.status)
    if filters.shortage is not None:
        clause = shortage.vacancy_is_shortage()
        query = query.where(clause if filters.shortage else ~clause)
    if filters.region:
        query = query.where(Vacancy.municipality == filters.region)
    if filters.employer_id:
        query = query.where(Vacancy.employer_id == filters.employer_id)
    return query.order_by(
        shortage.vacancy_is_shortage().desc(), Vacancy.start_date, Vacancy.id
    )


def list_vacancies(viewer: User, filters: Filters | None = None) -> list[Listed]:
    """Employers: their own vacancies, newest first. Matchmakers: all, shortage first."""
    if not (viewer.is_employer or viewer.is_matchmaker):
        raise NotAllowed(f"{viewer!r} has no vacancy list")
    rows = db.session.execute(_query(viewer, filters or Filters())).unique().all()
    return [Listed(vacancy, bool(flag)) for vacancy, flag in rows]


def regions() -> list[str]:
    """Municipalities that have vacancies (the region filter's choices)."""
    return list(
        db.session.scalars(
            select(Vacancy.municipality)
            .where(Vacancy.municipality != "")
            .distinct()
            .order_by(Vacancy.municipality)
        )
    )


SECTORS = tuple(s.value for s in Sector)


@dataclass(frozen=True)
class VacancyView:
    """Everything the detail page shows, worked out once."""

    vacancy: Vacancy
    occupation: tuple[str, str]
    isco_label: str
    essential: list[tuple[str, tuple[str, str]]]
    optional: list[tuple[str, tuple[str, str]]]
    place: str
    shortage_entries: list[Any]
    warnings: list[Problem]
    reba: reba.RebaEstimate
    contract_end: date
    actions: set[str]


def reba_estimate(
    hourly_wage: Decimal, hours_per_week: int | Decimal
) -> reba.RebaEstimate:
    """E3 for a single asylum seeker at this wage and these hours (an estimate)."""
    return reba.estimate_reba(
        Decimal(hourly_wage),
        Decimal(hours_per_week),
        settings=values.get_reba_settings(),
    )


def describe(vacancy: Vacancy, lang: str = "nl") -> VacancyView:
    """Labels, shortage status, wage warnings and the REBA estimate for one vacancy."""
    point = load_postcodes().get(vacancy.pc4)
    return VacancyView(
        vacancy=vacancy,
        occupation=taxonomy_search.label(vacancy.esco_occupation, lang),
        isco_label=taxonomy_search.isco_label(vacancy.isco_group, lang),
        essential=taxonomy_search.labelled(vacancy.essential_skills, lang),
        optional=taxonomy_search.labelled(vacancy.optional_skills, lang),
        place=f"{point.place}, {point.municipality}" if point else "",
        shortage_entries=shortage.matching_entries(vacancy.esco_occupation),
        # A rate entered after the vacancy was saved can put it below the minimum.
        warnings=[
            *wage_problems(VacancyData.from_vacancy(vacancy)),
            *wage_warnings(VacancyData.from_vacancy(vacancy)),
        ]
        if vacancy.status in EDITABLE
        else [],
        reba=reba_estimate(vacancy.hourly_wage, vacancy.hours_per_week),
        contract_end=contract_end(vacancy.start_date, vacancy.contract_months),
        actions=allowed_actions(vacancy),
    )


# -- lookups for the views ------------------------------------------------------------------
def get_vacancy(vacancy_id: int) -> Vacancy | None:
    return db.session.get(Vacancy, vacancy_id)


def find_by_ref(ref: str) -> Vacancy | None:
    return db.session.scalar(select(Vacancy).where(Vacancy.ref == ref))


def vacancies_by_id(ids: Sequence[int]) -> dict[int, Vacancy]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {
        v.id: v
        for v in db.session.scalars(select(Vacancy).where(Vacancy.id.in_(wanted)))
    }


def vacancy_for_page(
    vacancy_id: int | None = None, *, ref: str | None = None
) -> Vacancy | None:
    """A vacancy (by id or reference) with its employer, skills and languages, in one query."""
    where = Vacancy.ref == ref if ref is not None else Vacancy.id == vacancy_id
    return (
        db.session.scalars(
            select(Vacancy)
            .where(where)
            .options(
                joinedload(Vacancy.employer),
                joinedload(Vacancy.skills),
                joinedload(Vacancy.languages),
            )
        )
        .unique()
        .one_or_none()
    )
