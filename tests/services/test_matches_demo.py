"""The demo leaves employers candidates to see and enough decisions for the re-ranker."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo import load_all
from portal.demo import matches as matches_demo
from portal.extensions import db
from portal.models import Match, MatchStatus, StatusChange
from portal.services.matches import reranker


def test_demo_matches_are_complete_and_idempotent(app_ctx) -> None:
    load_all()
    db.session.commit()
    counts = dict(
        db.session.execute(
            select(Match.status, func.count()).group_by(Match.status)
        ).all()
    )
    changes = db.session.scalar(select(func.count()).select_from(StatusChange))

    assert counts[MatchStatus.APPROVED] > 0
    assert counts[MatchStatus.INVITED] > 0
    assert counts[MatchStatus.INTRODUCED] > 0
    assert counts[MatchStatus.DECLINED] > 0
    assert counts[MatchStatus.SUGGESTED] > 0
    report = reranker.current_report().report
    assert report.n_decisions >= app_ctx.config["RERANKER_MIN_DECISIONS"]
    assert report.hand_set_score is not None  # the comparison was made
    # Every "no" carries a coded reason.
    assert not db.session.scalars(
        select(Match).where(
            Match.status.in_((MatchStatus.REJECTED, MatchStatus.DECLINED)),
            Match.reason_code.is_(None),
        )
    ).all()

    assert matches_demo.load() == []
    assert db.session.scalar(select(func.count()).select_from(StatusChange)) == changes
