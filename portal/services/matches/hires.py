"""Hires: candidate, employer, vacancy and contract. Recording one opens its TWV case.

A hire found on a match is proposed by the employer and confirmed by the matchmaker
(``journey``). The stand-alone form here is for hires found outside the portal
(``source="outside"``): it runs the same eligibility gate (``hire_gate``) first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.domain.minimum_wage import NoMinimumWageError, check_contract_wage
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    HireStatus,
    Match,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit, reasons
from portal.services.matches import hire_gate
from portal.services.twv import cases as twv

log = logging.getLogger(__name__)

#: Coded reasons for a hire that ends before its contract end (the "no" of the trail).
END_REASONS = tuple(reasons.reasons_for("hire_ended"))


class HireError(Exception):
    """Base class of the hire errors the views show as field errors."""


class NotAllowed(HireError):
    """Only a matchmaker records a hire."""


class UnknownCandidate(HireError):
    """No candidate profile with this reference."""


class UnknownVacancy(HireError):
    """No vacancy with this id that can be hired for."""


class InvalidContract(HireError):
    """The contract dates or hours do not make sense."""


class WageBelowMinimum(HireError):
    """B1: the wage is below the statutory minimum on a day of the contract."""

    def __init__(self, minimum: Decimal, on: date) -> None:
        super().__init__(f"wage below minimum {minimum} on {on}")
        self.minimum = minimum
        self.on = on


class CannotEnd(HireError):
    """The hire has already ended or been cancelled."""


@dataclass(frozen=True)
class ContractTerms:
    contract_start: date
    contract_end: date
    hours_per_week: int
    hourly_wage: Decimal


def find_candidate(ref: str) -> CandidateProfile | None:
    """The profile with this pseudonymous reference (case-insensitive)."""
    return db.session.scalar(
        select(CandidateProfile).where(
            func.upper(CandidateProfile.ref) == ref.strip().upper()
        )
    )


def vacancies_open_for_hire() -> list[Vacancy]:
    """Vacancies a hire can be recorded for: every one that is no longer a draft."""
    return list(
        db.session.scalars(
            select(Vacancy)
            .where(Vacancy.status != VacancyStatus.DRAFT)
            .options(selectinload(Vacancy.employer))
            .order_by(Vacancy.title, Vacancy.id)
        )
    )


def record_hire_by_ref(
    *, candidate_ref: str, vacancy_id: int, terms: ContractTerms, by: User
) -> Hire:
    """The hire form: find the candidate by reference and the vacancy, then record."""
    vacancy = db.session.get(Vacancy, vacancy_id) if vacancy_id else None
    if vacancy is None or vacancy.status == VacancyStatus.DRAFT:
        raise UnknownVacancy(str(vacancy_id))
    candidate = find_candidate(candidate_ref)
    if candidate is None:
        raise UnknownCandidate(candidate_ref)
    if terms.contract_end < terms.contract_start:
        raise InvalidContract("contract ends before it starts")
    hire_gate.check(candidate, terms)
    return record_hire(
        candidate=candidate, vacancy=vacancy, terms=terms, by=by, source="outside"
    )


def check_wage(terms: ContractTerms) -> None:
    """B1 with the minimum-wage table the administrators keep; raises WageBelowMinimum."""
    from portal.services.twv.cases import eligibility_settings

    rates = eligibility_settings().wage_rates
    try:
        result = check_contract_wage(
            terms.hourly_wage, terms.contract_start, terms.contract_end, rates=rates
        )
    except NoMinimumWageError:
        return  # a start before the table's first row: nothing to compare with
    if result.failures:
        failure = result.failures[0]
        raise WageBelowMinimum(failure.minimum, failure.on)


def record_hire(
    *,
    candidate: CandidateProfile,
    vacancy: Vacancy,
    terms: ContractTerms,
    by: User,
    match: Match | None = None,
    source: str = "outside",
) -> Hire:
    """Record a contract a matchmaker confirmed and open its TWV case.

    The callers run the gate first (the form and the match's confirmation); the TWV
    tests use this directly to build cases the checklist then blocks.
    """
    if not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot record a hire")
    if terms.contract_end < terms.contract_start:
        raise InvalidContract("contract ends before it starts")
    if terms.hours_per_week <= 0:
        raise InvalidContract("no hours")
    check_wage(terms)
    hire = Hire(
        candidate=candidate,
        candidate_id=candidate.id,
        employer_id=vacancy.employer_id,
        vacancy_id=vacancy.id,
        match_id=match.id if match is not None else None,
        contract_start=terms.contract_start,
        contract_end=terms.contract_end,
        hours_per_week=terms.hours_per_week,
        hourly_wage=terms.hourly_wage,
        status=HireStatus.PLANNED,
        created_by_id=by.id,
        confirmed_at=utcnow(),
        confirmed_by_id=by.id,
        source=source,
    )
    db.session.add(hire)
    db.session.flush()
    audit.record_change(
        "hire", hire.id, from_state=None, to_state=HireStatus.PLANNED.value, by=by
    )
    audit.record_event(
        "hire.recorded",
        actor=by,
        object_type="hire",
        object_id=hire.id,
        details={"candidate_id": candidate.id, "vacancy_id": vacancy.id},
    )
    twv.open_case(hire, by=by)
    log.info("hire %s recorded", hire.id)
    return hire


def end_early(hire: Hire, *, ended_on: date, reason_code: str, by: User) -> HireStatus:
    """The job ends before the contract does (or never starts): coded reason, then D9."""
    # Codes of the earlier list stay valid (old forms, old rows).
    if reasons.LEGACY.get(reason_code, reason_code) not in END_REASONS:
        raise ValueError(f"unknown reason {reason_code!r}")
    if hire.status not in {HireStatus.PLANNED, HireStatus.ACTIVE}:
        raise CannotEnd(f"hire {hire.id} is {hire.status}")
    before = HireStatus(hire.status)
    status = (
        HireStatus.CANCELLED if before == HireStatus.PLANNED else HireStatus.ENDED_EARLY
    )
    hire.status = status
    hire.ended_on = ended_on
    hire.end_reason_code = reason_code
    db.session.flush()
    audit.record_change(
        "hire",
        hire.id,
        from_state=before.value,
        to_state=status.value,
        by=by,
        reason_code=reason_code,
    )
    twv.on_hire_ended(hire, by=by, reason_code=reason_code, today=ended_on)
    return status
