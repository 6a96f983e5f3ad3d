"""Withdraw a person's open matches when an event ends what may happen.

The match journey (``matches/review.py``) has the same transition for a matchmaker's
own withdrawal; this one is driven by IND/COA events. Both write a StatusChange with a
coded reason from ``services/reasons.py`` (use ``withdraw``). The lead unifies them.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Match, MatchStatus, User
from portal.models.base import utcnow
from portal.services import audit, reasons

#: States a match can still move on from (everything before a hire or a "no").
OPEN_MATCH_STATUSES = (
    MatchStatus.SUGGESTED,
    MatchStatus.APPROVED,
    MatchStatus.INVITED,
    MatchStatus.INTRODUCED,
    MatchStatus.INTERVIEW_PLANNED,
    MatchStatus.OFFER,
)


def open_matches(profile_id: int) -> list[Match]:
    return list(
        db.session.scalars(
            select(Match)
            .where(
                Match.candidate_id == profile_id,
                Match.status.in_(OPEN_MATCH_STATUSES),
            )
            .order_by(Match.id)
        )
    )


def withdraw_match(match: Match, *, reason_code: str, by: User | None) -> bool:
    """Move one open match to WITHDRAWN (StatusChange + coded reason); False if not open."""
    if not reasons.is_valid("withdraw", reason_code):
        raise ValueError(f"not a withdraw reason: {reason_code}")
    if match.status not in OPEN_MATCH_STATUSES:
        return False
    before = match.status
    match.status = MatchStatus.WITHDRAWN
    match.reason_code = reason_code
    match.decided_by_id = by.id if by is not None else None
    match.decided_at = utcnow()
    audit.record_change(
        "match",
        match.id,
        from_state=str(before),
        to_state=MatchStatus.WITHDRAWN.value,
        by=by,
        reason_code=reason_code,
    )
    db.session.flush()
    return True
