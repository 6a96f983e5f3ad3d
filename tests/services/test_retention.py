"""Retention purge and the right to erasure: identity gone, statistics kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    CandidateStatus,
    Identity,
    Role,
    SupportActivity,
    SupportType,
)
from portal.services.candidates import consents, retention
from portal.services.candidates import profiles as candidates
from tests.fixtures.actors import create_user
from tests.fixtures.candidates import create_profile

TODAY = candidates.local_today()


def left(months_ago: int, **kwargs) -> CandidateProfile:
    profile = create_profile(status=CandidateStatus.LEFT, **kwargs)
    profile.left_on = TODAY - timedelta(days=31 * months_ago)
    profile.support_activities.append(
        SupportActivity(
            done_on=TODAY - timedelta(days=900), type=SupportType.CV, note="Cv gemaakt"
        )
    )
    db.session.flush()
    return profile


def identities() -> int:
    return db.session.scalar(select(func.count(Identity.id)))


def test_purge_removes_identity_of_people_who_left_long_ago(app_ctx):
    old = left(30)
    recent = left(3)
    active = create_profile()
    result = retention.purge(24)
    assert result.profile_ids == (old.id,)
    assert old.identity is None
    assert old.anonymised_at is not None
    assert old.summary == ""
    assert old.support_activities[0].note == ""
    assert old.support_activities[0].type == SupportType.CV  # statistics stay
    assert [o.esco_uri for o in old.occupations]  # the anonymous profile stays
    assert recent.identity is not None
    assert active.identity is not None
    assert identities() == 2


def test_purge_dry_run_changes_nothing(app_ctx):
    old = left(30)
    result = retention.purge(24, dry_run=True)
    assert result.refs == (old.ref,)
    assert result.dry_run
    assert old.identity is not None
    assert old.anonymised_at is None


def test_purge_is_idempotent_and_audited_without_personal_data(app_ctx):
    old = left(30)
    name = old.identity.name
    retention.purge(24)
    assert retention.purge(24).profile_ids == ()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "candidate.anonymised")
    ).one()
    assert event.object_id == old.id
    assert event.details == {"reason": "retention"}
    assert name not in str(event.details)


def test_erase_person_in_one_action(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    profile = create_profile()
    name = profile.identity.name
    retention.erase_person(profile, by=mm)
    assert profile.identity is None
    assert identities() == 0
    assert profile.status == CandidateStatus.LEFT
    assert not consents.has_current_consent(profile, TODAY)
    assert profile.summary == ""
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert "candidate.erased" in [e.action for e in events]
    assert all(name not in str(e.details) for e in events)


@pytest.mark.parametrize("role", [Role.ADMIN, None])
def test_only_matchmakers_erase(app_ctx, role):
    profile = create_profile()
    by = create_user(role) if role else None
    with pytest.raises(retention.NotAllowed):
        retention.erase_person(profile, by=by)
    assert profile.identity is not None


def test_cli_purge(app):
    with app.app_context():
        old = left(30)
        db.session.commit()
        ref = old.ref
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0
    assert ref in dry.output
    with app.app_context():
        assert identities() == 1
    app.config["RETENTION_MONTHS"] = 36
    assert "0 profiel" in runner.invoke(args=["retention", "purge"]).output
    done = runner.invoke(args=["retention", "purge", "--months", "12"])
    assert done.exit_code == 0
    assert "1 profiel" in done.output
    with app.app_context():
        assert identities() == 0
