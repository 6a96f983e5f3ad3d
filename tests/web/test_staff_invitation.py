"""Inviting staff end to end: the admin invites, the mail arrives over real SMTP, the person
chooses a password, and the first login forces two-factor enrolment before anything else."""

from __future__ import annotations

import re

import pytest
import time_machine

from portal.extensions import db
from portal.models import AuditEvent, Role, User
from tests.fixtures.core import T0, form_login, totp_code

NEW = "nieuwe.matchmaker@werkplein-amstelveen.nl"
PASSWORD = "een-lang-en-eigen-wachtwoord-42"


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def invitation_path(message) -> str:
    body = message.get_payload(decode=True).decode()
    match = re.search(r"http://127\.0\.0\.1:5000(/account/uitnodiging/\S+)", body)
    assert match, body
    return match.group(1)


def _invite(login, admin, email=NEW, role="matchmaker"):
    return login(admin).post(
        "/beheer/accounts/uitnodigen",
        data={"name": "Nieuwe Collega", "email": email, "role": role},
    )


def test_invitation_set_password_and_forced_two_factor(
    app, client, login, admin, mail_sink, clock
):
    assert _invite(login, admin).status_code == 302
    (message,) = mail_sink.to(NEW)
    assert message["Subject"] == "Uw account voor Werkbrug"
    path = invitation_path(message)
    with app.app_context():
        user = db.session.query(User).filter_by(email=NEW).one()
        assert (user.role, user.has_two_factor) == (Role.MATCHMAKER, False)
        actions = {e.action for e in db.session.query(AuditEvent)}
        assert {"user.created", "user.invited"} <= actions
    # Before a password is chosen nothing logs in.
    assert form_login(client, NEW, PASSWORD).status_code == 200
    # The link: token into the session, then the password form.
    response = client.get(path)
    assert response.location.endswith("/account/uitnodiging/")
    page = client.get("/account/uitnodiging/").get_data(as_text=True)
    assert "Nieuwe Collega" in page
    weak = client.post(
        "/account/uitnodiging/", data={"password": "kort", "confirm": "kort"}
    )
    assert weak.status_code == 200
    done = client.post(
        "/account/uitnodiging/", data={"password": PASSWORD, "confirm": PASSWORD}
    )
    assert done.location.endswith("/account/inloggen")
    # The link works once.
    client.get(path)
    assert client.get("/account/uitnodiging/").status_code == 400
    # First login: two-factor enrolment first, nothing else reachable.
    response = form_login(client, NEW, PASSWORD)
    assert response.location.endswith("/account/inloggen-in-twee-stappen")
    assert client.get("/werkplein/").status_code == 302
    html = client.get("/account/inloggen-in-twee-stappen").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7 ]{16,})</code>", html).group(1).replace(" ", "")
    enrolled = client.post(
        "/account/inloggen-in-twee-stappen", data={"code": totp_code(secret, T0)}
    )
    assert enrolled.status_code == 200
    assert client.get("/werkplein/").status_code == 200
    with app.app_context():
        user = db.session.query(User).filter_by(email=NEW).one()
        assert user.has_two_factor
        assert (
            db.session.query(AuditEvent)
            .filter_by(action="user.invitation_accepted", object_id=user.id)
            .count()
            == 1
        )


def test_the_accounts_page_shows_the_invitation_and_its_history(
    login, admin, mail_sink
):
    _invite(login, admin)
    page = login(admin).get("/beheer/accounts").get_data(as_text=True)
    assert "uitgenodigd" in page
    assert "Opnieuw uitnodigen" in page
    assert "Laatste wijzigingen aan accounts" in page
    assert "<title>Accounts – Werkbrug</title>" in page


def test_resend_kills_the_first_link(app, client, login, admin, mail_sink):
    _invite(login, admin)
    first = invitation_path(mail_sink.to(NEW)[0])
    with app.app_context():
        user_id = db.session.query(User).filter_by(email=NEW).one().id
    assert (
        login(admin).post(f"/beheer/accounts/{user_id}/opnieuw-uitnodigen").status_code
        == 302
    )
    second = invitation_path(mail_sink.to(NEW)[1])
    client.get(first)
    assert client.get("/account/uitnodiging/").status_code == 400
    client.get(second)
    assert client.get("/account/uitnodiging/").status_code == 200


def test_a_taken_address_is_a_field_error(login, admin, matchmaker, mail_sink):
    response = _invite(login, admin, email=matchmaker.email)
    assert response.status_code == 200
    assert "Er is al een account met dit e-mailadres." in response.get_data(
        as_text=True
    )
    assert not mail_sink.messages


def test_no_account_without_a_mail_that_went_out(app, login, admin, mail_sink):
    mail_sink.refuse = True
    response = _invite(login, admin)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.query(User).filter_by(email=NEW).count() == 0


def test_employers_are_never_invited(login, admin, mail_sink):
    response = _invite(login, admin, role="employer")
    assert response.status_code == 200
    assert not mail_sink.messages


def test_a_damaged_link_says_so(client):
    client.get("/account/uitnodiging/not-a-token")
    response = client.get("/account/uitnodiging/")
    assert response.status_code == 400
    assert "werkt niet" in response.get_data(as_text=True)
