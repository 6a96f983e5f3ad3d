"""Language switch, keyboard-only use and the idle-timeout warning (WCAG 3.1.1, 2.1.1, 2.2.1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    KEYBOARD_ACCOUNT,
    LiveServer,
    axe_violations,
    describe_violations,
)

pytestmark = pytest.mark.browser


def language_link(page: Any, name: str) -> Any:
    """A link of the language menu (its own label is translated too, so find it by class)."""
    return page.locator("nav.language").get_by_role("link", name=name, exact=True)


@pytest.mark.parametrize("role", ["anonymous", "employer"])
def test_language_switch_to_english_and_back(
    role: str, live_server: LiveServer, page_as: Any, axe_source: str
) -> None:
    page = page_as(role)
    start = (
        live_server.url("auth.login")
        if role == "anonymous"
        else live_server.url("auth.account")
    )
    page.goto(start)
    assert page.locator("html").get_attribute("lang") == "nl"
    dutch_heading = page.locator("h1").inner_text()

    language_link(page, "English").click()
    page.wait_for_load_state()

    assert page.url == start, "the switch must return to the same page"
    assert page.locator("html").get_attribute("lang") == "en"
    assert language_link(page, "English").get_attribute("aria-current") == "true"
    violations = axe_violations(page, axe_source)
    assert not violations, "\n".join(describe_violations(page.url, violations))
    english_heading = page.locator("h1").inner_text()

    language_link(page, "Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == dutch_heading
    # Last, so the switch itself is proven even while a catalogue is missing.
    assert english_heading != dutch_heading, (
        f"the heading {dutch_heading!r} of {start} has no English translation"
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    new_context: Any, live_server: LiveServer
) -> None:
    page = new_context().new_page()
    page.goto(live_server.url("auth.login"))

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible(), "the skip link must become visible when focused"

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'inhoud'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_login_with_the_keyboard_only(
    new_context: Any, live_server: LiveServer
) -> None:
    from portal.demo.accounts import DEMO_PASSWORD

    page = new_context().new_page()
    page.goto(live_server.url("auth.login"))

    for _ in range(30):  # tab through the header to the first form field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "email":
            break
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type(KEYBOARD_ACCOUNT)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == live_server.url("employer.dashboard")
    assert page.locator("form.logout button").count() == 1


def test_idle_warning_appears_before_the_timeout_and_keeps_the_session(
    live_server: LiveServer, page_as: Any, axe_source: str
) -> None:
    page = page_as("employer")
    page.clock.install()
    page.goto(live_server.url("employer.dashboard"))
    dialog = page.locator("#idle-warning")
    assert dialog.get_attribute("role") == "alertdialog"
    assert dialog.is_hidden()
    timeout = int(page.locator("body").get_attribute("data-idle-timeout") or "0")
    assert timeout == live_server.app.config["IDLE_TIMEOUT_MINUTES"] * 60

    page.clock.fast_forward((timeout - 120) * 1000 + 1000)

    dialog.wait_for(state="visible")
    stay = page.get_by_role("button", name="Ingelogd blijven")
    assert stay.evaluate("el => el === document.activeElement")
    violations = axe_violations(page, axe_source)
    assert not violations, "\n".join(describe_violations(page.url, violations))

    with page.expect_response(live_server.url("auth.keepalive")) as keepalive:
        stay.click()
    assert keepalive.value.status == 204
    dialog.wait_for(state="hidden")
    assert page.url == live_server.url("employer.dashboard")


def test_no_idle_warning_for_anonymous_visitors(
    new_context: Any, live_server: LiveServer
) -> None:
    page = new_context().new_page()
    page.goto(live_server.url("public.home"))
    assert page.locator("#idle-warning").count() == 0
