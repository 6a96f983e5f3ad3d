"""CSRF protection is on outside tests: every POST without a valid token gets a Dutch 400.

The POST endpoints and their URL arguments come from the access tables (tests/access/*.py),
which the walker keeps complete; the world of each table supplies ids that exist.
"""

from __future__ import annotations

import pytest
from flask import url_for

from portal import create_app
from portal.extensions import db
from portal.models import User
from tests import conftest
from tests.fixtures.actors import PASSWORD
from tests.fixtures.core import hidden_csrf_token
from tests.web.test_access import TABLES, create_actors, fresh_app

POSTS = sorted(
    {
        (endpoint, area): args
        for area, module in TABLES.items()
        for endpoint, method, args, _expected in module.RULES
        if method == "POST"
    }.items()
)


@pytest.fixture
def csrf_app(database_url):
    with fresh_app(database_url, WTF_CSRF_ENABLED=True) as app:
        yield app


def test_csrf_is_on_unless_a_test_switches_it_off(database_url):
    config = conftest.test_config(database_url)
    del config["WTF_CSRF_ENABLED"]
    app = create_app(config)
    with app.app_context():
        db.create_all()
        response = app.test_client().post("/account/inloggen", data={})
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("key", "args"), POSTS, ids=[f"{endpoint}" for (endpoint, _area), _a in POSTS]
)
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_post_without_token_is_refused(csrf_app, key, args, who):
    endpoint, area = key
    with csrf_app.app_context():
        actors = create_actors()
        world = TABLES[area].world(actors)
        db.session.commit()
        with csrf_app.test_request_context():
            url = url_for(endpoint, **(args(world) if args else {}))
        if who == "anonymous":
            client = csrf_app.test_client()
        else:
            client = csrf_app.test_client(user=db.session.get(User, actors.admin.id))
    for data in ({}, {"csrf_token": "forged.token.value"}):
        response = client.post(url, data=data)
        assert response.status_code == 400, f"POST {url}: {response.status_code}"
        html = response.get_data(as_text=True)
        assert "Formulier verlopen" in html


def test_login_with_the_token_from_the_form_works(csrf_app, database_url):
    from portal.models import Role
    from tests.fixtures.actors import create_user

    with csrf_app.app_context():
        create_user(Role.EMPLOYER, email="csrf@example.test")
        db.session.commit()
    client = csrf_app.test_client()
    token = hidden_csrf_token(client.get("/account/inloggen").get_data(as_text=True))
    response = client.post(
        "/account/inloggen",
        data={"email": "csrf@example.test", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    page = client.get("/account/").get_data(as_text=True)
    keepalive_token = hidden_csrf_token(page)
    response = client.post(
        "/account/sessie-verlengen", headers={"X-CSRFToken": keepalive_token}
    )
    assert response.status_code == 204
    response = client.post("/account/uitloggen", data={"csrf_token": keepalive_token})
    assert response.status_code == 302


def test_token_of_another_session_is_refused(csrf_app):
    first = csrf_app.test_client()
    token = hidden_csrf_token(first.get("/account/inloggen").get_data(as_text=True))
    second = csrf_app.test_client()
    second.get("/account/inloggen")
    response = second.post(
        "/account/inloggen",
        data={"email": "a@example.test", "password": "x", "csrf_token": token},
    )
    assert response.status_code == 400
    assert "Formulier verlopen" in response.get_data(as_text=True)
