"""The demo's evaluation shows figures for the pilot year, and loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo import evaluation as evaluation_demo
from portal.demo import load_all
from portal.extensions import db
from portal.models import Hire, StatusChange, SupportActivity
from portal.services.evaluation.period import default_filters
from portal.services.evaluation.report import build_report


def test_demo_evaluation_is_meaningful_and_idempotent(app_ctx) -> None:
    load_all()
    db.session.commit()
    report = build_report(default_filters())
    shown = {f.key: f.shown for s in report.sections for f in s.figures()}
    assert isinstance(shown["reach.participants"], int)
    assert shown["reach.participants"] >= 20
    assert isinstance(shown["work.placements"], int)
    assert shown["work.placements"] >= 5
    assert isinstance(shown["funnel.hired"], int)
    assert shown["reach.share_of_residents"] is not None

    counts = [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (SupportActivity, Hire, StatusChange)
    ]
    assert evaluation_demo.load() == []
    db.session.commit()
    assert [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (SupportActivity, Hire, StatusChange)
    ] == counts
