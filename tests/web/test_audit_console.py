"""The admin's audit log viewer: filters, CSV export, and alerts on identity reads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

from portal.extensions import db
from portal.models import AuditEvent
from portal.models.base import AMSTERDAM
from portal.services.console import audit_review


def _last_weekday() -> datetime:
    day = datetime.now(AMSTERDAM).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


#: 07:30 and 10:00 Amsterdam time on the last weekday before today.
EARLY = (_last_weekday() + timedelta(hours=7, minutes=30)).astimezone(UTC)
OFFICE = (_last_weekday() + timedelta(hours=10)).astimezone(UTC)


def _event(actor, action, at, object_type="candidate_profile", object_id=7):
    db.session.add(
        AuditEvent(
            actor_id=actor.id,
            action=action,
            at=at,
            object_type=object_type,
            object_id=object_id,
        )
    )


def _world(app, matchmaker, admin):
    with app.app_context():
        _event(matchmaker, "identity.read", EARLY)
        _event(matchmaker, "identity.read", OFFICE, object_id=8)
        _event(admin, "user.role_changed", OFFICE, object_type="user", object_id=3)
        db.session.commit()


def test_filters_by_who_whose_record_what_and_when(app, login, matchmaker, admin):
    _world(app, matchmaker, admin)
    client = login(admin)
    page = client.get(f"/beheer/auditlog?actor={matchmaker.email}").get_data(
        as_text=True
    )
    assert page.count("<code>identity.read</code>") == 2
    assert "<code>user.role_changed</code>" not in page
    page = client.get("/beheer/auditlog?object_type=candidate_profile&object_id=8")
    html = page.get_data(as_text=True)
    assert html.count("<code>identity.read</code>") == 1
    assert "candidate_profile 8" in html
    page = client.get("/beheer/auditlog?what=user.role_changed").get_data(as_text=True)
    assert "<code>user.role_changed</code>" in page
    assert "<code>identity.read</code>" not in page
    after = (EARLY + timedelta(days=1)).date().isoformat()
    page = client.get(f"/beheer/auditlog?since={after}").get_data(as_text=True)
    assert "<code>identity.read</code>" not in page
    assert "<code>user.role_changed</code>" not in page


def test_a_bad_date_is_a_field_error_not_a_crash(login, admin):
    response = login(admin).get("/beheer/auditlog?since=gisteren")
    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)


def test_export_is_the_filtered_selection_and_is_itself_logged(
    app, login, matchmaker, admin
):
    _world(app, matchmaker, admin)
    response = login(admin).get("/beheer/auditlog.csv?what=identity.read")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["object_id"] for r in rows] == ["8", "7"]  # newest first
    assert {r["actor_email"] for r in rows} == {matchmaker.email}
    assert rows[1]["at"].endswith("T07:30:00" + rows[1]["at"][-6:])
    with app.app_context():
        assert (
            db.session.query(AuditEvent).filter_by(action="audit.export").count() == 1
        )


def test_alerts_for_reads_outside_office_hours_and_over_the_threshold(
    app, login, matchmaker, admin
):
    _world(app, matchmaker, admin)
    client = login(admin)
    page = client.get("/beheer/auditlog/signalen").get_data(as_text=True)
    assert "buiten kantoortijd" in page
    assert "veel identiteiten op één dag" not in page  # 2 reads, threshold 25
    response = client.post("/beheer/auditlog/signalen", data={"threshold": "1"})
    assert response.status_code == 302
    page = client.get("/beheer/auditlog/signalen").get_data(as_text=True)
    assert "veel identiteiten op één dag" in page
    with app.app_context():
        assert audit_review.threshold() == 1
        alerts = audit_review.alerts()
    assert sorted(a.kind for a in alerts) == ["many_reads", "outside_office_hours"]
    assert all(a.actor.id == matchmaker.id for a in alerts)


def test_office_hours_are_amsterdam_weekdays():
    assert audit_review.outside_office_hours(EARLY)
    assert not audit_review.outside_office_hours(OFFICE)
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # a Saturday, 11:00 local
    assert audit_review.outside_office_hours(saturday)
