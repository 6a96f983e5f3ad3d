"""The ends of a match that are not a hire: not hired, and withdrawn.

Not hired is the employer's or the matchmaker's "no" after the introduction, interview
or offer. A match is withdrawn when something around it happens: a matchmaker withdraws
it (a COA move, consent withdrawn, ...), an IND/COA event ends it
(:func:`withdraw_on_event`), or its vacancy is filled (:func:`withdraw_open_matches`).
Each end cancels a contract proposed on the match and tells the employer who saw it.
The steps towards a hire are in ``journey``, which uses the withdrawals when a hire
fills the last position.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    User,
    Vacancy,
)
from portal.services import audit
from portal.services.matches import notices
from portal.services.matches.guards import (
    InvalidTransition,
    check_note,
    require_matchmaker,
    require_owner_or_matchmaker,
)
from portal.services.matches.transitions import TRANSITIONS, check_reason, move

#: The states a match ends in when something around it happens (withdraw).
WITHDRAWABLE = TRANSITIONS[MatchStatus.WITHDRAWN]


def not_hired(
    match: Match, *, by: User, reason_code: str | None, note: str | None = None
) -> Match:
    """No hire after the introduction, interview or offer (coded reason)."""
    require_owner_or_matchmaker(match, by)
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

    ``by=None`` is the portal itself; otherwise a matchmaker (an IND/COA event recorded
    by someone else goes through :func:`withdraw_on_event`).
    """
    if by is not None:
        require_matchmaker(by)
    return _withdraw(match, by=by, reason_code=reason_code, note=note)


def _withdraw(
    match: Match, *, by: User | None, reason_code: str, note: str | None = None
) -> Match:
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


def withdraw_on_event(match: Match, *, by: User | None, reason_code: str) -> bool:
    """An IND/COA event ends an open match (``by``: who recorded the event, any role).

    The same race-safe step as a matchmaker's withdrawal: a conditional UPDATE on the
    state seen, a StatusChange with the coded reason, a proposed contract cancelled, and
    the employer told when it saw the match. False when the match was no longer open
    (ended, hired, or moved on by someone else first).
    """
    if match.status not in WITHDRAWABLE:
        return False
    try:
        _withdraw(match, by=by, reason_code=reason_code)
    except InvalidTransition:  # AlreadyDecided too: someone moved it on first
        return False
    return True


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


def proposed_hire(match: Match) -> Hire | None:
    return db.session.scalar(
        select(Hire).where(
            Hire.match_id == match.id, Hire.status == HireStatus.PROPOSED
        )
    )


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
