"""Vacancies: their life cycle, and who sees which.

What a valid vacancy is lives in ``vacancy_rules`` (re-exported here); every change goes
through it. Status changes each have one function with their allowed "from" states, and
each leaves a StatusChange row.
"""

from __future__ import annotations

import base64
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from matching.geo import load_postcodes
from portal.domain import minimum_wage, reba
from portal.domain.cefr import normalize_cefr
from portal.extensions import db
from portal.models import (
    Employer,
    Sector,
    User,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit, settings
from portal.services.vacancies import shortage, taxonomy_search
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

log = logging.getLogger(__name__)

#: Closing a vacancy is a "no": it always carries one of these codes.
CLOSE_REASONS = (
    "filled_elsewhere",
    "no_longer_needed",
    "no_suitable_candidates",
    "other",
)
EDITABLE = frozenset(
    {VacancyStatus.DRAFT, VacancyStatus.PUBLISHED, VacancyStatus.PAUSED}
)
#: Allowed "from" states per action.
TRANSITIONS: dict[str, frozenset[VacancyStatus]] = {
    "publish": frozenset({VacancyStatus.DRAFT, VacancyStatus.PAUSED}),
    "pause": frozenset({VacancyStatus.PUBLISHED}),
    "fill": frozenset({VacancyStatus.PUBLISHED, VacancyStatus.PAUSED}),
    "close": EDITABLE,
}


# -- errors ----------------------------------------------------------------------------
class NotAllowed(Exception):
    """The acting user may not change this vacancy."""


class TransitionNotAllowed(Exception):
    """The vacancy's status does not allow this action."""

    def __init__(self, action: str, status: VacancyStatus) -> None:
        super().__init__(f"cannot {action} a vacancy that is {status}")
        self.action, self.status = action, status


# -- changes ---------------------------------------------------------------------------
def may_change(employer_id: int, by: User) -> bool:
    """The employer's own users, and matchmakers (who import on an employer's behalf)."""
    return (by.is_employer and by.employer_id == employer_id) or by.is_matchmaker


def new_ref() -> str:
    """A reference that reveals nothing: ``V-`` and 8 random base32 characters."""
    while True:
        ref = "V-" + base64.b32encode(secrets.token_bytes(5)).decode()
        if db.session.scalar(select(Vacancy.id).where(Vacancy.ref == ref)) is None:
            return ref


def _apply(vacancy: Vacancy, data: VacancyData) -> None:
    vacancy.title = data.title.strip()
    vacancy.esco_occupation = data.esco_occupation
    vacancy.isco_group = taxonomy_search.isco_group(data.esco_occupation)
    vacancy.description = data.description.strip()
    vacancy.pc4 = data.pc4
    point = load_postcodes().get(data.pc4)
    vacancy.municipality = point.municipality if point is not None else ""
    vacancy.hours_per_week = data.hours_per_week
    vacancy.start_date = data.start_date
    vacancy.contract_months = data.contract_months
    vacancy.hourly_wage = data.hourly_wage
    vacancy.positions = data.positions
    essential = list(dict.fromkeys(data.essential_skills))
    optional = [u for u in dict.fromkeys(data.optional_skills) if u not in essential]
    wanted = dict.fromkeys(essential, True) | dict.fromkeys(optional, False)
    for skill in list(vacancy.skills):
        if skill.skill_uri not in wanted:
            vacancy.skills.remove(skill)
        else:
            skill.is_essential = wanted.pop(skill.skill_uri)
    # Flush removals first: a skill removed and added again must not clash on the
    # (vacancy_id, skill_uri) unique constraint.
    if vacancy.id is not None:
        db.session.flush()
    for uri, essential_flag in wanted.items():
        vacancy.skills.append(VacancySkill(skill_uri=uri, is_essential=essential_flag))
    languages = {code: normalize_cefr(level) for code, level in data.languages.items()}
    for lang in list(vacancy.languages):
        if lang.code not in languages:
            vacancy.languages.remove(lang)
        else:
            lang.level = languages.pop(lang.code)
    for code, level in languages.items():
        vacancy.languages.append(VacancyLanguage(code=code, level=level))


def _forbidden_non_shortage(esco_uri: str) -> Problem | None:
    if settings.non_shortage_allowed() or shortage.is_shortage_occupation(esco_uri):
        return None
    municipality = current_app.config.get("MUNICIPALITY", "")
    return Problem(
        "esco_occupation", "non_shortage_forbidden", {"municipality": municipality}
    )


def create_vacancy(
    employer: Employer,
    data: VacancyData,
    *,
    by: User,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
    ref: str | None = None,
    submission_key: str | None = None,
) -> Vacancy:
    """A new draft vacancy; raises VacancyInvalid with every problem at once.

    ``submission_key`` is the one-time key of the form: a second submit of the same form
    (a double click, a resend, a parallel request) returns the vacancy the first made.
    """
    if not may_change(employer.id, by):
        raise NotAllowed(f"{by!r} cannot create vacancies for {employer!r}")
    problems = validate(data, today=today, rates=rates)
    if problems:
        raise VacancyInvalid(problems)
    if submission_key and (earlier := _submitted(employer, submission_key)):
        return earlier
    vacancy = Vacancy(
        ref=ref or new_ref(),
        employer_id=employer.id,
        status=VacancyStatus.DRAFT,
        skills=[],
        languages=[],
        submission_key=submission_key or None,
    )
    _apply(vacancy, data)
    try:
        with db.session.begin_nested():  # a parallel submit may take the key first
            db.session.add(vacancy)
            db.session.flush()
    except IntegrityError:
        earlier = _submitted(employer, submission_key) if submission_key else None
        if earlier is None:
            raise
        return earlier
    audit.record_change(
        "vacancy", vacancy.id, from_state=None, to_state=VacancyStatus.DRAFT, by=by
    )
    log.info("vacancy %s created by user %s", vacancy.id, by.id)
    return vacancy


def _submitted(employer: Employer, key: str) -> Vacancy | None:
    """The vacancy this employer's form with ``key`` made already, if any."""
    return db.session.scalar(
        select(Vacancy).where(
            Vacancy.submission_key == key, Vacancy.employer_id == employer.id
        )
    )


def update_vacancy(
    vacancy: Vacancy,
    data: VacancyData,
    *,
    by: User,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
) -> Vacancy:
    """Change a draft, published or paused vacancy; the same rules as for a new one."""
    if not may_change(vacancy.employer_id, by):
        raise NotAllowed(f"{by!r} cannot change {vacancy!r}")
    if vacancy.status not in EDITABLE:
        raise VacancyInvalid([Problem("status", "not_editable")])
    problems = validate(
        data,
        today=today,
        rates=rates,
        check_start=data.start_date != vacancy.start_date,
    )
    if vacancy.status == VacancyStatus.PUBLISHED and data.esco_occupation:
        forbidden = _forbidden_non_shortage(data.esco_occupation)
        if forbidden is not None:
            problems.append(forbidden)
    if problems:
        raise VacancyInvalid(problems)
    _apply(vacancy, data)
    vacancy.updated_at = utcnow()
    db.session.flush()
    audit.record_event(
        "vacancy.updated", actor=by, object_type="vacancy", object_id=vacancy.id
    )
    return vacancy


def _transition(
    vacancy: Vacancy,
    action: str,
    to: VacancyStatus,
    *,
    by: User,
    reason_code: str | None = None,
    note: str | None = None,
) -> None:
    if not may_change(vacancy.employer_id, by):
        raise NotAllowed(f"{by!r} cannot change {vacancy!r}")
    if vacancy.status not in TRANSITIONS[action]:
        raise TransitionNotAllowed(action, VacancyStatus(vacancy.status))
    before = vacancy.status
    vacancy.status = to
    vacancy.updated_at = utcnow()
    audit.record_change(
        "vacancy",
        vacancy.id,
        from_state=str(before),
        to_state=str(to),
        by=by,
        reason_code=reason_code,
        note=note,
    )
    db.session.flush()
    log.info("vacancy %s %s -> %s by user %s", vacancy.id, before, to, by.id)


def publish(
    vacancy: Vacancy,
    *,
    by: User,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
) -> None:
    """Draft or paused → published, if the vacancy is (still) valid today.

    Refused when the start date has passed, the wage is below a (new) minimum, or the
    municipality allows only shortage occupations and this is not one.
    """
    if vacancy.status not in TRANSITIONS["publish"]:
        raise TransitionNotAllowed("publish", VacancyStatus(vacancy.status))
    problems = validate(VacancyData.from_vacancy(vacancy), today=today, rates=rates)
    forbidden = _forbidden_non_shortage(vacancy.esco_occupation)
    if forbidden is not None:
        problems.append(forbidden)
    if problems:
        raise VacancyInvalid(problems)
    _transition(vacancy, "publish", VacancyStatus.PUBLISHED, by=by)
    if vacancy.published_at is None:
        vacancy.published_at = utcnow()


def pause(vacancy: Vacancy, *, by: User) -> None:
    """Published → paused: matchmakers stop proposing candidates for a while."""
    _transition(vacancy, "pause", VacancyStatus.PAUSED, by=by)


def mark_filled(vacancy: Vacancy, *, by: User) -> None:
    """Published or paused → filled (through Werkbrug or not: closing says otherwise)."""
    _transition(vacancy, "fill", VacancyStatus.FILLED, by=by)
    vacancy.closed_at = utcnow()


def close(
    vacancy: Vacancy, *, reason_code: str, by: User, note: str | None = None
) -> None:
    """Any open state → closed, always with a coded reason."""
    if reason_code not in CLOSE_REASONS:
        raise ValueError(f"unknown close reason {reason_code!r}")
    _transition(
        vacancy,
        "close",
        VacancyStatus.CLOSED,
        by=by,
        reason_code=reason_code,
        note=(note or "").strip()[:1000] or None,
    )
    vacancy.close_reason_code = reason_code
    vacancy.closed_at = utcnow()


def allowed_actions(vacancy: Vacancy) -> set[str]:
    """Which actions the vacancy's status allows (for the buttons on its page)."""
    actions = {name for name, states in TRANSITIONS.items() if vacancy.status in states}
    if vacancy.status in EDITABLE:
        actions.add("edit")
    return actions


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
        settings=settings.get_reba_settings(),
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
