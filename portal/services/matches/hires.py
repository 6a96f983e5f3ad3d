"""Hires: candidate, employer, vacancy and contract. Recording one opens its TWV case.

A matchmaker records a hire directly for now; the match review calls the same
:func:`record_hire` (with ``match=``) when a match ends in a hire.
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
from portal.services import audit
from portal.services.twv import cases as twv

log = logging.getLogger(__name__)

#: Coded reasons for a hire that ends before its contract end (the "no" of the trail).
END_REASONS = (
    "candidate_left",  # the employee stopped
    "employer_ended",  # the employer ended it (for example in the trial period)
    "relocated",  # COA moved the person too far away
    "status_holder",  # residence permit: no TWV needed, often a new contract
    "no_twv",  # UWV refused the TWV or it came too late
    "asylum_rejected",  # the asylum application was rejected: no more work
    "other",
)


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
    return record_hire(candidate=candidate, vacancy=vacancy, terms=terms, by=by)


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
) -> Hire:
    """Record the contract and open its TWV case (the first cycle of the checklist)."""
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
    if match is not None:
        from portal.services.matches import review as matches

        matches.mark_hired(match, by=by)
    twv.open_case(hire, by=by)
    log.info("hire %s recorded", hire.id)
    return hire


def end_early(hire: Hire, *, ended_on: date, reason_code: str, by: User) -> HireStatus:
    """The job ends before the contract does (or never starts): coded reason, then D9."""
    if reason_code not in END_REASONS:
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
