"""Dutch error pages without stack traces, and bad input that never turns into a 500."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import TooManyRequests

from tests.web.test_access import fresh_app


@pytest.fixture
def error_app(database_url):
    """An app with routes that exist only in this test, to reach every error page."""
    with fresh_app(database_url, MAX_CONTENT_LENGTH=1024) as app:

        @app.get("/test/boom")
        def boom():
            raise RuntimeError("secret internal detail")

        @app.get("/test/too-many")
        def too_many():
            raise TooManyRequests

        @app.post("/test/upload")
        def upload():
            from flask import request

            return str(len(request.form))

        yield app


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/bestaat-niet", 404, "Pagina niet gevonden"),
        ("GET", "/account/uitloggen", 405, "Niet toegestaan"),
        ("GET", "/test/too-many", 429, "Te veel pogingen"),
        ("GET", "/test/boom", 500, "Er ging iets mis"),
    ],
)
def test_error_pages_are_dutch_and_plain(error_app, method, path, status, title):
    response = error_app.test_client().open(path, method=method)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert f"Foutcode {status}" in html
    assert '<html lang="nl">' in html
    assert "Traceback" not in html
    assert "secret internal detail" not in html
    assert "RuntimeError" not in html


def test_500_is_logged_without_reaching_the_visitor(error_app, caplog):
    response = error_app.test_client().get("/test/boom")
    assert response.status_code == 500
    assert "unhandled error" in caplog.text


def test_413_for_a_too_large_body(error_app):
    response = error_app.test_client().post("/test/upload", data={"f": "x" * 5000})
    assert response.status_code == 413
    assert "Bestand te groot" in response.get_data(as_text=True)


def test_403_page_for_the_wrong_role(login, employer_user):
    response = login(employer_user).get("/beheer/")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


def test_400_page_for_a_bad_action(login, admin, matchmaker):
    response = login(admin).post(
        f"/beheer/accounts/{matchmaker.id}/rol", data={"role": "koning"}
    )
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/accounts/999999/actief",
        "/beheer/accounts/999999/rol",
        "/werkplein/werkgevers/999999/verifieren",
        "/werkplein/werkgevers/999999/afwijzen",
    ],
)
def test_unknown_ids_give_404(login, admin, path):
    assert login(admin).post(path, data={"role": "admin"}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/accounts/abc/actief",
        "/beheer/accounts/-1/actief",
        "/beheer/accounts/1e9/actief",
    ],
)
def test_ids_of_the_wrong_type_give_404(login, admin, path):
    assert login(admin).post(path).status_code == 404


def test_unknown_language_code_is_ignored(client):
    response = client.get("/taal/xx", query_string={"next": "/privacy"})
    assert response.status_code == 302
    assert '<html lang="nl">' in client.get("/privacy").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": ["a@example.test", "b@example.test"], "password": ["x", "y"]},
        {"email": "\x00\x01@\x00", "password": "\x00"},
        {"email": "a" * 10_000, "password": "b" * 10_000},
    ],
)
def test_login_form_with_odd_input_never_fails(client, data):
    assert client.post("/account/inloggen", data=data).status_code == 200


def test_login_form_with_invalid_utf8_never_fails(client):
    response = client.post(
        "/account/inloggen",
        data=b"email=%ff%fe%00@x&password=%c3%28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/account/wachtwoord-vergeten",
        "/account/aanmelden",
        "/account/nieuw-wachtwoord",
        "/account/inloggen/code",
        "/account/inloggen-in-twee-stappen",
    ],
)
def test_public_forms_with_huge_input_never_fail(client, path):
    data = dict.fromkeys(
        ("email", "code", "password", "confirm", "kvk_number"), "z" * 10000
    )
    assert client.post(path, data=data).status_code < 500
