"""Forms with errors: the summary is announced and focused, fields point at their errors.

Besides the login form, the test finds the forms of each role by itself: on every page
without URL arguments that the role may open, and on every page the crawl met, the first
POST form with a required field is sent with all fields emptied (once per route). An empty
required field can only give an error, so nothing is saved; the error state must be
axe-clean too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import (
    ROLES,
    LiveServer,
    axe_violations,
    describe_violations,
    open_page,
    page_structure_problems,
)
from tests.browser.crawler import FIRST_REQUIRED_FORM, CrawlResult

pytestmark = pytest.mark.browser

#: Pages that hold no form worth emptying, or are tested on their own.
SKIP_ENDPOINTS = {"static", "public.set_language", "public.healthz"}

#: Empties every field the user can edit; the browser's own checks are switched off so
#: the server's error messages are what the test sees.
_EMPTY_FORM = """form => {
  form.noValidate = true;
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox' || el.type === 'radio') { el.checked = false; continue; }
    if (el.tagName === 'SELECT') { el.selectedIndex = -1; continue; }
    if ('value' in el) el.value = '';
  }
}"""

_ERROR_FACTS = """() => {
  const summary = document.querySelector('.error-summary');
  const describedBy = el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  const invalid = [...document.querySelectorAll('main [aria-invalid="true"]')];
  // A group of radios or checkboxes carries its error on the fieldset instead.
  const invalidGroups = [...document.querySelectorAll('main fieldset[aria-describedby]')]
    .filter(f => describedBy(f).some(id => document.getElementById(id)?.classList.contains('error-message')));
  const referenced = new Set([...document.querySelectorAll('main [aria-describedby]')].flatMap(describedBy));
  return {
    summary: Boolean(summary),
    summaryFocused: Boolean(summary) && document.activeElement === summary,
    brokenSummaryLinks: summary ? [...summary.querySelectorAll('a[href^="#"]')]
      .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id)) : [],
    invalid: invalid.concat(invalidGroups).map(el => el.id || el.name || el.tagName),
    invalidWithoutError: invalid.filter(el => !describedBy(el).some(id => {
      const target = document.getElementById(id);
      return target && target.classList.contains('error-message') && target.textContent.trim();
    })).map(el => el.id || el.name),
    unreferencedErrors: [...document.querySelectorAll('main .error-message')]
      .filter(el => !el.id || !referenced.has(el.id)).map(el => el.id || el.textContent.trim().slice(0, 40)),
  };
}"""


def error_state_problems(page: Any, axe_source: str, what: str) -> list[str]:
    """Everything wrong with how the page presents its form errors."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_load_state()
    # werkbrug.js (deferred) moves focus to the summary once the document is parsed.
    # A timeout is reported below as "focus did not move to the error summary".
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => !document.querySelector('.error-summary') || "
            "document.activeElement === document.querySelector('.error-summary')",
            timeout=3_000,
        )
    facts = page.evaluate(_ERROR_FACTS)
    url = page.url
    problems = []
    if not facts["summary"]:
        problems.append(f"{what} ({url}): no error summary after sending it empty")
        return problems
    if not facts["summaryFocused"]:
        problems.append(f"{what} ({url}): focus did not move to the error summary")
    if not facts["invalid"]:
        problems.append(
            f"{what} ({url}): no field is marked invalid (aria-invalid, or a "
            "fieldset pointing at its error)"
        )
    problems.extend(
        f"{what} ({url}): field {name} is invalid but aria-describedby names no error text"
        for name in facts["invalidWithoutError"]
    )
    problems.extend(
        f"{what} ({url}): error message {name} is not linked to its field"
        for name in facts["unreferencedErrors"]
    )
    problems.extend(
        f"{what} ({url}): error summary links to #{target}, which does not exist"
        for target in facts["brokenSummaryLinks"]
    )
    problems.extend(describe_violations(url, axe_violations(page, axe_source)))
    problems.extend(page_structure_problems(page, url))
    return problems


def test_empty_login_form_shows_linked_errors(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = new_context().new_page()
    page.goto(live_server.url("auth.login"))
    page.locator("main form").get_by_role("button", name="Inloggen").click()

    problems = error_state_problems(page, axe_source, "login form")

    assert not problems, "\n".join(problems)
    for name in ("email", "password"):
        control = page.locator(f"#{name}")
        assert control.get_attribute("aria-invalid") == "true"
        assert f"{name}-error" in (control.get_attribute("aria-describedby") or "")
        assert page.locator(f"#{name}-error").inner_text().strip()
    summary_text = page.locator(".error-summary").inner_text()
    assert "Vul uw e-mailadres in." in summary_text
    assert "Vul uw wachtwoord in." in summary_text


def form_pages(live_server: LiveServer, role: str) -> list[tuple[str, str]]:
    """(endpoint, url) of every page without URL arguments that this role may open."""
    pages = []
    for rule in sorted(live_server.app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP_ENDPOINTS or "GET" not in (rule.methods or ()):
            continue
        if rule.arguments:
            continue
        view = live_server.app.view_functions[rule.endpoint]
        allowed = getattr(view, "allowed_roles", None)
        if role == "anonymous" and allowed is not None:
            continue
        if role != "anonymous" and allowed is not None and role not in allowed:
            continue
        pages.append((rule.endpoint, live_server.url(rule.endpoint)))
    return pages


def send_first_required_form_empty(page: Any) -> str | None:
    """Empty and send the page's first form with a required field; a problem, or None."""
    index = page.evaluate(FIRST_REQUIRED_FORM)
    form = page.locator("main form").nth(index)
    form.evaluate(_EMPTY_FORM)
    submit = form.locator("button[type=submit], input[type=submit], button:not([type])")
    if submit.count() == 0:
        return "a form without a submit button"
    submit.first.click()
    return None


@pytest.mark.parametrize("role", ROLES)
def test_every_form_shows_its_errors_accessibly(
    role: str,
    live_server: LiveServer,
    page_as: Any,
    axe_source: str,
    crawl: Callable[[str], CrawlResult],
) -> None:
    """Forms on pages without URL arguments, plus those the crawl met (one per route)."""
    page = page_as(role)
    candidates = form_pages(live_server, role) + [
        (endpoint, url) for url, endpoint in crawl(role).form_pages
    ]
    tried: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for endpoint, url in candidates:
        if endpoint in tried:
            continue
        response = open_page(page, url)
        if response is None or response.status != 200 or page.url in seen:
            continue
        seen.add(page.url)
        if page.evaluate(FIRST_REQUIRED_FORM) < 0:
            continue
        tried.append(endpoint)
        problem = send_first_required_form_empty(page)
        if problem:
            problems.append(f"{endpoint} ({url}): {problem}")
            continue
        problems.extend(error_state_problems(page, axe_source, endpoint))

    if not tried:
        pytest.skip(f"no page of role {role} has a form with a required field yet")
    print(f"Forms sent empty as {role}: {', '.join(tried)}")  # shown by pytest -rP
    assert not problems, (
        f"{len(problems)} problems in the forms of {role}:\n"
        + "\n".join(f"  - {p}" for p in problems)
    )
