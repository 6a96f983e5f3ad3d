"""Forgotten passwords (a mailed, single-use, time-limited link) and changing one's password."""

from __future__ import annotations

import re

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, User
from portal.services.accounts import password_reset
from portal.services.accounts import users as accounts
from tests.fixtures.actors import PASSWORD, create_user
from tests.fixtures.core import form_login, session_cookie

NEW_PASSWORD = "een fiets met drie wielen"
NEUTRAL = "Als er een account met dit e-mailadres is"


def ask_reset(client, email):
    return client.post("/account/wachtwoord-vergeten", data={"email": email})


def link_path(message) -> str:
    body = message.get_payload(decode=True).decode()
    match = re.search(
        r"http://127\.0\.0\.1:5000(/account/wachtwoord-herstellen/\S+)", body
    )
    assert match, body
    return match.group(1)


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action)))


def test_known_and_unknown_addresses_get_the_same_answer(
    client, mail_sink, employer_user
):
    known = ask_reset(client, employer_user.email)
    unknown = ask_reset(client, "nobody@example.test")
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert NEUTRAL in client.get(known.location).get_data(as_text=True)
    assert len(mail_sink.messages) == 1
    assert mail_sink.to(employer_user.email)


def test_reset_link_sets_a_new_password_once_and_ends_sessions(
    app, client, login, mail_sink, employer_user
):
    earlier_session = login(employer_user)
    ask_reset(client, employer_user.email)
    path = link_path(mail_sink.messages[0])
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.endswith("/account/nieuw-wachtwoord")
    assert client.get("/account/nieuw-wachtwoord").status_code == 200
    response = client.post(
        "/account/nieuw-wachtwoord",
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert earlier_session.get("/werkgever/").status_code == 302
    fresh = app.test_client()
    assert form_login(fresh, employer_user.email, PASSWORD).status_code == 200
    assert form_login(fresh, employer_user.email, NEW_PASSWORD).status_code == 302
    again = app.test_client()
    again.get(path)
    response = again.get("/account/nieuw-wachtwoord")
    assert response.status_code == 400
    assert "Deze link werkt niet (meer)" in response.get_data(as_text=True)
    assert {"auth.password_reset_requested", "user.password_reset"} <= set(actions(app))


def test_expired_link_is_refused_with_a_clear_message(
    app, client, mail_sink, employer_user
):
    with time_machine.travel("2026-11-24 09:00:00+00:00", tick=False) as clock:
        ask_reset(client, employer_user.email)
        path = link_path(mail_sink.messages[0])
        clock.shift(app.config["PASSWORD_RESET_MAX_AGE"] + 5)
        client.get(path)
        response = client.post(
            "/account/nieuw-wachtwoord",
            data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        )
    assert response.status_code == 400
    assert "Deze link is verlopen." in response.get_data(as_text=True)


def test_link_dies_when_the_password_changes_otherwise(
    app, client, mail_sink, employer_user
):
    ask_reset(client, employer_user.email)
    path = link_path(mail_sink.messages[0])
    with app.app_context():
        accounts.set_password(db.session.get(User, employer_user.id), NEW_PASSWORD)
        db.session.commit()
    client.get(path)
    assert client.get("/account/nieuw-wachtwoord").status_code == 400


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 5000, "eyJ1IjoxLCJwIjoiMDAwMCJ9.Zz9Hfw.forged-signature", "../../etc"],
)
def test_forged_or_damaged_tokens_are_refused(client, employer_user, token):
    client.get(f"/account/wachtwoord-herstellen/{token}")
    response = client.post(
        "/account/nieuw-wachtwoord",
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400


def test_token_for_another_purpose_is_refused(app, employer_user):
    from itsdangerous import URLSafeTimedSerializer

    with app.app_context():
        user = db.session.get(User, employer_user.id)
        other = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="something-else")
        with pytest.raises(password_reset.InvalidToken):
            password_reset.user_for_token(other.dumps({"u": user.id, "p": ""}))


def test_reset_refuses_a_weak_password(client, mail_sink, employer_user):
    ask_reset(client, employer_user.email)
    client.get(link_path(mail_sink.messages[0]))
    response = client.post(
        "/account/nieuw-wachtwoord",
        data={"password": employer_user.email, "confirm": employer_user.email},
    )
    assert response.status_code == 200
    assert "Gebruik niet uw e-mailadres als wachtwoord." in response.get_data(
        as_text=True
    )


def test_requests_per_email_are_limited_silently(client, mail_sink, employer_user):
    for _ in range(5):
        assert ask_reset(client, employer_user.email).status_code == 302
    assert len(mail_sink.messages) == password_reset.PER_EMAIL_PER_HOUR


def test_requests_per_address_are_limited(client, mail_sink):
    for n in range(password_reset.PER_ADDRESS_PER_HOUR):
        assert ask_reset(client, f"someone{n}@example.test").status_code == 302
    response = ask_reset(client, "one-more@example.test")
    assert response.status_code == 429


def test_mail_outage_gives_the_same_neutral_answer(client, mail_sink, employer_user):
    mail_sink.refuse = True
    response = ask_reset(client, employer_user.email)
    assert response.status_code == 302
    assert NEUTRAL in client.get(response.location).get_data(as_text=True)


def test_deactivated_account_gets_no_mail(app, client, mail_sink):
    with app.app_context():
        user = create_user(Role.EMPLOYER, email="gone@example.test")
        user.is_active = False
        db.session.commit()
    ask_reset(client, "gone@example.test")
    assert mail_sink.messages == []


def test_change_password_needs_the_current_one(app, login, employer_user):
    client = login(employer_user)
    response = client.post(
        "/account/wachtwoord",
        data={
            "current": "not my password",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Het huidige wachtwoord klopt niet." in response.get_data(as_text=True)


def test_change_password_refuses_a_common_password(login, employer_user):
    client = login(employer_user)
    response = client.post(
        "/account/wachtwoord",
        data={
            "current": PASSWORD,
            "password": "password1234",
            "confirm": "password1234",
        },
    )
    assert "Dit wachtwoord wordt veel gebruikt" in response.get_data(as_text=True)


def test_change_password_ends_earlier_sessions_and_keeps_this_one(app, employer_user):
    client = app.test_client()
    form_login(client, employer_user.email, PASSWORD)
    before = session_cookie(client)
    response = client.post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert session_cookie(client) != before
    assert client.get("/account/").status_code == 200
    replay = app.test_client()
    replay.set_cookie("session", before)
    response = replay.get("/account/")
    assert response.status_code == 302
    assert "/account/inloggen" in response.location
    assert "user.password_changed" in actions(app)
    with app.app_context():
        assert db.session.get(User, employer_user.id).password_changed_at is not None


def test_owner_is_told_about_a_password_change(login, mail_sink, employer_user):
    login(employer_user).post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    (notice,) = mail_sink.to(employer_user.email)
    body = notice.get_payload(decode=True).decode()
    assert "Uw wachtwoord voor Werkbrug is gewijzigd." in body
    assert NEW_PASSWORD not in body


def test_password_change_survives_a_mail_outage(app, login, mail_sink, employer_user):
    mail_sink.refuse = True
    response = login(employer_user).post(
        "/account/wachtwoord",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert (
        form_login(app.test_client(), employer_user.email, NEW_PASSWORD).status_code
        == 302
    )
