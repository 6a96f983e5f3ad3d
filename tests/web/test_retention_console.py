"""Retention in the admin console: the dry-run preview, the confirmed run, past runs."""

from __future__ import annotations

import re
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


def _previewed(client) -> str:
    """The list of the preview as the page's confirm form sends it back."""
    page = client.get("/beheer/bewaartermijn").get_data(as_text=True)
    found = re.search(r'<input type="hidden" name="due" value="([^"]*)"', page)
    assert found, "no previewed list in the confirm form"
    return found.group(1)


def test_confirmed_run_anonymises_and_is_logged_with_the_admin(app, login, admin):
    old_id, _old_ref = _left(app, 30)
    client = login(admin)
    due = _previewed(client)
    assert due == str(old_id)
    unconfirmed = client.post("/beheer/bewaartermijn", data={"due": due})
    assert unconfirmed.status_code == 200
    assert "Vink aan dat u de lijst heeft bekeken." in unconfirmed.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(CandidateProfile, old_id).identity is not None
    done = client.post("/beheer/bewaartermijn", data={"confirm": "y", "due": due})
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


def test_confirm_removes_exactly_the_previewed_candidates(app, login, admin):
    first_id, _ref = _left(app, 30)
    client = login(admin)
    due = _previewed(client)
    # After the preview: someone else becomes due, and a previewed one comes back.
    later_id, _ref = _left(app, 30)
    back_id, _ref = _left(app, 30)
    with app.app_context():
        db.session.get(CandidateProfile, back_id).status = CandidateStatus.ACTIVE
        db.session.commit()
    due = ",".join([due, str(back_id)])  # as if back_id had been in the preview too
    done = client.post("/beheer/bewaartermijn", data={"confirm": "y", "due": due})
    assert done.status_code == 302
    with app.app_context():
        gone = {
            p.id: p.identity is None
            for p in db.session.query(CandidateProfile).filter(
                CandidateProfile.id.in_([first_id, later_id, back_id])
            )
        }
        run = db.session.query(AuditEvent).filter_by(action=retention.RUN_ACTION).one()
    assert gone == {first_id: True, later_id: False, back_id: False}
    assert run.details["count"] == 1
    # The one who became due after the preview is in the next preview.
    assert _previewed(client) == str(later_id)


def test_a_confirm_without_the_previewed_list_removes_nobody(app, login, admin):
    old_id, _ref = _left(app, 30)
    for due in ("", "1;DROP", "x"):
        response = login(admin).post(
            "/beheer/bewaartermijn", data={"confirm": "y", "due": due}
        )
        assert response.status_code == 200
        assert "De lijst is niet goed meegestuurd" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CandidateProfile, old_id).identity is not None
