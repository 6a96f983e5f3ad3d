"""The match's states: which step may follow which, and how one step is taken.

:data:`TRANSITIONS` lists, per state, the states a match may come from. :func:`move`
takes one step as a conditional ``UPDATE ... WHERE status = <seen>`` followed by its
StatusChange row, so of two people acting at once one wins and the other gets
:class:`AlreadyDecided` naming who moved it on. Every "no" carries a coded reason
(:func:`check_reason`). The review (``review``), the journey (``journey``) and the ends
of a match (``match_ends``) all take their steps here.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Match,
    MatchStatus,
    StatusChange,
    User,
    Vacancy,
)
from portal.models.base import utcnow
from portal.services import audit, reasons
from portal.services.matches.guards import (
    AlreadyDecided,
    InvalidTransition,
    ReasonRequired,
)

log = logging.getLogger(__name__)

#: Reason codes that need a written note.
NOTE_REQUIRED = reasons.NOTE_REQUIRED

#: Allowed transitions: to-state → states it may come from.
TRANSITIONS: dict[MatchStatus, set[MatchStatus]] = {
    MatchStatus.APPROVED: {MatchStatus.SUGGESTED, MatchStatus.REJECTED},
    MatchStatus.REJECTED: {MatchStatus.SUGGESTED, MatchStatus.APPROVED},
    MatchStatus.INVITED: {MatchStatus.APPROVED},
    MatchStatus.DECLINED: {MatchStatus.APPROVED, MatchStatus.INVITED},
    MatchStatus.INTRODUCED: {MatchStatus.INVITED},
    MatchStatus.INTERVIEW_PLANNED: {MatchStatus.INTRODUCED},
    MatchStatus.OFFER: {MatchStatus.INTRODUCED, MatchStatus.INTERVIEW_PLANNED},
    # A placement counts only once the matchmaker confirmed the offer with the person.
    MatchStatus.HIRED: {MatchStatus.OFFER},
    MatchStatus.NOT_HIRED: {
        MatchStatus.INTRODUCED,
        MatchStatus.INTERVIEW_PLANNED,
        MatchStatus.OFFER,
    },
    MatchStatus.WITHDRAWN: {
        MatchStatus.SUGGESTED,
        MatchStatus.APPROVED,
        MatchStatus.INVITED,
        MatchStatus.INTRODUCED,
        MatchStatus.INTERVIEW_PLANNED,
        MatchStatus.OFFER,
    },
}


def find_match(vacancy: Vacancy, profile: CandidateProfile) -> Match | None:
    """The match row of a pair, if a matchmaker ever acted on it."""
    return db.session.scalar(
        select(Match).where(
            Match.vacancy_id == vacancy.id, Match.candidate_id == profile.id
        )
    )


def _last_actor_name(match: Match) -> str | None:
    """Who moved the match on: the author of its latest state change (the winner of a race
    writes one), else the decider recorded on the row."""
    change = db.session.scalar(
        select(StatusChange)
        .where(StatusChange.object_type == "match", StatusChange.object_id == match.id)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
        .limit(1)
    )
    user_id = change.by_id if change is not None else match.decided_by_id
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user.name if user is not None else None


def already_decided(match: Match) -> AlreadyDecided:
    """The error for a step someone else took first, naming who took it."""
    return AlreadyDecided(match, _last_actor_name(match))


def move(
    match: Match,
    to: MatchStatus,
    *,
    by: User | None,
    reason_code: str | None = None,
    note: str | None = None,
) -> None:
    """Take one step: a conditional UPDATE on the state seen, then the StatusChange row."""
    before = MatchStatus(match.status)
    if before not in TRANSITIONS[to]:
        raise InvalidTransition(f"{match!r} cannot go to {to}")
    db.session.flush()
    values: dict[str, object] = {"status": to, "updated_at": utcnow()}
    if reason_code is not None:
        values["reason_code"] = reason_code
    result = db.session.execute(
        update(Match)
        .where(Match.id == match.id, Match.status == before)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(match)
        raise already_decided(match)
    for key, value in values.items():
        set_committed_value(match, key, value)
    audit.record_change(
        "match",
        match.id,
        from_state=str(before),
        to_state=str(to),
        by=by,
        reason_code=reason_code,
        note=note or None,
    )
    db.session.flush()
    log.info(
        "match %s %s -> %s by user %s", match.id, before, to, by.id if by else None
    )


def check_reason(use: str, code: str | None, note: str | None) -> str:
    """The coded reason for a "no" of ``use``; codes of the earlier lists stay valid."""
    if not code or not reasons.is_valid(use, reasons.LEGACY.get(code, code), "x"):
        raise ReasonRequired("a coded reason is required")
    if code in NOTE_REQUIRED and not (note or "").strip():
        raise ReasonRequired("reason 'other' needs a note")
    return code
