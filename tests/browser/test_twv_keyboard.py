"""The whole TWV checklist can be completed with the keyboard alone, and stays axe-clean.

An employer of the demo data (Schipholside Logistics, not used by the other browser
tests) opens its case WB-TVJ2, which the matchmaker already checked, and does every
employer step: it moves focus only with Tab, types dates and numbers, and presses
Enter or Space on the buttons. axe-core runs on the page after every step, and on the
error the page shows for a missing date.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.services.twv.cases import local_today
from tests.browser.conftest import (
    LiveServer,
    assert_accessible,
    log_in,
)

pytestmark = pytest.mark.browser

ACCOUNT = "hr@schipholsidelogistics.nl"
CASE_REF = "WB-TVJ2"
MAX_TABS = 400


def case_id(live_server: LiveServer) -> int:
    from portal.models import CandidateProfile, TwvCase

    with live_server.app.app_context():
        found = db.session.scalar(
            select(TwvCase.id)
            .join(TwvCase.candidate)
            .where(CandidateProfile.ref == CASE_REF)
        )
        db.session.remove()
    assert found is not None, f"demo case {CASE_REF} is missing"
    return found


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} cannot be reached with Tab")


def date_order(page: Any, selector: str) -> str:
    """How the browser's date field orders its parts ("dmy" or "mdy"): type and look.

    Chromium orders the segments by its own locale, not the page's, so the test asks.
    """
    tab_to(page, selector)
    page.keyboard.type("01022030")
    value = page.locator(selector).input_value()
    assert value in {"2030-01-02", "2030-02-01"}, value
    return "mdy" if value == "2030-01-02" else "dmy"


def type_date(page: Any, iso: str, order: str) -> None:
    """Type a date into the focused date field, digit by digit, as a keyboard user does."""
    year, month, day = iso.split("-")
    page.keyboard.type((month + day if order == "mdy" else day + month) + year)


def press_button(page: Any, step: str, value: str, key: str = "Enter") -> None:
    tab_to(page, f"#stap-{step} button[value='{value}']")
    with page.expect_navigation():
        page.keyboard.press(key)


def test_employer_completes_the_checklist_with_the_keyboard_only(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = new_context().new_page()
    log_in(page, live_server, ACCOUNT)
    case = case_id(live_server)
    url = live_server.url("twv.case", case_id=case)
    page.goto(url)
    assert_accessible(page, axe_source)

    today = local_today().isoformat()

    # a date step without a date: the error is announced and the page stays clean
    press_button(page, "w_document_copy", "done")
    assert page.locator("#w_document_copy-on_date-error").is_visible()
    assert_accessible(page, axe_source)

    page.goto(url)
    order = date_order(page, "#w_document_copy-on_date")
    page.goto(url)
    press_button(page, "draft_contract", "done")
    tab_to(page, "#w_document_copy-on_date")
    type_date(page, "2027-12-31", order)
    assert page.locator("#w_document_copy-on_date").input_value() == "2027-12-31"
    press_button(page, "w_document_copy", "done")
    press_button(page, "agency_work", "not_applicable", key="Space")
    press_button(page, "apply_uwv", "done")
    tab_to(page, "#submitted-on_date")
    type_date(page, today, order)
    press_button(page, "submitted", "done")
    assert_accessible(page, axe_source)

    tab_to(page, "#twv_granted-number")
    page.keyboard.type("TWV-K3Y80RD")
    press_button(page, "twv_granted", "done")
    tab_to(page, "#start_work-on_date")
    type_date(page, today, order)
    press_button(page, "start_work", "done")
    press_button(page, "payroll_without_bsn", "done")
    press_button(page, "reba_payslips", "done")
    press_button(page, "early_end", "not_applicable")
    assert_accessible(page, axe_source)

    assert page.locator("#stap-twv_granted").inner_text().count("TWV-K3Y80RD") >= 1
    assert page.locator(".twv-steps button[value='done']").count() == 0
    from portal.models import StepState, TwvCase

    with live_server.app.app_context():
        cycle = db.session.get(TwvCase, case).current_cycle
        states = {row.step_key: row.state for row in cycle.steps}
        db.session.remove()
    assert set(states.values()) <= {StepState.DONE, StepState.NOT_APPLICABLE}
    assert len(states) == 12
