"""The real login form, logging out, session identifiers and the brute-force counters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, User
from tests.fixtures.actors import PASSWORD, create_user
from tests.fixtures.core import form_login, session_cookie


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
        )


def test_login_form_logs_an_employer_in_and_audits_it(app, client, employer_user):
    response = form_login(client, employer_user.email, PASSWORD)
    assert response.status_code == 302
    assert response.location.endswith("/werkgever/")
    assert client.get("/werkgever/").status_code == 200
    with app.app_context():
        user = db.session.get(User, employer_user.id)
        assert user.last_login_at is not None
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.login")
        )
        assert event.actor_id == user.id
        assert event.ip_address == "127.0.0.1"


def test_login_page_shows_links_to_reset_and_register(client):
    html = client.get("/account/inloggen").get_data(as_text=True)
    assert 'href="/account/wachtwoord-vergeten"' in html
    assert 'href="/account/aanmelden"' in html


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("employer-known", "wrong password entirely"),
        ("nobody@example.test", PASSWORD),
    ],
)
def test_failed_login_gives_one_message_and_is_audited(
    app, client, employer_user, email, password
):
    email = employer_user.email if email == "employer-known" else email
    response = form_login(client, email, password)
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(
        as_text=True
    )
    assert client.get("/werkgever/").status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
        )
        assert event is not None
        assert password not in str(event.details)


def test_deactivated_account_cannot_log_in(app, client, employer_user):
    with app.app_context():
        db.session.get(User, employer_user.id).is_active = False
        db.session.commit()
    response = form_login(client, employer_user.email, PASSWORD)
    assert response.status_code == 200
    assert "klopt niet" in response.get_data(as_text=True)


def test_login_with_empty_or_huge_input_rerenders_with_errors(client):
    response = client.post("/account/inloggen", data={})
    assert response.status_code == 200
    assert "Vul uw e-mailadres in." in response.get_data(as_text=True)
    huge = "x" * 10_000
    response = client.post(
        "/account/inloggen", data={"email": huge + "@example.test", "password": huge}
    )
    assert response.status_code == 200
    assert "Dit is geen geldig e-mailadres." in response.get_data(as_text=True)


def test_logged_in_user_visiting_login_goes_to_dashboard(login, matchmaker):
    response = login(matchmaker).get("/account/inloggen")
    assert response.status_code == 302
    assert response.location.endswith("/werkplein/")


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(
    app, client, employer_user
):
    form_login(client, employer_user.email, PASSWORD)
    old_cookie = session_cookie(client)
    response = client.post("/account/uitloggen")
    assert response.status_code == 302
    assert client.get("/werkgever/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    response = replay.get("/werkgever/")
    assert response.status_code == 302
    assert "/account/inloggen" in response.location
    assert "auth.logout" in audit_actions(app)


def test_login_gives_a_new_session_identifier(app, client, employer_user):
    client.get("/account/inloggen")
    before = session_cookie(client)
    with app.app_context():
        token_before = db.session.get(User, employer_user.id).session_token
    form_login(client, employer_user.email, PASSWORD)
    with app.app_context():
        token_after = db.session.get(User, employer_user.id).session_token
    assert token_after != token_before
    assert session_cookie(client) != before


def test_a_new_login_makes_the_earlier_session_worthless(app, login, employer_user):
    earlier = login(employer_user)
    assert earlier.get("/werkgever/").status_code == 200
    form_login(app.test_client(), employer_user.email, PASSWORD)
    assert earlier.get("/werkgever/").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/account/", "/account/"),
        ("//evil.example/steal", "/werkgever/"),
        ("https://evil.example/", "/werkgever/"),
        ("/\\evil.example", "/werkgever/"),
    ],
)
def test_login_follows_only_local_next(client, employer_user, next_url, expected):
    client.get("/account/inloggen", query_string={"next": next_url})
    response = form_login(client, employer_user.email, PASSWORD)
    assert response.location.endswith(expected)
    assert "evil" not in response.location


def test_too_many_failures_for_one_account_lock_it_for_a_while(
    app, client, employer_user
):
    for _ in range(app.config["LOGIN_MAX_ATTEMPTS"]):
        assert (
            form_login(client, employer_user.email, "wrong-password-1").status_code
            == 200
        )
    response = form_login(client, employer_user.email, PASSWORD)
    assert response.status_code == 429
    assert "U heeft het te vaak geprobeerd" in response.get_data(as_text=True)
    assert client.get("/werkgever/").status_code == 302


def test_account_lock_ends_after_the_window(app, client, employer_user):
    import time_machine

    with time_machine.travel("2026-11-24 09:00:00+00:00", tick=False) as clock:
        for _ in range(app.config["LOGIN_MAX_ATTEMPTS"]):
            form_login(client, employer_user.email, "wrong-password-1")
        assert form_login(client, employer_user.email, PASSWORD).status_code == 429
        clock.shift(16 * 60)
        assert form_login(client, employer_user.email, PASSWORD).status_code == 302


def test_one_locked_account_does_not_lock_another(
    app, client, employer_user, matchmaker
):
    for _ in range(app.config["LOGIN_MAX_ATTEMPTS"]):
        form_login(client, employer_user.email, "wrong-password-1")
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    response = form_login(other, matchmaker.email, PASSWORD)
    assert response.status_code == 302


def test_too_many_failures_from_one_address_are_refused(app, client):
    with app.app_context():
        victim = create_user(Role.EMPLOYER, email="victim@example.test")
        db.session.commit()
        victim_email = victim.email
    for n in range(20):
        form_login(client, f"guess{n}@example.test", "wrong-password-1")
    assert form_login(client, victim_email, PASSWORD).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    assert form_login(elsewhere, victim_email, PASSWORD).status_code == 302
