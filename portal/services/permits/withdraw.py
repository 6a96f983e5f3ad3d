"""Withdraw a person's open matches when an IND/COA event ends what may happen.

The same step as a matchmaker's withdrawal on the match journey
(``matches.match_ends.withdraw_on_event``): a conditional UPDATE on the state seen (two
events or a matchmaker at the same moment: one wins, nothing breaks), a StatusChange with
the coded reason from ``services/reasons.py``, a proposed contract cancelled (it leaves
the employer's home), and the employer told on a page it can open when it had seen the
match.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Match, User
from portal.services import reasons
from portal.services.matches import match_ends

#: States a match can still move on from (everything before a hire or a "no").
OPEN_MATCH_STATUSES = tuple(sorted(match_ends.WITHDRAWABLE))


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
    """Move one open match to WITHDRAWN through the journey; False if no longer open."""
    if not reasons.is_valid("withdraw", reason_code):
        raise ValueError(f"not a withdraw reason: {reason_code}")
    return match_ends.withdraw_on_event(match, by=by, reason_code=reason_code)
