"""Hostile input on every form and JSON endpoint, as every role: never 5xx, never raw markup.

Walks the access tables (``tests/access/*.py``: every endpoint with its world) for each
role, and sends every endpoint the role may reach hostile values: long strings, NUL,
emoji and right-to-left text, markup, SQL meta-characters, extreme and invalid numbers and
dates, missing and duplicated fields. Field names come from the page's own form (a GET
first), from the forms on the area's pages that post to the endpoint (a button's
endpoint has no page of its own), plus a few generic ones. Asserted for every request: no
5xx, no unescaped markup of ours in the answer (JSON must parse; a download such as a
spreadsheet must be an attachment that is never sniffed), and on a refused post (4xx, the
form again with errors, or a redirect that flashes an error) no row written anywhere but
the audit trail. Values are sampled per endpoint, not crossed.

Runs on SQLite and, in ``.ci/run``, on PostgreSQL, where a NUL or an out-of-range value
reaches a real type check.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.models import User
from tests.web.test_access import ROLES, TABLES, create_actors, fresh_app

MARKUP = '<script>alert("wb")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    "x" * 10_000,
    "abc\x00def",
    "\x00",
    "🧑‍🍳 شيف مطبخ \u202ekok\u202c",
    MARKUP,
    ATTRIBUTE,
    "'; DROP TABLE vacancy; --",
    "%_\\' OR '1'='1",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "9999-12-31",
    "0000-00-00",
    "1899-12-31",
    "31-02-2026",
    "",
]
GENERIC_FIELDS = ("q", "note", "reason_code", "email", "name", "date", "limit", "file")
#: Query parameters the views read themselves (request.args), besides the forms' fields.
QUERY_FIELDS = (*GENERIC_FIELDS, "pagina", "werkgever", "beroep", "esco_uri", "next")
_NAME = re.compile(r'name="([A-Za-z_][\w\-]*)"')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
_ACTION = re.compile(r'\baction="([^"]*)"')
#: Tables a refused post may still write to: the audit trail of the attempt itself.
AUDIT_TABLES = {"audit_event"}


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name not in AUDIT_TABLES
    }


def _field_names(client, url: str) -> list[str]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.content_type:
        return list(GENERIC_FIELDS)
    names = set(_NAME.findall(response.get_data(as_text=True)))
    names.discard("csrf_token")
    return sorted(names | set(GENERIC_FIELDS))


def _payloads(names: list[str], seed: int) -> list[Any]:
    """Four forms of hostile data: every field one value, rotated; duplicated; missing."""
    values = itertools.cycle(HOSTILE[seed % len(HOSTILE) :] + HOSTILE)
    single = {name: next(values) for name in names}
    rotated = {name: next(values) for name in names}
    duplicated = [(name, v) for name in names for v in (next(values), next(values))]
    return [single, rotated, duplicated, {}]


def _assert_safe(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if not (response.mimetype.startswith("text/") or response.is_json):
        # a download (a spreadsheet): saved, never shown or sniffed as a page
        assert response.headers["X-Content-Type-Options"] == "nosniff", what
        disposition = response.headers.get("Content-Disposition", "")
        assert disposition.startswith("attachment"), f"{what}: {response.mimetype}"
        return
    body = response.get_data(as_text=True)
    if (
        response.is_json
    ):  # data, not a page: it must parse, and is never sniffed as HTML
        json.loads(body)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        return
    assert MARKUP not in body, f"{what}: unescaped markup"
    assert ATTRIBUTE not in body, f"{what}: unescaped attribute"


def _flashed_errors(client) -> list[str]:
    """The error messages flashed for the next page, taken out of the session."""
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    return [message for category, message in flashes if category == "error"]


def _refused(response, flashed_errors: list[str]) -> bool:
    """A 4xx, the form again with errors, or a redirect that flashes an error."""
    if response.status_code >= 400:
        return True
    if response.status_code in (302, 303):
        return bool(flashed_errors)
    body = response.get_data(as_text=True)
    return response.status_code == 200 and 'aria-invalid="true"' in body


#: Endpoints the walk leaves alone: logging out would end the walk's own session.
NOT_WALKED = {"auth.logout"}


def _reachable(role: str, module: Any) -> list[tuple[str, str, Any]]:
    """(endpoint, method, args) of one table that the role may use (not refused outright).

    A redirect refuses the anonymous visitor (to the login page); for a signed-in role it
    is how a button answers (post, redirect, get), so those endpoints are walked too, after
    the others, as their posts change the world that the other pages show.
    """
    refused = {401, 403, 404, 405} | ({302} if role == "anonymous" else set())
    rows = [
        (endpoint, method, args, expected.get(role))
        for endpoint, method, args, expected in module.RULES
        if expected.get(role) not in refused and endpoint not in NOT_WALKED
    ]
    rows.sort(key=lambda row: row[3] == 302)
    return [(endpoint, method, args) for endpoint, method, args, _status in rows]


def _form_fields(client, urls: list[str]) -> dict[str, set[str]]:
    """The field names of every form on these pages, by the path that the form posts to."""
    fields: dict[str, set[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        body = response.get_data(as_text=True)
        for attributes, inner in _FORM.findall(body):
            action = _ACTION.search(attributes)
            target = html.unescape(action.group(1)) if action else url
            names = set(_NAME.findall(inner)) - {"csrf_token"}
            fields.setdefault(urlsplit(target).path, set()).update(names)
    _flashed_errors(client)
    return fields


@pytest.mark.parametrize("role", ROLES)
def test_hostile_input_never_breaks_a_page(database_url, role):
    checked = 0
    for area, module in TABLES.items():
        reachable = _reachable(role, module)
        if not reachable:
            continue
        with fresh_app(database_url) as app, app.app_context():
            actors = create_actors()
            world = module.world(actors)
            db.session.commit()
            if role == "anonymous":
                client = app.test_client()
            else:
                user = db.session.get(User, getattr(actors, role).id)
                client = app.test_client(user=user)
            with app.test_request_context():
                urls = [
                    (url_for(endpoint, **(args(world) if args else {})), method)
                    for endpoint, method, args in reachable
                ]
            # a button's endpoint answers no GET: its fields come from the pages' forms
            forms = _form_fields(
                client, [url for url, method in urls if method == "GET"]
            )
            for seed, (url, method) in enumerate(urls):
                extra = forms.get(urlsplit(url).path, set())
                checked += _walk(client, method, url, f"{area}: {role}", seed, extra)
    assert checked > 0


def _with_query(url: str, payload: Any) -> tuple[str, MultiDict]:
    """The URL's path, and its own query (a glossary term's ``uri``) under the payload."""
    path, _, own = url.partition("?")
    hostile = MultiDict(payload)
    query = MultiDict(
        [(k, v) for k, v in parse_qsl(own, keep_blank_values=True) if k not in hostile]
    )
    for key, value in hostile.items(multi=True):
        query.add(key, value)
    return path, query


def _walk(client, method: str, url: str, who: str, seed: int, extra: set[str]) -> int:
    if method == "GET":
        names = sorted(set(_field_names(client, url)) | set(QUERY_FIELDS) | extra)
        for payload in _payloads(names, seed)[:3]:
            path, query = _with_query(url, payload)
            _assert_safe(client.get(path, query_string=query), f"GET {url} ({who})")
        return 3
    names = sorted(set(_field_names(client, url)) | extra)
    for payload in _payloads(names, seed):
        db.session.rollback()
        _flashed_errors(client)
        before = _row_counts()
        response = client.post(url, data=MultiDict(payload))
        what = f"POST {url} ({who}) with {str(payload)[:300]}"
        _assert_safe(response, what)
        db.session.rollback()
        if _refused(response, _flashed_errors(client)):
            assert _row_counts() == before, f"{what}: refused, yet wrote rows"
    return 4
