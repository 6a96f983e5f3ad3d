"""Vacancy pages in a real browser: keyboard-only posting, the combobox, and axe-core.

The crawl of the shared browser tests only follows plain links; the pages here are the
ones a crawl cannot reach: search results, the step-2 form, forms with errors, the open
listbox, the import report. Uses the live server and browser of ``tests/browser``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.conftest import assert_accessible
from tests.fixtures.vacancies import KOK_URI

pytestmark = pytest.mark.browser

# The shared browser fixtures (live server, Chromium, logged-in roles), used by name.


def tab_to(page: Any, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def pick_occupation(page: Any, query: str) -> None:
    """Type in the combobox, open it with the arrow key and choose with Enter."""
    tab_to(page, "input[role=combobox]")
    page.keyboard.type(query, delay=30)
    page.wait_for_selector("[role=listbox] [role=option]")
    combobox = page.locator("input[role=combobox]")
    assert combobox.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = combobox.get_attribute("aria-activedescendant")
    assert active
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fill_by_keyboard(page: Any, name: str, keys: str) -> None:
    tab_to(page, f"[name='{name}']")
    page.keyboard.press("Control+A")
    page.keyboard.type(keys)


@pytest.mark.parametrize(("language", "query"), [("nl", "kok"), ("en", "cook")])
def test_employer_posts_a_vacancy_with_the_keyboard_only(
    page_as: Any, live_server: Any, axe_source: str, language: str, query: str
) -> None:
    page = page_as("employer")
    page.goto(
        live_server.url("public.set_language", code=language, next="/vacatures/nieuw")
    )
    assert page.url.endswith("/vacatures/nieuw")
    pick_occupation(page, query)
    assert f"beroep={quote(KOK_URI, safe='')}" in page.url or KOK_URI in page.url
    assert_accessible(page, axe_source)
    # The cook's essential skills are ticked already.
    assert page.locator("input[name=essential_skills]:checked").count() == 16
    fill_by_keyboard(page, "title", "Kok" if language == "nl" else "Cook")
    fill_by_keyboard(page, "hours_per_week", "32")
    tab_to(page, "[name='start_date']")
    page.keyboard.type("01022027")
    fill_by_keyboard(page, "contract_months", "6")
    fill_by_keyboard(page, "hourly_wage", "16,50")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field saves
    assert "/bewerken" not in page.url
    assert page.locator("h1").inner_text() in {
        "Kok",
        "Cook",
    }
    assert_accessible(page, axe_source)
    tab_to(page, "form[action$='/publiceren'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".flash-success").count() == 1
    assert page.locator(".badge-success").first.inner_text() in {
        "gepubliceerd",
        "published",
    }


def test_open_listbox_and_result_pages_are_accessible(
    page_as: Any, live_server: Any, axe_source: str
) -> None:
    page = page_as("employer")
    page.goto(live_server.url("vacancies.new"))
    tab_to(page, "input[role=combobox]")
    page.keyboard.type("schoonmaker", delay=30)
    page.wait_for_selector("[role=listbox] [role=option]")
    page.wait_for_function(
        "() => document.querySelector('[role=status]')?.textContent.includes('resultaten')"
    )
    assert_accessible(page, axe_source)
    page.keyboard.press("Escape")
    assert (
        page.locator("input[role=combobox]").get_attribute("aria-expanded") == "false"
    )
    for url in (
        live_server.url("vacancies.new", q="kok"),
        live_server.url("taxonomy.occupations", q="cook"),
        live_server.url("taxonomy.skills", q="food safety"),
    ):
        page.goto(url)
        assert_accessible(page, axe_source)


def test_form_with_errors_and_skill_search_are_accessible(
    page_as: Any, live_server: Any, axe_source: str
) -> None:
    page = page_as("employer")
    page.goto(live_server.url("vacancies.new", beroep=KOK_URI))
    page.locator("[name=hourly_wage]").fill("10")
    page.locator("[name=hours_per_week]").fill("50")
    page.locator("[name=start_date]").fill("2027-02-01")
    page.locator("[name=contract_months]").fill("6")
    page.locator("[name=save]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert "minstens" in page.locator(".error-summary").inner_text()
    assert_accessible(page, axe_source)
    page.locator("[name=skill_q]").fill("dishes")
    page.locator("[name=search_skill]").click()
    page.wait_for_load_state()
    assert_accessible(page, axe_source)


def test_skill_combobox_adds_a_ticked_skill(
    page_as: Any, live_server: Any, axe_source: str
) -> None:
    page = page_as("employer")
    page.goto(live_server.url("vacancies.new", beroep=KOK_URI))
    before = page.locator("input[name=essential_skills]:checked").count()
    tab_to(page, "input[name=skill_q][role=combobox]")
    page.keyboard.type("dishes", delay=30)
    page.wait_for_selector("[role=listbox] [role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("input[name=essential_skills]:checked").count() == before + 1
    assert "toegevoegd" in page.locator("[role=status]").last.inner_text()
    assert_accessible(page, axe_source)


def test_import_report_close_form_and_settings_are_accessible(
    page_as: Any, live_server: Any, axe_source: str, tmp_path: Any
) -> None:
    page = page_as("employer")
    bad = tmp_path / "vacatures.jsonl"
    bad.write_text('{"ref": "X", "title": "Kok"}\nnot json\n', encoding="utf-8")
    page.goto(live_server.url("vacancies.import_"))
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator(
        "main form button[type=submit], main form input[type=submit]"
    ).last.click()
    page.wait_for_load_state()
    assert page.locator("table caption").inner_text() == "Problemen per regel"
    assert_accessible(page, axe_source)
    page.goto(live_server.url("vacancies.index"))
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    close = page.locator("main a", has_text="Sluiten")
    if close.count():
        close.first.click()
        page.wait_for_load_state()
        page.locator(
            "main form button[type=submit], main form input[type=submit]"
        ).first.click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1
        assert_accessible(page, axe_source)
    admin = page_as("admin")
    admin.goto(live_server.url("settings.shortage", q="kok"))
    assert_accessible(admin, axe_source)
    admin.goto(live_server.url("settings.shortage", esco_uri=KOK_URI))
    assert_accessible(admin, axe_source)
    matchmaker = page_as("matchmaker")
    matchmaker.goto(
        live_server.url("vacancies.index", shortage="ja", status="published")
    )
    assert_accessible(matchmaker, axe_source)
