"""The skeleton answers: public pages, dashboards per role, health."""

import pytest


@pytest.mark.parametrize(
    "path", ["/", "/privacy", "/toegankelijkheid", "/account/inloggen"]
)
def test_public_pages_render_in_dutch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<html lang="nl">' in response.data


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    ("fixture", "path"),
    [
        ("employer_user", "/werkgever/"),
        ("matchmaker", "/werkplein/"),
        ("admin", "/beheer/"),
    ],
)
def test_dashboard_per_role(request, login, fixture, path):
    user = request.getfixturevalue(fixture)
    response = login(user).get(path)
    assert response.status_code == 200
