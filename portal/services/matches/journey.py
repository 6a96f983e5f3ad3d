"""After the introduction: interview, the employer's offer and the confirmed hire.

The employer proposes the contract on the match (match → offer, hire ``proposed``); the
matchmaker confirms it with the person (hire confirmed, match → hired). Both run the
eligibility gate first (``hire_gate``); a contract proposed on a match cannot start
before today. The confirmed hire links the match and then takes effect
(:func:`take_effect`, shared with a hire found outside the portal): it fills a position
of the vacancy (closing it when all are filled, and withdrawing the vacancy's other open
matches), sets the person to placed, opens the TWV case and plans the 3- and 6-month
follow-ups. The ends that are not a hire (not hired, withdrawn) are in ``match_ends``.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CandidateStatus,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    TwvCase,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import local_today, utcnow
from portal.services import audit
from portal.services.candidates import profiles as candidates
from portal.services.matches import follow_ups, hire_gate, hires, notices
from portal.services.matches.guards import (
    AlreadyDecided,
    InvalidTransition,
    check_note,
    require_matchmaker,
    require_owner,
    require_owner_or_matchmaker,
)
from portal.services.matches.hires import ContractTerms, InvalidContract, StartInPast
from portal.services.matches.match_ends import proposed_hire, withdraw_open_matches
from portal.services.matches.transitions import TRANSITIONS, move
from portal.services.notifications import recipients
from portal.services.twv import cases as twv

log = logging.getLogger(__name__)


def plan_interview(match: Match, *, by: User, note: str | None = None) -> Match:
    """A job interview is planned (the employer or the matchmaker records it)."""
    require_owner_or_matchmaker(match, by)
    note = check_note(note)
    if match.status == MatchStatus.INTERVIEW_PLANNED:
        return match
    move(match, MatchStatus.INTERVIEW_PLANNED, by=by, note=note)
    if by.is_employer:
        for user in recipients.matchmakers(match.decided_by_id):
            notices.inbox.notify(
                user,
                "interview_planned",
                link=f"/matches/{match.id}",
                params=notices.refs(match),
            )
    return match


# -- the hire on the match ----------------------------------------------------------------
def hire_of(match: Match) -> Hire | None:
    """The match's hire (proposed or confirmed), if any."""
    return db.session.scalar(
        select(Hire)
        .where(Hire.match_id == match.id, Hire.status != HireStatus.CANCELLED)
        .order_by(Hire.id.desc())
        .limit(1)
    )


def _check_terms(terms: ContractTerms) -> None:
    if terms.contract_end < terms.contract_start:
        raise InvalidContract("contract ends before it starts")
    if terms.hours_per_week <= 0:
        raise InvalidContract("no hours")


def propose_hire(
    match: Match,
    terms: ContractTerms,
    *,
    by: User,
    note: str | None = None,
    today: date | None = None,
) -> Hire:
    """The employer proposes the contract; the matchmaker confirms it with the person."""
    require_owner(match, by)
    note = check_note(note)
    _check_terms(terms)
    if terms.contract_start < (today or local_today()):
        raise StartInPast("a contract proposed on a match starts today or later")
    if match.status not in TRANSITIONS[MatchStatus.OFFER] | {MatchStatus.OFFER}:
        raise InvalidTransition(f"{match!r} cannot get an offer")
    hire_gate.check(match.candidate, terms, today=today)
    if match.status != MatchStatus.OFFER:
        move(match, MatchStatus.OFFER, by=by, note=note)
    hire = proposed_hire(match)
    if hire is None:
        hire = Hire(
            candidate_id=match.candidate_id,
            employer_id=match.vacancy.employer_id,
            vacancy_id=match.vacancy_id,
            match_id=match.id,
            status=HireStatus.PROPOSED,
            source="match",
            created_by_id=by.id,
            contract_start=terms.contract_start,
            contract_end=terms.contract_end,
            hours_per_week=terms.hours_per_week,
            hourly_wage=terms.hourly_wage,
        )
        db.session.add(hire)
        db.session.flush()
        audit.record_change(
            "hire", hire.id, from_state=None, to_state=HireStatus.PROPOSED.value, by=by
        )
    else:  # a changed (or resent) proposal replaces the terms
        hire.contract_start = terms.contract_start
        hire.contract_end = terms.contract_end
        hire.hours_per_week = terms.hours_per_week
        hire.hourly_wage = terms.hourly_wage
        db.session.flush()
    notices.hire_proposed(match)
    return hire


def _confirmed_count(vacancy: Vacancy) -> int:
    return int(
        db.session.scalar(
            select(func.count(Hire.id)).where(
                Hire.vacancy_id == vacancy.id,
                Hire.confirmed_at.is_not(None),
                Hire.status.not_in((HireStatus.CANCELLED, HireStatus.PROPOSED)),
            )
        )
        or 0
    )


def _fill_position(vacancy: Vacancy, *, by: User, keep: Match | None) -> None:
    if _confirmed_count(vacancy) < max(vacancy.positions, 1):
        return
    if vacancy.status in (VacancyStatus.PUBLISHED, VacancyStatus.PAUSED):
        before = vacancy.status
        vacancy.status = VacancyStatus.FILLED
        vacancy.closed_at = utcnow()
        db.session.flush()
        audit.record_change(
            "vacancy", vacancy.id, from_state=str(before), to_state="filled", by=by
        )
    withdraw_open_matches(
        vacancy=vacancy, reason_code="vacancy_filled", by=by, keep=keep
    )


def take_effect(
    hire: Hire, *, by: User, match: Match | None = None, today: date | None = None
) -> TwvCase:
    """What every confirmed hire sets in motion, on a match or found outside the portal.

    The person is placed, a position of the vacancy is filled (the vacancy closes when
    all are, and its other open matches are withdrawn), the TWV case opens, the 3- and
    6-month follow-ups are planned, and the employer (and its TWV bureau) is told.
    """
    candidates.set_status(hire.candidate, CandidateStatus.PLACED, by=by)
    vacancy = db.session.get(Vacancy, hire.vacancy_id) if hire.vacancy_id else None
    if vacancy is not None:
        _fill_position(vacancy, by=by, keep=match)
    case = twv.open_case(hire, by=by, today=today)
    follow_ups.plan(hire)
    notices.hire_confirmed(hire, case.id)
    return case


def confirm_hire(match: Match, *, by: User, today: date | None = None) -> Hire:
    """The matchmaker confirmed the offer with the person: the placement counts."""
    require_matchmaker(by)
    hire = proposed_hire(match)
    if match.status == MatchStatus.HIRED:
        raise AlreadyDecided(match, None)
    if match.status != MatchStatus.OFFER or hire is None:
        raise InvalidTransition(f"{match!r} has no proposed contract")
    hire_gate.check(match.candidate, hire, today=today)
    now = utcnow()
    # One confirmation even when two requests arrive at once.
    claimed = db.session.execute(
        update(Hire)
        .where(Hire.id == hire.id, Hire.status == HireStatus.PROPOSED)
        .values(status=HireStatus.PLANNED, confirmed_at=now, confirmed_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.refresh(match)
        raise AlreadyDecided(match, None)
    db.session.refresh(hire)
    audit.record_change(
        "hire",
        hire.id,
        from_state=HireStatus.PROPOSED.value,
        to_state=HireStatus.PLANNED.value,
        by=by,
    )
    move(match, MatchStatus.HIRED, by=by)
    audit.record_event(
        "hire.recorded",
        actor=by,
        object_type="hire",
        object_id=hire.id,
        details={"candidate_id": hire.candidate_id, "vacancy_id": hire.vacancy_id},
    )
    take_effect(hire, by=by, match=match, today=today)
    log.info("hire %s confirmed on match %s", hire.id, match.id)
    return hire


# -- a hire found outside the portal (the stand-alone form) ------------------------------
def record_hire_by_ref(
    *, candidate_ref: str, vacancy_id: int, terms: ContractTerms, by: User
) -> Hire:
    """The hire form: a hire found outside the portal (the start may lie in the past).

    Refused for a vacancy that is not open for hire, and for a pair that has a match
    (:class:`hires.PairHasMatch`: the employer proposes the contract on the match).
    """
    vacancy = db.session.get(Vacancy, vacancy_id) if vacancy_id else None
    if vacancy is None or vacancy.status not in hires.OPEN_FOR_HIRE:
        raise hires.UnknownVacancy(str(vacancy_id))
    candidate = hires.find_candidate(candidate_ref)
    if candidate is None:
        raise hires.UnknownCandidate(candidate_ref)
    match = db.session.scalar(
        select(Match).where(
            Match.vacancy_id == vacancy.id, Match.candidate_id == candidate.id
        )
    )
    if match is not None and match.status in hires.MATCH_CHAIN_STATES:
        raise hires.PairHasMatch(match)
    if terms.contract_end < terms.contract_start:
        raise InvalidContract("contract ends before it starts")
    hire_gate.check(candidate, terms)
    return record_hire(
        candidate=candidate, vacancy=vacancy, terms=terms, by=by, source="outside"
    )


def record_hire(
    *,
    candidate: CandidateProfile,
    vacancy: Vacancy,
    terms: ContractTerms,
    by: User,
    match: Match | None = None,
    source: str = "outside",
) -> Hire:
    """Record a contract a matchmaker confirmed; it takes effect at once.

    :func:`take_effect` does what every confirmed hire sets in motion (placed, a
    position filled, the TWV case, the follow-ups). The callers run the gate first (the
    form); the TWV tests use this directly to build cases the checklist then blocks.
    """
    if not by.is_matchmaker:
        raise hires.NotAllowed(f"{by!r} cannot record a hire")
    if terms.contract_end < terms.contract_start:
        raise InvalidContract("contract ends before it starts")
    if terms.hours_per_week <= 0:
        raise InvalidContract("no hours")
    hires.check_wage(terms)
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
    take_effect(hire, by=by, match=match)
    log.info("hire %s recorded", hire.id)
    return hire


def case_id_of(hire: Hire) -> int | None:
    """The TWV case the confirmed hire opened."""
    case = twv.case_for_hire(hire)
    return case.id if case is not None else None
