"""Security baseline: headers, cookies, idle timeout, logs without secrets, health check."""

from __future__ import annotations

import logging
import re

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from tests.fixtures.actors import PASSWORD
from tests.fixtures.core import form_login
from tests.web.test_access import fresh_app


@pytest.mark.parametrize("path", ["/", "/account/inloggen", "/bestaat-niet"])
def test_every_page_has_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_pages_of_logged_in_users_are_never_cached(login, employer_user):
    response = login(employer_user).get("/werkgever/")
    assert response.headers["Cache-Control"] == "no-store"


def test_login_pages_are_never_cached_but_public_pages_may_be(client):
    assert client.get("/account/inloggen").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/privacy").headers.get("Cache-Control", "")


def test_pages_have_no_inline_script_or_style(client, login, admin):
    for response in (client.get("/"), login(admin).get("/beheer/accounts")):
        html = response.get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert " style=" not in html
        assert "<style" not in html


def test_https_adds_hsts_and_secure_host_cookie(database_url):
    with fresh_app(database_url, FORCE_HTTPS=True) as app:
        assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
        client = app.test_client()
        response = client.get("/taal/en", base_url="https://localhost")
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-session=")
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Path=/" in cookie
        assert "Domain=" not in cookie


def test_session_cookie_is_httponly_and_lax_over_http(client):
    cookie = client.get("/taal/nl").headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_idle_session_ends_after_the_timeout(app, employer_user):
    client = app.test_client()
    limit = app.config["IDLE_TIMEOUT_MINUTES"] * 60
    with time_machine.travel("2026-11-24 09:00:00+00:00", tick=False) as clock:
        form_login(client, employer_user.email, PASSWORD)
        assert client.get("/werkgever/").status_code == 200
        clock.shift(limit - 60)
        assert client.post("/account/sessie-verlengen").status_code == 204
        clock.shift(limit - 60)
        assert client.get("/werkgever/").status_code == 200
        clock.shift(limit + 1)
        response = client.get("/werkgever/")
        assert response.status_code == 302
        assert response.location.endswith("/account/inloggen")
        page = client.get(response.location).get_data(as_text=True)
        assert "automatisch uitgelogd" in page
        assert client.get("/werkgever/").status_code == 302


def test_idle_logout_also_kills_the_old_cookie(app, employer_user):
    client = app.test_client()
    with time_machine.travel("2026-11-24 09:00:00+00:00", tick=False) as clock:
        form_login(client, employer_user.email, PASSWORD)
        old = client.get_cookie("session").value
        clock.shift(app.config["IDLE_TIMEOUT_MINUTES"] * 60 + 1)
        client.get("/werkgever/")
        replay = app.test_client()
        replay.set_cookie("session", old)
        clock.shift(-(app.config["IDLE_TIMEOUT_MINUTES"] * 60))
        assert replay.get("/werkgever/").status_code == 302


def test_idle_warning_dialog_is_on_pages_of_logged_in_users(
    login, employer_user, client
):
    html = login(employer_user).get("/werkgever/").get_data(as_text=True)
    assert 'id="idle-warning"' in html
    assert 'data-keepalive-url="/account/sessie-verlengen"' in html
    assert 'data-idle-timeout="1200"' in html
    assert 'id="idle-warning"' not in client.get("/").get_data(as_text=True)


def test_keepalive_needs_a_login(client):
    assert client.post("/account/sessie-verlengen").status_code == 302


def test_no_password_or_token_in_logs(app, client, mail_sink, employer_user, caplog):
    caplog.set_level(logging.DEBUG)
    form_login(client, employer_user.email, "my wrong secret password")
    form_login(client, employer_user.email, PASSWORD)
    client.post("/account/uitloggen")
    client.post("/account/wachtwoord-vergeten", data={"email": employer_user.email})
    body = mail_sink.messages[0].get_payload(decode=True).decode()
    token = re.search(r"wachtwoord-herstellen/(\S+)", body).group(1)
    client.get(f"/account/wachtwoord-herstellen/{token}")
    new = "nieuw geheim wachtwoord 42"
    client.post("/account/nieuw-wachtwoord", data={"password": new, "confirm": new})
    logged = caplog.text
    assert "audit auth.login" in logged  # the logs were captured
    for secret in ("my wrong secret password", PASSWORD, token, new):
        assert secret not in logged
    with app.app_context():
        details = " ".join(
            str(d) for d in db.session.scalars(select(AuditEvent.details))
        )
    for secret in ("my wrong secret password", PASSWORD, token, new):
        assert secret not in details


def test_healthz_checks_the_database(app, client, monkeypatch):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}

    def unreachable(*args, **kwargs):
        raise OSError("database down")

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
