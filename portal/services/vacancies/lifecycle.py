"""A vacancy's life cycle: create and edit it through the rules, then publish, pause, fill
or close it.

What a valid vacancy is lives in ``rules``; every change goes through it. Each status
change has one function with its allowed "from" states (:data:`TRANSITIONS`) and leaves
a StatusChange row; closing always carries a coded reason. A vacancy is changed by its
employer's own users, or by a matchmaker on the employer's behalf (:func:`may_change`).
Who sees which vacancy, and the detail page's view, are in ``posting``, which also
re-exports this module for the views.
"""

from __future__ import annotations

import base64
import logging
import secrets
from collections.abc import Sequence
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matching.geo import load_postcodes
from portal.domain import minimum_wage
from portal.domain.cefr import normalize_cefr
from portal.extensions import db
from portal.models import (
    Employer,
    User,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit
from portal.services.settings import values
from portal.services.vacancies import shortage, taxonomy_search
from portal.services.vacancies.rules import (
    Problem,
    VacancyData,
    VacancyInvalid,
    validate,
)

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
    if values.non_shortage_allowed() or shortage.is_shortage_occupation(esco_uri):
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
