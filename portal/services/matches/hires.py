"""Hires: candidate, employer, vacancy and contract. Recording one opens its TWV case.

A hire found on a match is proposed by the employer and confirmed by the matchmaker
(``journey``). The stand-alone form here is for hires found outside the portal
(``source="outside"``): it runs the same eligibility gate (``hire_gate``) first, and
refuses a pair that has a match (that hire is proposed on the match). Both paths end in
``journey.take_effect``: the person is placed, a position of the vacancy is filled, the
TWV case opens and the 3- and 6-month follow-ups are planned.
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
    MatchStatus,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.services import audit, reasons
from portal.services.matches.guards import check_note
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


class StartInPast(InvalidContract):
    """A contract proposed on a match cannot start before today."""


class PairHasMatch(HireError):
    """The person and the vacancy have a match: the hire is proposed on the match."""

    def __init__(self, match: Match) -> None:
        super().__init__(f"{match!r} exists for this pair")
        self.match = match


#: Match states from which the chain can still reach (or has reached) a hire: a hire for
#: such a pair goes through the match, never through the stand-alone form.
MATCH_CHAIN_STATES = frozenset(
    {
        MatchStatus.SUGGESTED,
        MatchStatus.APPROVED,
        MatchStatus.INVITED,
        MatchStatus.INTRODUCED,
        MatchStatus.INTERVIEW_PLANNED,
        MatchStatus.OFFER,
        MatchStatus.HIRED,
    }
)
#: Vacancies a hire can still fill.
OPEN_FOR_HIRE = (VacancyStatus.PUBLISHED, VacancyStatus.PAUSED)


class WageBelowMinimum(HireError):
    """B1: the wage is below the statutory minimum on a day of the contract."""

    def __init__(self, minimum: Decimal, on: date) -> None:
        super().__init__(f"wage below minimum {minimum} on {on}")
        self.minimum = minimum
        self.on = on


class CannotEnd(HireError):
    """The hire has already ended or been cancelled."""


class NoteRequired(HireError):
    """The reason "other" needs a note saying what happened."""


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
    """Vacancies a hire can be recorded for: published or paused (not filled or closed)."""
    return list(
        db.session.scalars(
            select(Vacancy)
            .where(Vacancy.status.in_(OPEN_FOR_HIRE))
            .options(selectinload(Vacancy.employer))
            .order_by(Vacancy.title, Vacancy.id)
        )
    )


def check_wage(terms: ContractTerms) -> None:
    """B1 with the minimum-wage table the administrators keep; raises WageBelowMinimum."""
    from portal.services.twv.eligibility import eligibility_settings

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


def end_early(
    hire: Hire,
    *,
    ended_on: date,
    reason_code: str,
    by: User,
    note: str | None = None,
) -> HireStatus:
    """The job ends before the contract does (or never starts): coded reason, then D9.

    "Other" needs a note; a note is checked for identifiers like every note about a
    person (``guards.NoteHasIdentifiers``) and kept on the hire's state change.
    """
    # Codes of the earlier list stay valid (old forms, old rows).
    if reasons.LEGACY.get(reason_code, reason_code) not in END_REASONS:
        raise ValueError(f"unknown reason {reason_code!r}")
    if reason_code in reasons.NOTE_REQUIRED and not (note or "").strip():
        raise NoteRequired(reason_code)
    note = check_note(note)
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
        note=note,
    )
    twv.on_hire_ended(hire, by=by, reason_code=reason_code, today=ended_on)
    return status
