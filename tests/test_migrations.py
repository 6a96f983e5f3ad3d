"""The migrations build exactly the models' schema, and take it down again.

Runs on a fresh SQLite file, and (when DATABASE_URL is PostgreSQL) on a separate, fresh
PostgreSQL database. Red while a model changed and its migration is not written yet.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db
from tests.conftest import (
    USE_POSTGRES,
    postgres_database,
    reset_postgres_database,
)
from tests.conftest import (
    test_config as base_config,
)

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not USE_POSTGRES, reason="DATABASE_URL is not PostgreSQL"
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    url = postgres_database("migrations")
    reset_postgres_database(url)
    yield url
    reset_postgres_database(url)


@pytest.fixture
def migration_app(empty_database) -> Iterator[Flask]:
    app = create_app(base_config(None, SQLALCHEMY_DATABASE_URI=empty_database))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def schema_differences(app: Flask) -> list[object]:
    migrate = app.extensions["migrate"]
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "render_item": migrate.configure_args.get("render_item"),
            },
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(migration_app):
    with migration_app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        differences = schema_differences(migration_app)
        assert not differences, "models and migrations differ:\n" + "\n".join(
            map(str, differences)
        )
        downgrade(revision="base")
        db.session.remove()
        left = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert not left, f"left after downgrade: {sorted(left)}"


def test_upgrade_twice_is_harmless(migration_app):
    with migration_app.app_context():
        upgrade()
        upgrade()
        assert "user" in inspect(db.engine).get_table_names()
