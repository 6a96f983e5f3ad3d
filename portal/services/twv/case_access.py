"""Who sees which TWV case, and the case lists of the dashboards.

An employer sees its own organisation's cases, a matchmaker every case, an intermediary
(a TWV bureau) the cases of the employers that delegated to it; anyone else none. A
case another user may not see is answered as if it did not exist (:func:`case_for_user`).
:func:`acting_for` names the employer a bureau acts for, for the audit trail's "on behalf
of". :func:`case_overviews` lists the visible cases, the most urgent first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, false, select
from sqlalchemy.orm import joinedload, selectinload

from portal.domain.twv_rules import Check
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CycleStatus,
    Hire,
    TwvCase,
    TwvCycle,
    User,
)
from portal.models.base import local_today
from portal.services.intermediaries import delegations
from portal.services.twv.eligibility import eligibility, eligibility_settings
from portal.services.twv.status import CaseState, case_state, snapshot_of, sort_key


def visible_cases_query(user: User) -> Select[tuple[TwvCase]]:
    """An employer sees the own organisation's cases; a matchmaker sees all."""
    query = select(TwvCase).options(  # one row per case: join the single rows
        selectinload(TwvCase.cycles).joinedload(TwvCycle.steps),
        joinedload(TwvCase.hire).joinedload(Hire.vacancy),
        joinedload(TwvCase.candidate).joinedload(CandidateProfile.identity),
        joinedload(TwvCase.employer),
    )
    if user.is_employer:
        return query.where(TwvCase.employer_id == user.employer_id)
    if user.is_matchmaker:
        return query
    if user.is_intermediary:
        employer_ids = delegations.delegating_employer_ids(user)
        return query.where(TwvCase.employer_id.in_(employer_ids or {-1}))
    return query.where(false())  # nobody else sees cases


@dataclass(frozen=True)
class CaseOverview:
    """One row of a dashboard: the case and where it stands."""

    case: TwvCase
    state: CaseState
    checks: tuple[Check, ...]


def case_overviews(user: User, *, today: date | None = None) -> list[CaseOverview]:
    """All cases the user may see, the most urgent first."""
    today = today or local_today()
    settings = eligibility_settings()
    rows = []
    for case in db.session.scalars(visible_cases_query(user)):
        checks = tuple(eligibility(case, today=today, settings=settings))
        blocked = (
            any(c.severity == "blocking" for c in checks)
            and case.current_cycle.status == CycleStatus.PREPARING
        )
        state = case_state(snapshot_of(case, blocked=blocked), today)
        rows.append(CaseOverview(case, state, checks))
    return sorted(rows, key=lambda row: sort_key(row.state, row.case.id))


def state_of(case: TwvCase, checks: list[Check], *, today: date) -> CaseState:
    blocked = (
        any(c.severity == "blocking" for c in checks)
        and case.current_cycle.status == CycleStatus.PREPARING
    )
    return case_state(snapshot_of(case, blocked=blocked), today)


def get_case(case_id: int) -> TwvCase | None:
    return db.session.get(TwvCase, case_id)


def may_see_case(user: User, case: TwvCase) -> bool:
    """The employer's own cases, every case for a matchmaker, delegated ones for an intermediary."""
    if user.is_matchmaker:
        return True
    if user.is_employer:
        return case.employer_id == user.employer_id
    if user.is_intermediary:
        return case.employer_id in delegations.delegating_employer_ids(user)
    return False


def case_for_user(case_id: int, user: User) -> TwvCase | None:
    """The case when this user may see it; None (a 404) otherwise, as if it did not exist."""
    case = get_case(case_id)
    if case is None or not may_see_case(user, case):
        return None
    return case


def acting_for(user: User, case: TwvCase) -> int | None:
    """The employer an intermediary acts for on this case ("on behalf of"); else None."""
    return case.employer_id if user.is_intermediary else None
