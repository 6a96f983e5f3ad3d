"""The employer's secret calendar feed (RFC 5545) and its settings page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from icalendar import Calendar

from portal.extensions import db
from portal.models import Identity, TwvCase, User
from tests.fixtures.twv import grant_twv


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def granted_case(app, twv_world, matchmaker) -> int:
    with app.app_context():
        case = db.session.get(TwvCase, twv_world)
        case.candidate.identity = Identity(
            name="Samira Verborgen", v_number="5550001112"
        )
        grant_twv(
            case,
            by=db.session.get(User, matchmaker.id),
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 2),
        )
        db.session.commit()
        return case.id


def token_of(app, user: User) -> str:
    with app.app_context():
        return db.session.get(User, user.id).employer.calendar_token


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_feed_is_public_icalendar_with_the_case_dates(
    app, client, employer_user, granted_case
):
    response = client.get(f"/agenda/{token_of(app, employer_user)}.ics")

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    found = events(response)
    twv_end = found[f"werkbrug-case-{granted_case}-cycle-1-twv-end@werkbrug"]
    assert twv_end.decoded("DTSTART") == date(2026, 9, 30)
    assert twv_end.decoded("DTEND") == date(2026, 10, 1)
    renewal = found[f"werkbrug-case-{granted_case}-cycle-1-renewal-due@werkbrug"]
    assert renewal.decoded("DTSTART") == date(2026, 7, 8)
    reminder_days = {
        e.decoded("DTSTART") for uid, e in found.items() if "-twv_end-" in uid
    }
    assert reminder_days == {
        date(2026, 7, 8),
        date(2026, 7, 29),
        date(2026, 8, 19),
        date(2026, 9, 9),
        date(2026, 9, 23),
        date(2026, 9, 30),
    }
    assert all("DTSTAMP" in e for e in found.values())


def test_feed_holds_no_personal_data(app, client, employer_user, granted_case):
    body = client.get(f"/agenda/{token_of(app, employer_user)}.ics").get_data(
        as_text=True
    )
    unfolded = body.replace("\r\n ", "")
    assert "WB-T" in unfolded
    assert "Afwasser" in unfolded
    assert "Samira" not in unfolded
    assert "5550001112" not in unfolded


def test_expected_decision_dates_are_in_the_feed_while_waiting(
    app, client, employer_user, matchmaker, twv_world
):
    from portal.models import StepState
    from portal.services.twv import steps as twv_steps

    with app.app_context():
        case = db.session.get(TwvCase, twv_world)
        mm = db.session.get(User, matchmaker.id)
        twv_steps.record_step(case, "eligibility", action=StepState.DONE, by=mm)
        twv_steps.record_step(
            case, "submitted", action=StepState.DONE, on_date=date(2026, 3, 2), by=mm
        )
        db.session.commit()
    found = events(client.get(f"/agenda/{token_of(app, employer_user)}.ics"))
    prefix = f"werkbrug-case-{twv_world}-cycle-1-decision"
    assert found[f"{prefix}-legal@werkbrug"].decoded("DTSTART") == date(2026, 4, 6)
    assert found[f"{prefix}-practical@werkbrug"].decoded("DTSTART") == date(2026, 5, 4)


def test_unknown_token_is_404(client):
    assert client.get("/agenda/geen-geldige-sleutel.ics").status_code == 404


def test_feed_shows_only_the_own_cases(app, client, other_employer_user, granted_case):
    found = events(client.get(f"/agenda/{token_of(app, other_employer_user)}.ics"))
    assert found == {}


def test_renewing_the_token_kills_the_old_url(
    app, client, login, employer_user, granted_case
):
    old = token_of(app, employer_user)
    page = login(employer_user).get("/twv/agenda")
    assert f"/agenda/{old}.ics" in page.get_data(as_text=True)

    response = login(employer_user).post("/twv/agenda")

    assert response.status_code == 302
    new = token_of(app, employer_user)
    assert new != old
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200
    with app.app_context():
        from sqlalchemy import select

        from portal.models import AuditEvent

        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "calendar.token_renewed")
        )
        assert event.object_id == db.session.get(User, employer_user.id).employer_id
        assert event.actor_id == employer_user.id


def test_matchmaker_has_no_calendar_settings(login, matchmaker):
    assert login(matchmaker).get("/twv/agenda").status_code == 403
