"""Shared fixtures: one app and one empty database per test, on SQLite or PostgreSQL.

Without DATABASE_URL every test gets a fresh in-memory SQLite database. With DATABASE_URL
pointing to PostgreSQL (``.ci/run`` does this) the schema is created once per test session
in that database (one database per xdist worker) and every table is emptied after each test.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from flask_login import FlaskLoginClient
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import normalise_database_url
from portal.extensions import db
from portal.i18n import compile_translations
from portal.models.base import AMSTERDAM, local_today

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith(("postgres", "postgresql"))


def pytest_sessionstart(session: pytest.Session) -> None:
    compile_translations()  # English needs the compiled catalogues, as after `make`


def postgres_database(suffix: str = "") -> str:
    """URL of a PostgreSQL test database (created when missing) for this worker."""
    import psycopg

    url = make_url(normalise_database_url(POSTGRES_URL))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = "_".join(part for part in (url.database, worker, suffix) if part)
    admin_url = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def reset_postgres_database(url: str) -> None:
    """Drop every table and type in the public schema (a crashed earlier run may have left some)."""
    import psycopg

    plain = (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str | None]:
    if not USE_POSTGRES:
        yield None
        return
    url = postgres_database()
    reset_postgres_database(url)
    yield url


_schema_created: set[str] = set()


def test_config(database_url: str | None, **extra: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "WERKBRUG_ENV": "development",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url or "sqlite://",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH": "cheap",
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 9,  # discard: a test that sends mail starts its own SMTP server
        "SERVER_NAME": "localhost",
    }
    config.update(extra)
    return config


def make_app(database_url: str | None, **extra: Any) -> Iterator[Flask]:
    app = create_app(test_config(database_url, **extra))
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        if database_url is None or database_url not in _schema_created:
            db.create_all()
            if database_url:
                _schema_created.add(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        if database_url:
            # Deleting in reverse dependency order takes milliseconds; TRUNCATE ... CASCADE
            # takes most of a second per test on PostgreSQL.
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app(database_url: str | None) -> Iterator[Flask]:
    yield from make_app(database_url)


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """For service and model tests: an app context held for the whole test."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(app: Flask):
    """``login(user)`` gives a client logged in as that user (without the login form)."""

    def _login(user: Any) -> FlaskClient:
        with app.app_context():
            user = db.session.merge(user)
            return app.test_client(user=user)

    return _login


def _import_area_fixtures() -> None:
    """Each area keeps its fixtures in tests/fixtures/<area>.py; all are available everywhere."""
    for path in sorted((Path(__file__).parent / "fixtures").glob("*.py")):
        module = importlib.import_module(f"tests.fixtures.{path.stem}")
        globals().update(
            {k: v for k, v in vars(module).items() if not k.startswith("_")}
        )


_import_area_fixtures()


#: The Dutch day this test process started on. Some modules fix ``TODAY`` when they are
#: imported and compare it with what the portal computes during a test.
SESSION_DAY = local_today()


@pytest.fixture(autouse=True)
def _import_day_stays_today(request: pytest.FixtureRequest) -> Iterator[None]:
    """A run that passes midnight (Amsterdam) keeps its modules' ``TODAY`` the current day.

    Only for modules whose ``TODAY`` is the day the run started (taken at import); their
    tests then run at noon of that day, the clock ticking. Otherwise nothing changes.
    """
    day = getattr(request.module, "TODAY", None)
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if day != SESSION_DAY or local_today() == SESSION_DAY:
        yield
        return
    noon = datetime.combine(SESSION_DAY, time(12), tzinfo=AMSTERDAM)
    with time_machine.travel(noon, tick=True):
        yield
