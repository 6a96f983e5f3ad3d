"""The backup drill: a database loaded with the demo data survives a backup and a restore.

The README's backup commands, run for real: SQLite's online backup (``.backup``, here the
sqlite3 module's backup API, the same call) and, when DATABASE_URL is PostgreSQL,
``pg_dump --format=custom`` into ``pg_restore --no-owner`` on an empty database. After the
round trip every row of every table, the audit trail (audit_event, status_change)
included, is identical.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.demo import load_all
from portal.extensions import db
from tests.conftest import (
    USE_POSTGRES,
    postgres_database,
    reset_postgres_database,
)
from tests.conftest import test_config as base_config

AUDIT_TABLES = ("audit_event", "status_change")


def _load_demo(url: str) -> None:
    app = create_app(base_config(None, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        db.create_all()
        load_all()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in db.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _assert_identical(before: dict, after: dict) -> None:
    assert set(before) == set(after)
    for name in before:
        assert after[name] == before[name], f"table {name} differs after the restore"
    for name in AUDIT_TABLES:
        assert before[name], f"the demo should have left an audit trail in {name}"
    assert sum(len(rows) for rows in before.values()) > 100  # a loaded database


def test_sqlite_backup_and_restore_keep_every_row(tmp_path):
    live = tmp_path / "werkbrug.sqlite"
    backup = tmp_path / "backup" / "werkbrug-2026-12-04.sqlite"
    backup.parent.mkdir()
    _load_demo(f"sqlite:///{live}")
    before = _snapshot(f"sqlite:///{live}")
    with sqlite3.connect(live) as source, sqlite3.connect(backup) as target:
        source.backup(target)  # what sqlite3's ".backup" does, safe while running
    restored = tmp_path / "restored.sqlite"
    shutil.copyfile(backup, restored)  # the README's restore: copy the file back
    _assert_identical(before, _snapshot(f"sqlite:///{restored}"))


@pytest.mark.skipif(not USE_POSTGRES, reason="DATABASE_URL is not PostgreSQL")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_postgresql_dump_and_restore_keep_every_row(tmp_path):
    source = postgres_database("backup")
    target = postgres_database("restore")
    reset_postgres_database(source)
    reset_postgres_database(target)
    try:
        _load_demo(source)
        before = _snapshot(source)
        plain = {
            name: make_url(url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
            for name, url in (("source", source), ("target", target))
        }
        dump = tmp_path / "werkbrug-2026-12-04.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={dump}", plain["source"]],
            check=True,
            timeout=120,
        )
        # Into an empty database, as the README says: the tables come from the dump.
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={plain['target']}", str(dump)],
            check=True,
            timeout=120,
        )
        _assert_identical(before, _snapshot(target))
    finally:
        reset_postgres_database(source)
        reset_postgres_database(target)
