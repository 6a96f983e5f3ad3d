"""Language switch, English pages, Dutch formatting, and a complete English catalogue."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from flask import render_template_string

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "translations" / "core"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}


def english_catalogues() -> dict[object, str]:
    """Every English msgstr of every area, keyed by msgid (plural ids as tuples)."""
    merged: dict[object, str] = {}
    for po in (ROOT / "translations").glob("*/en/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    merged[
                        message.id if isinstance(message.id, str) else message.id[0]
                    ] = message.string
    return merged


def project_msgids() -> dict[str, str]:
    """Every translatable Dutch string in the portal, its forms and templates (msgid → file).

    Walks the tree rather than a list of files: a list goes stale when modules move.
    """
    ids: dict[str, str] = {}
    for folder in ("portal", "forms", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt"} or "static" in path.parts:
                continue
            method = "python" if path.suffix == ".py" else "jinja2"
            for _line, message, _comments, _context in extract_from_file(
                method, str(path), keywords=KEYWORDS
            ):
                msgid = message if isinstance(message, str) else message[0]
                if msgid:
                    ids.setdefault(msgid, str(path.relative_to(ROOT)))
    return ids


def test_every_string_of_the_portal_has_english():
    english = english_catalogues()
    missing = sorted(
        f"{where}: {msgid}"
        for msgid, where in project_msgids().items()
        if msgid not in english
    )
    assert not missing, "no English yet for:\n" + "\n".join(missing)


def test_core_catalogue_keeps_the_placeholders():
    with (CORE / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue:
        if not message.id or not isinstance(message.id, str):
            continue
        assert sorted(placeholder.findall(message.id)) == sorted(
            placeholder.findall(message.string)
        ), message.id


def test_switch_to_english_and_back(client):
    response = client.get("/taal/en", query_string={"next": "/account/inloggen"})
    assert response.status_code == 302
    assert response.location.endswith("/account/inloggen")
    html = client.get("/account/inloggen").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html
    assert "Forgotten your password?" in html
    assert "E-mail address" in html
    client.get("/taal/nl")
    html = client.get("/account/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen</h1>" in html


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_language_switch_refuses_open_redirects(client, target):
    response = client.get("/taal/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.location in ("/", "http://localhost/")


def test_english_error_page_and_form_errors(client):
    client.get("/taal/en")
    assert "Page not found" in client.get("/nergens").get_data(as_text=True)
    html = client.post("/account/inloggen", data={}).get_data(as_text=True)
    assert "Enter your e-mail address." in html
    assert "There is a problem" in html


def test_logged_in_pages_in_english(login, admin):
    client = login(admin)
    client.get("/taal/en")
    html = client.get("/beheer/accounts").get_data(as_text=True)
    assert "Manage accounts" not in html  # that is the dashboard
    assert "<h1>Accounts</h1>" in html
    assert "Log out" in html
    assert "your own account" in html


def test_dutch_dates_and_money_on_dutch_pages(app):
    with app.test_request_context():
        text = render_template_string(
            "{{ d|date }} | {{ t|date }} | {{ m|money }} | {{ n|number }}",
            d=date(2026, 3, 1),
            t=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
            m=Decimal("1234.5"),
            n=12345,
        )
    assert "1 maart 2026" in text
    assert "09:30" in text  # Amsterdam time
    assert "1.234,50" in text
    assert "€" in text
    assert "12.345" in text


def test_english_dates_after_the_switch(app):
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        text = render_template_string("{{ d|date }}", d=date(2026, 3, 1))
    assert "March" in text
