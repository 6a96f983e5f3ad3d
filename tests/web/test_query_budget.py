"""Every key page runs a small, fixed number of SQL queries, whatever the number of rows.

The pages of the speed issue (the benchmark's table) with several rows of everything
(``speed_world``): a query per row or a repeated lookup shows up as a count above the
budget. Speed itself is measured by ``make bench``, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from portal.extensions import db
from portal.models import User

BUDGET = 8

#: (page, who, URL from the world)
PAGES: list[tuple[str, str, Callable[[SimpleNamespace], str]]] = [
    ("suggestions", "matchmaker", lambda w: f"/matches/vacature/{w.vacancy_id}"),
    ("candidate search", "matchmaker", lambda w: "/kandidaten/?q=kok"),
    ("twv case", "matchmaker", lambda w: f"/twv/{w.case_id}"),
    ("twv case (employer)", "employer", lambda w: f"/twv/{w.case_id}"),
    ("candidate list", "matchmaker", lambda w: "/kandidaten/"),
    (
        "pair explanation",
        "matchmaker",
        lambda w: f"/matches/uitleg?candidate={w.profile_ref}&vacancy={w.vacancy_ref}",
    ),
    ("employer home", "employer", lambda w: "/werkgever/"),
    ("ical feed", "", lambda w: f"/agenda/{w.calendar_token}.ics"),
    ("approved candidates", "employer", lambda w: "/matches/werkgever"),
    ("vacancy detail", "matchmaker", lambda w: f"/vacatures/{w.vacancy_id}"),
    ("vacancy detail (employer)", "employer", lambda w: f"/vacatures/{w.vacancy_id}"),
    ("vacancy list", "matchmaker", lambda w: "/vacatures/"),
    ("vacancy list (employer)", "employer", lambda w: "/vacatures/"),
    ("candidate detail", "matchmaker", lambda w: f"/kandidaten/{w.profile_id}"),
    ("matchmaker home", "matchmaker", lambda w: "/werkplein/"),
]


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run while the block runs."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def clients(
    app: Flask, login, speed_world, employer_user: User, matchmaker: User
) -> dict[str, FlaskClient]:
    return {
        "matchmaker": login(matchmaker),
        "employer": login(employer_user),
        "": app.test_client(),
    }


@pytest.mark.parametrize(("page", "who", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_page_stays_within_the_query_budget(
    app: Flask, clients, speed_world, page: str, who: str, url
) -> None:
    client = clients[who]
    path = url(speed_world)
    assert client.get(path).status_code == 200  # first request: caches, index build
    with counting(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    assert len(statements) <= BUDGET, (
        f"{page}: {len(statements)} queries (budget {BUDGET}):\n"
        + "\n".join(s.splitlines()[0][:160] for s in statements)
    )


def test_the_counter_sees_a_query_per_row(app: Flask, speed_world) -> None:
    """The budget test can fail: loading each profile apart is one query per row."""
    from portal.models import CandidateProfile

    with app.app_context():
        ids = [p.id for p in db.session.query(CandidateProfile.id).limit(5)]
    with counting(app) as statements, app.app_context():
        for profile_id in ids:
            db.session.get(CandidateProfile, profile_id)
    assert len(statements) == len(ids)
