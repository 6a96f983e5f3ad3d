"""After the introduction: interview, the employer's offer, the confirmed hire, and the
ends that are not a hire (not hired, withdrawn).

The employer proposes the contract on the match (match → offer, hire ``proposed``); the
matchmaker confirms it with the person (hire confirmed, match → hired). Both run the
eligibility gate first (``hire_gate``). The confirmed hire links the match, fills a
position of the vacancy (closing it when all are filled, and withdrawing the vacancy's
other open matches), sets the person to placed, opens the TWV case and plans the 3- and
6-month follow-ups.
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
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit
from portal.services.candidates import profiles as candidates
from portal.services.matches import follow_ups, hire_gate, notices
from portal.services.matches.guards import (
    AlreadyDecided,
    InvalidTransition,
    NotAllowed,
    check_note,
    require_matchmaker,
    require_owner,
)
from portal.services.matches.hires import ContractTerms, InvalidContract
from portal.services.matches.review import TRANSITIONS, check_reason, move
from portal.services.twv import cases as twv

log = logging.getLogger(__name__)

#: The states a match ends in when something around it happens (withdraw).
WITHDRAWABLE = TRANSITIONS[MatchStatus.WITHDRAWN]


def _owner_or_matchmaker(match: Match, by: User) -> None:
    if by.is_employer:
        require_owner(match, by)
    elif not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot act on {match!r}")


def plan_interview(match: Match, *, by: User, note: str | None = None) -> Match:
    """A job interview is planned (the employer or the matchmaker records it)."""
    _owner_or_matchmaker(match, by)
    note = check_note(note)
    if match.status == MatchStatus.INTERVIEW_PLANNED:
        return match
    move(match, MatchStatus.INTERVIEW_PLANNED, by=by, note=note)
    if by.is_employer:
        for user in notices.matchmakers_for(match):
            notices.inbox.notify(
                user,
                "interview_planned",
                link=f"/matches/{match.id}",
                params=notices.refs(match),
            )
    return match


def not_hired(
    match: Match, *, by: User, reason_code: str | None, note: str | None = None
) -> Match:
    """No hire after the introduction, interview or offer (coded reason)."""
    _owner_or_matchmaker(match, by)
    code = check_reason("not_hired", reason_code, note)
    note = check_note(note)
    move(match, MatchStatus.NOT_HIRED, by=by, reason_code=code, note=note)
    proposed = proposed_hire(match)
    if proposed is not None:
        _cancel_proposal(proposed, by=by, reason_code=code)
    notices.match_ended(match, code, to_employer=not by.is_employer)
    return match


def withdraw(
    match: Match, *, by: User | None, reason_code: str, note: str | None = None
) -> Match:
    """End an open match because of what happened around it (COA move, consent, ...).

    ``by=None`` is the portal itself (an IND/COA event); otherwise a matchmaker.
    """
    if by is not None:
        require_matchmaker(by)
    code = check_reason("withdraw", reason_code, note)
    note = check_note(note)
    employer_saw_it = match.visible_to_employer
    move(match, MatchStatus.WITHDRAWN, by=by, reason_code=code, note=note)
    proposed = proposed_hire(match)
    if proposed is not None:
        _cancel_proposal(proposed, by=by, reason_code=code)
    if employer_saw_it:
        notices.match_ended(match, code, to_employer=True)
    return match


def withdraw_open_matches(
    *,
    candidate: CandidateProfile | None = None,
    vacancy: Vacancy | None = None,
    reason_code: str,
    by: User | None,
    keep: Match | None = None,
) -> int:
    """Withdraw every open match of a person or a vacancy (for the IND/COA events)."""
    query = select(Match).where(Match.status.in_(sorted(WITHDRAWABLE)))
    if candidate is not None:
        query = query.where(Match.candidate_id == candidate.id)
    if vacancy is not None:
        query = query.where(Match.vacancy_id == vacancy.id)
    count = 0
    for match in db.session.scalars(query.order_by(Match.id)).all():
        if keep is not None and match.id == keep.id:
            continue
        try:
            withdraw(match, by=by, reason_code=reason_code)
        except InvalidTransition:
            continue
        count += 1
    return count


# -- the hire on the match ----------------------------------------------------------------
def proposed_hire(match: Match) -> Hire | None:
    return db.session.scalar(
        select(Hire).where(
            Hire.match_id == match.id, Hire.status == HireStatus.PROPOSED
        )
    )


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


def _cancel_proposal(hire: Hire, *, by: User | None, reason_code: str) -> None:
    hire.status = HireStatus.CANCELLED
    hire.end_reason_code = reason_code
    db.session.flush()
    audit.record_change(
        "hire",
        hire.id,
        from_state=HireStatus.PROPOSED.value,
        to_state=HireStatus.CANCELLED.value,
        by=by,
        reason_code=reason_code,
    )


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


def _fill_position(match: Match, *, by: User) -> None:
    vacancy = match.vacancy
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
        vacancy=vacancy, reason_code="vacancy_filled", by=by, keep=match
    )


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
    candidates.set_status(match.candidate, CandidateStatus.PLACED, by=by)
    _fill_position(match, by=by)
    case = twv.open_case(hire, by=by, today=today)
    follow_ups.plan(hire)
    notices.hire_confirmed(hire, case.id)
    log.info("hire %s confirmed on match %s", hire.id, match.id)
    return hire


def case_id_of(hire: Hire) -> int | None:
    """The TWV case the confirmed hire opened."""
    case = twv.case_for_hire(hire)
    return case.id if case is not None else None
