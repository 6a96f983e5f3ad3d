"""The demo shows the whole journey: every state, hires with follow-ups, notifications."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo import journey as journey_demo
from portal.demo import load_all
from portal.extensions import db
from portal.models import (
    FollowUp,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    Notification,
)


def test_demo_journeys_cover_every_state_and_are_idempotent(app_ctx) -> None:
    load_all()
    db.session.commit()
    statuses = set(db.session.scalars(select(Match.status).distinct()))
    for status in (
        MatchStatus.SUGGESTED,
        MatchStatus.APPROVED,
        MatchStatus.REJECTED,
        MatchStatus.INVITED,
        MatchStatus.DECLINED,
        MatchStatus.INTRODUCED,
        MatchStatus.INTERVIEW_PLANNED,
        MatchStatus.OFFER,
        MatchStatus.HIRED,
        MatchStatus.NOT_HIRED,
        MatchStatus.WITHDRAWN,
    ):
        assert status in statuses, status
    hires = db.session.scalars(select(Hire).where(Hire.source == "match")).all()
    confirmed = [h for h in hires if h.status != HireStatus.PROPOSED]
    assert confirmed
    assert all(h.match_id and h.confirmed_at for h in confirmed)
    recorded = db.session.scalar(
        select(func.count(FollowUp.id)).where(FollowUp.done_on.is_not(None))
    )
    assert recorded >= 1
    kinds = set(db.session.scalars(select(Notification.kind).distinct()))
    assert {"candidates_approved", "employer_interested", "follow_up_due"} <= kinds

    before = db.session.scalar(select(func.count(Match.id)))
    assert journey_demo.load() == []
    assert load_all() is not None
    assert db.session.scalar(select(func.count(Match.id))) == before
