"""Candidate pages in states the crawl does not reach: refusals, the import report, the picker.

Each state must pass axe-core (WCAG 2.1 A/AA) and the page checks; nothing here saves
anything, so the shared demo database stays as it is.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import (
    LiveServer,
    axe_violations,
    describe_violations,
    page_structure_problems,
)
from tests.browser.test_forms import error_state_problems

pytestmark = pytest.mark.browser


def first_profile_url(page: Any, live_server: LiveServer) -> str:
    page.goto(live_server.url("candidates.index"))
    link = page.locator("main table tbody th a").first
    return str(link.get_attribute("href"))


def test_summary_with_identifiers_is_refused_accessibly(
    page_as: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = page_as("matchmaker")
    page.goto(live_server.base_url + first_profile_url(page, live_server) + "/bewerken")
    page.fill("#summary", "Bel 06-12345678 of mail naam@example.org")
    page.fill("#occupation_2", "magazijn")
    page.locator("main form button[type=submit]").click()

    problems = error_state_problems(page, axe_source, "profile form")

    assert not problems, "\n".join(problems)
    summary_error = page.locator("#summary-error").inner_text()
    assert "06-12345678" in summary_error
    assert "naam@example.org" in summary_error
    assert "magazijnmedewerker" in page.locator("#occupation_2-error").inner_text()


def test_import_report_lists_the_bad_line_accessibly(
    page_as: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = page_as("matchmaker")
    page.goto(live_server.url("candidates.import_profiles"))
    good = {
        "ref": "BR-TEST-1",
        "summary": "Kookt graag.",
        "pc4": "1183",
        "max_travel_km": 10,
        "hours_per_week": 20,
        "available_from": "2026-01-01",
        "asylum_application_date": "2025-01-01",
        "w_document_valid_until": "2027-01-01",
    }
    bad = {**good, "ref": "BR-TEST-2", "pc4": "0000"}
    body = (json.dumps(good) + "\n" + json.dumps(bad) + "\n").encode()
    page.set_input_files(
        "#file",
        {"name": "profielen.jsonl", "mimeType": "application/x-ndjson", "buffer": body},
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    report = page.locator("#report")
    assert "niets opgeslagen" in report.inner_text()
    rows = report.locator("tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "2"
    problems = describe_violations(page.url, axe_violations(page, axe_source))
    problems += page_structure_problems(page, page.url)
    assert not problems, "\n".join(problems)


def test_skill_picker_adds_a_skill_with_the_keyboard(
    page_as: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = page_as("matchmaker")
    page.goto(live_server.base_url + first_profile_url(page, live_server) + "/bewerken")
    search = page.locator("#skill-search")
    assert search.is_visible()  # shown by candidates.js
    before = page.locator("#skill-list input[type=checkbox]").count()
    search.focus()
    page.keyboard.type("afval verwijderen", delay=20)
    page.wait_for_selector("[role=listbox] [role=option]")
    problems = describe_violations(page.url, axe_violations(page, axe_source))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    boxes = page.locator("#skill-list input[type=checkbox]")
    assert boxes.count() in {before, before + 1}  # already there, or added
    assert boxes.last.is_checked()
    assert not problems, "\n".join(problems)
