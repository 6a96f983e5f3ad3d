"""The access walker: every rule of every area's table, for every role, on a fresh world.

Each area lists its routes in ``tests/access/<area>.py`` (``world(actors)`` and ``RULES``,
see the rules for engineers). Every (endpoint, method, role) is its own test; one more test
fails when a registered endpoint and method is in no table at all.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, NamedTuple

import pytest
from flask import Flask, url_for
from flask_login import FlaskLoginClient

from portal import create_app
from portal.extensions import db
from portal.models import Role, User
from tests import conftest
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.intermediaries import create_intermediary_user, delegate_to
from tests.fixtures.permits import create_coa_user

ACCESS_DIR = Path(__file__).resolve().parent.parent / "access"
ROLES = (
    "anonymous",
    "employer",
    "other_employer",
    "unverified_employer",
    "matchmaker",
    "admin",
    "intermediary",
    "coa",
)
METHODS = ("GET", "POST")


class Case(NamedTuple):
    area: str
    endpoint: str
    method: str
    args: Callable[[SimpleNamespace], dict[str, Any]] | None
    role: str
    expected: int
    world: Callable[[SimpleNamespace], SimpleNamespace]


def load_tables() -> dict[str, ModuleType]:
    """Import every ``tests/access/*.py`` by path (the tests folder is not a package)."""
    tables = {}
    for path in sorted(ACCESS_DIR.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"access_rules_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables[path.stem] = module
    return tables


TABLES = load_tables()
CASES = [
    Case(area, endpoint, method, args, role, expected[role], module.world)
    for area, module in TABLES.items()
    for endpoint, method, args, expected in module.RULES
    for role in ROLES
    if role in expected
]


def create_actors() -> SimpleNamespace:
    """The roles of the walker; inside an app context, flushed but not committed.

    ``intermediary`` is a verified intermediary that ``employer`` delegated its TWV
    cases to (and ``other_employer`` did not).
    """
    employer = create_user(Role.EMPLOYER, employer=create_employer())
    matchmaker = create_user(Role.MATCHMAKER)
    intermediary = create_intermediary_user(by=matchmaker)
    delegate_to(employer.employer, intermediary)
    return SimpleNamespace(
        employer=employer,
        other_employer=create_user(
            Role.EMPLOYER, employer=create_employer(name="Ander Bedrijf")
        ),
        unverified_employer=create_user(
            Role.EMPLOYER, employer=create_employer(verified=False)
        ),
        matchmaker=matchmaker,
        admin=create_user(Role.ADMIN),
        intermediary=intermediary,
        coa=create_coa_user(),
    )


_schema_ready: set[str] = set()


@contextmanager
def fresh_app(database_url: str | None, **extra: Any) -> Iterator[Flask]:
    """Like conftest's make_app, but empties PostgreSQL with DELETE instead of TRUNCATE.

    TRUNCATE of every table costs most of a second on PostgreSQL; the walker builds an app
    for every case, and DELETE on a handful of rows takes milliseconds.
    """
    app = create_app(conftest.test_config(database_url, **extra))
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        if database_url is None or database_url not in _schema_ready:
            db.create_all()
            if database_url:
                _schema_ready.add(database_url)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if database_url:
                with db.engine.begin() as connection:
                    for table in reversed(db.metadata.sorted_tables):
                        connection.execute(table.delete())
            db.engine.dispose()


def test_every_rule_names_every_role_with_a_status() -> None:
    problems = [
        f"{area}: {endpoint} {method} lacks {sorted(set(ROLES) - set(expected))}"
        for area, module in TABLES.items()
        for endpoint, method, _args, expected in module.RULES
        if set(expected) != set(ROLES)
    ]
    problems += [
        f"{area}: {endpoint} {method}: method must be GET or POST"
        for area, module in TABLES.items()
        for endpoint, method, _args, _expected in module.RULES
        if method not in METHODS
    ]
    assert not problems, "\n".join(problems)


def test_every_endpoint_is_in_an_access_table(app: Flask) -> None:
    covered = {
        (endpoint, method)
        for module in TABLES.values()
        for endpoint, method, _args, _expected in module.RULES
    }
    missing = sorted(
        f"{rule.endpoint} {method}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in METHODS
        if method in (rule.methods or ()) and (rule.endpoint, method) not in covered
    )
    assert not missing, "endpoints missing from tests/access/*.py:\n" + "\n".join(
        missing
    )


def test_access_tables_name_only_real_endpoints(app: Flask) -> None:
    registered = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
    }
    unknown = sorted(
        f"{area}: {endpoint} {method}"
        for area, module in TABLES.items()
        for endpoint, method, _args, _expected in module.RULES
        if (endpoint, method) not in registered
    )
    assert not unknown, "rules for endpoints that do not exist:\n" + "\n".join(unknown)


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c.endpoint}-{c.method}-{c.role}" for c in CASES],
)
def test_access(database_url: str | None, case: Case) -> None:
    with fresh_app(database_url) as app:
        with app.app_context():
            actors = create_actors()
            world = case.world(actors)
            db.session.commit()
            with app.test_request_context():
                url = url_for(case.endpoint, **(case.args(world) if case.args else {}))
            if case.role == "anonymous":
                client = app.test_client()
            else:
                actor = db.session.get(User, getattr(actors, case.role).id)
                client = app.test_client(user=actor)
        response = client.open(url, method=case.method, data={})
        assert response.status_code == case.expected, (
            f"{case.method} {url} as {case.role}: {response.status_code}, "
            f"expected {case.expected} (rule in tests/access/{case.area}.py)"
        )
