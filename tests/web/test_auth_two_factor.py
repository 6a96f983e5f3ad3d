"""Two-factor login: enrolment, the second step, recovery codes, replay, limits, admin reset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, RecoveryCode, Role, User
from tests.fixtures.actors import PASSWORD, create_user
from tests.fixtures.core import T0, form_login, totp_code
from tests.web.test_access import fresh_app


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action)))


def secret_from_page(html: str) -> str:
    match = re.search(r"<code>([A-Z2-7 ]{16,})</code>", html)
    assert match, "the setup page shows the secret as text"
    return match.group(1).replace(" ", "")


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_staff_without_two_factor_must_enrol_before_anything_else(
    app, client, matchmaker, clock
):
    response = form_login(client, matchmaker.email, PASSWORD)
    assert response.location.endswith("/account/inloggen-in-twee-stappen")
    for path in ("/werkplein/", "/account/", "/werkplein/werkgevers"):
        assert client.get(path).status_code == 302
    page = client.get("/account/inloggen-in-twee-stappen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "verplicht" in html
    assert 'src="data:image/svg+xml' in html
    secret = secret_from_page(html)
    response = client.post(
        "/account/inloggen-in-twee-stappen", data={"code": totp_code(secret, T0)}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", html)
    assert len(codes) == 10
    assert client.get("/werkplein/").status_code == 200
    assert "user.two_factor_enabled" in actions(app)
    with app.app_context():
        user = db.session.get(User, matchmaker.id)
        assert user.has_two_factor
        stored = db.session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        ).all()
        assert len(stored) == 10
        assert not any(code.replace("-", "") in h for code in codes for h in stored)


def test_enrolment_with_a_wrong_code_shows_an_error(client, admin, clock):
    form_login(client, admin.email, PASSWORD)
    response = client.post("/account/inloggen-in-twee-stappen", data={"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert client.get("/beheer/").status_code == 302


def test_lifted_requirement_lets_staff_in_with_a_password_and_shows_the_banner(
    database_url,
):
    with fresh_app(database_url, TWO_FACTOR_REQUIRED=False) as app:
        with app.app_context():
            create_user(Role.MATCHMAKER, email="demo@example.test")
            db.session.commit()
        client = app.test_client()
        response = form_login(client, "demo@example.test", PASSWORD)
        assert response.location.endswith("/werkplein/")
        html = client.get("/werkplein/").get_data(as_text=True)
        assert "inloggen in twee stappen is uitgeschakeld" in html


def test_login_with_two_factor_needs_the_code(
    app, client, employer_user, with_two_factor, clock
):
    secret, _codes = with_two_factor(employer_user)
    response = form_login(client, employer_user.email, PASSWORD)
    assert response.location.endswith("/account/inloggen/code")
    assert client.get("/werkgever/").status_code == 302
    response = client.post("/account/inloggen/code", data={"code": "123456"})
    assert "Deze code klopt niet of is al gebruikt." in response.get_data(as_text=True)
    response = client.post(
        "/account/inloggen/code", data={"code": totp_code(secret, T0)}
    )
    assert response.location.endswith("/werkgever/")
    assert client.get("/werkgever/").status_code == 200
    assert "auth.two_factor_failed" in actions(app)


def test_code_of_the_previous_step_is_accepted(
    client, employer_user, with_two_factor, clock
):
    secret, _codes = with_two_factor(employer_user)
    clock.move_to(T0 + timedelta(seconds=60))
    form_login(client, employer_user.email, PASSWORD)
    late = totp_code(secret, T0 + timedelta(seconds=35))
    response = client.post("/account/inloggen/code", data={"code": late})
    assert response.status_code == 302


def test_code_two_steps_old_is_refused(client, employer_user, with_two_factor, clock):
    secret, _codes = with_two_factor(employer_user, at=T0 + timedelta(seconds=90))
    clock.move_to(T0 + timedelta(seconds=90))
    form_login(client, employer_user.email, PASSWORD)
    stale = totp_code(secret, T0 + timedelta(seconds=30))
    response = client.post("/account/inloggen/code", data={"code": stale})
    assert response.status_code == 200


def test_the_same_code_cannot_be_used_twice(app, employer_user, with_two_factor, clock):
    secret, _codes = with_two_factor(employer_user)
    code = totp_code(secret, T0)
    first = app.test_client()
    form_login(first, employer_user.email, PASSWORD)
    assert first.post("/account/inloggen/code", data={"code": code}).status_code == 302
    second = app.test_client()
    form_login(second, employer_user.email, PASSWORD)
    response = second.post("/account/inloggen/code", data={"code": code})
    assert response.status_code == 200
    assert "al gebruikt" in response.get_data(as_text=True)
    clock.shift(30)
    fresh = totp_code(secret, T0 + timedelta(seconds=30))
    assert (
        second.post("/account/inloggen/code", data={"code": fresh}).status_code == 302
    )


def test_recovery_code_works_once(app, employer_user, with_two_factor, clock):
    _secret, codes = with_two_factor(employer_user)
    first = app.test_client()
    form_login(first, employer_user.email, PASSWORD)
    response = first.post("/account/inloggen/code", data={"code": codes[3].lower()})
    assert response.status_code == 302
    html = first.get(response.location).get_data(as_text=True)
    assert "herstelcode gebruikt" in html
    second = app.test_client()
    form_login(second, employer_user.email, PASSWORD)
    response = second.post("/account/inloggen/code", data={"code": codes[3]})
    assert response.status_code == 200
    assert "auth.recovery_code_used" in actions(app)


def test_too_many_wrong_codes_are_refused(
    client, employer_user, with_two_factor, clock
):
    secret, _codes = with_two_factor(employer_user)
    form_login(client, employer_user.email, PASSWORD)
    for _ in range(5):
        client.post("/account/inloggen/code", data={"code": "999999"})
    response = client.post(
        "/account/inloggen/code", data={"code": totp_code(secret, T0)}
    )
    assert response.status_code == 429
    assert client.get("/werkgever/").status_code == 302


@pytest.mark.parametrize("code", ["", "abc", "1" * 10_000, "12 34 56 78"])
def test_odd_codes_never_break_the_second_step(
    client, employer_user, with_two_factor, clock, code
):
    with_two_factor(employer_user)
    form_login(client, employer_user.email, PASSWORD)
    response = client.post("/account/inloggen/code", data={"code": code})
    assert response.status_code == 200


def test_pending_login_expires(client, employer_user, with_two_factor, clock):
    secret, _codes = with_two_factor(employer_user)
    form_login(client, employer_user.email, PASSWORD)
    clock.shift(11 * 60)
    code = totp_code(secret, T0 + timedelta(seconds=11 * 60))
    response = client.post("/account/inloggen/code", data={"code": code})
    assert response.status_code == 302
    assert response.location.endswith("/account/inloggen")
    assert client.get("/werkgever/").status_code == 302


def test_second_step_without_a_password_goes_to_login(client):
    response = client.get("/account/inloggen/code")
    assert response.status_code == 302
    assert response.location.endswith("/account/inloggen")


def test_employer_enables_and_disables_two_factor_on_the_account_page(
    app, login, employer_user, clock
):
    client = login(employer_user)
    html = client.get("/account/").get_data(as_text=True)
    assert "/account/inloggen-in-twee-stappen" in html
    secret = secret_from_page(
        client.get("/account/inloggen-in-twee-stappen").get_data(as_text=True)
    )
    response = client.post(
        "/account/inloggen-in-twee-stappen", data={"code": totp_code(secret, T0)}
    )
    assert response.status_code == 200
    assert "herstelcodes" in response.get_data(as_text=True)
    html = client.get("/account/").get_data(as_text=True)
    assert "10 ongebruikte herstelcodes" in html
    response = client.post(
        "/account/inloggen-in-twee-stappen/uitzetten",
        data={"password": "wrong password here"},
    )
    assert response.status_code == 200
    assert "Het wachtwoord klopt niet." in response.get_data(as_text=True)
    response = client.post(
        "/account/inloggen-in-twee-stappen/uitzetten", data={"password": PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, employer_user.id)
        assert not user.has_two_factor
        assert user.totp_secret is None
        assert not user.recovery_codes
    assert "user.two_factor_disabled" in actions(app)


def test_staff_cannot_switch_two_factor_off(
    app, login, matchmaker, with_two_factor, clock
):
    with_two_factor(matchmaker)
    client = login(matchmaker)
    assert "uitzetten" not in client.get("/account/").get_data(as_text=True)
    response = client.post(
        "/account/inloggen-in-twee-stappen/uitzetten", data={"password": PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, matchmaker.id).has_two_factor


def test_new_recovery_codes_replace_the_old_ones(
    app, login, employer_user, with_two_factor, clock
):
    _secret, old_codes = with_two_factor(employer_user)
    client = login(employer_user)
    response = client.post("/account/herstelcodes", data={"password": PASSWORD})
    new_codes = re.findall(
        r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", response.get_data(as_text=True)
    )
    assert len(new_codes) == 10
    other = app.test_client()
    form_login(other, employer_user.email, PASSWORD)
    assert (
        other.post("/account/inloggen/code", data={"code": old_codes[0]}).status_code
        == 200
    )
    assert (
        other.post("/account/inloggen/code", data={"code": new_codes[0]}).status_code
        == 302
    )


def test_admin_resets_two_factor_and_the_user_must_enrol_again(
    app, login, admin, matchmaker, with_two_factor, clock
):
    with_two_factor(matchmaker)
    session_of_matchmaker = login(matchmaker)
    assert session_of_matchmaker.get("/werkplein/").status_code == 200
    response = login(admin).post(
        f"/beheer/accounts/{matchmaker.id}/twee-stappen-resetten"
    )
    assert response.status_code == 302
    assert session_of_matchmaker.get("/werkplein/").status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.two_factor_reset")
        )
        assert event.actor_id == admin.id
        assert event.object_id == matchmaker.id
    client = app.test_client()
    response = form_login(client, matchmaker.email, PASSWORD)
    assert response.location.endswith("/account/inloggen-in-twee-stappen")


def test_owner_is_told_when_two_factor_changes(
    app, login, admin, employer_user, mail_sink, with_two_factor, clock
):
    with_two_factor(employer_user)
    login(admin).post(f"/beheer/accounts/{employer_user.id}/twee-stappen-resetten")
    bodies = [
        m.get_payload(decode=True).decode() for m in mail_sink.to(employer_user.email)
    ]
    assert any("aangezet" in body for body in bodies)
    assert any(
        "Een beheerder heeft inloggen in twee stappen" in body for body in bodies
    )
