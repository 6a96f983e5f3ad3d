"""Retention in the admin console: the dry-run preview, the confirmed run, past runs."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import AuditEvent, CandidateProfile, CandidateStatus
from portal.services.candidates import profiles as candidates
from portal.services.candidates import retention
from tests.fixtures.candidates import create_profile


def _left(app, months_ago: int) -> tuple[int, str]:
    with app.app_context():
        profile = create_profile(status=CandidateStatus.LEFT)
        profile.left_on = candidates.local_today() - timedelta(days=31 * months_ago)
        db.session.commit()
        return profile.id, profile.ref


def test_preview_lists_who_is_due_and_changes_nothing(app, login, admin):
    old_id, old_ref = _left(app, 30)
    _recent_id, recent_ref = _left(app, 3)
    page = login(admin).get("/beheer/bewaartermijn").get_data(as_text=True)
    assert old_ref in page
    assert recent_ref not in page
    assert "proefrun" in page
    with app.app_context():
        assert db.session.get(CandidateProfile, old_id).identity is not None


def test_confirmed_run_anonymises_and_is_logged_with_the_admin(app, login, admin):
    old_id, _old_ref = _left(app, 30)
    client = login(admin)
    unconfirmed = client.post("/beheer/bewaartermijn", data={})
    assert unconfirmed.status_code == 200
    assert "Vink aan dat u de lijst heeft bekeken." in unconfirmed.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(CandidateProfile, old_id).identity is not None
    done = client.post("/beheer/bewaartermijn", data={"confirm": "y"})
    assert done.status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, old_id)
        assert profile.identity is None
        assert profile.anonymised_at is not None
        run = db.session.query(AuditEvent).filter_by(action=retention.RUN_ACTION).one()
        assert run.actor_id == admin.id
        assert run.details["count"] == 1
    page = client.get("/beheer/bewaartermijn").get_data(as_text=True)
    assert "Niemand is nu aan de beurt." in page
    assert admin.email in page.split("<h2>Eerdere runs</h2>")[1]


def test_a_cron_run_shows_in_the_log_too(app, login, admin):
    with app.app_context():
        retention.purge(24)
        db.session.commit()
    page = login(admin).get("/beheer/bewaartermijn").get_data(as_text=True)
    assert "automatisch (cron)" in page
