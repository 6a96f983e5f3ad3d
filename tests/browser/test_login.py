"""Logging in through the real forms: each role, the code step for staff, and enrolment."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest

from tests.browser.conftest import (
    ENROLLMENT_ACCOUNT,
    ROLE_ACCOUNTS,
    LiveServer,
    RoleLogin,
    assert_accessible,
    submit_login_form,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_each_role_logs_in_to_its_own_dashboard(
    role: str, role_logins: dict[str, RoleLogin], live_server: LiveServer
) -> None:
    login = role_logins[role]
    assert login.landed_on == live_server.url(f"{role}.dashboard")
    # Staff need the second step (TWO_FACTOR_REQUIRED); employers without it do not.
    assert login.code_asked is (role in {"matchmaker", "admin"})


def test_staff_without_two_factor_enrol_during_login(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    from portal.demo.accounts import DEMO_PASSWORD

    page = new_context().new_page()
    page.goto(live_server.url("auth.login"))
    submit_login_form(page, ENROLLMENT_ACCOUNT, DEMO_PASSWORD)

    assert page.url == live_server.url("auth.two_factor_setup")
    assert page.locator("form.logout").count() == 0, "not logged in before enrolment"
    assert_accessible(page, axe_source)
    shown = page.locator("main dl.facts code").first.inner_text()
    secret = re.sub(r"\s+", "", shown)
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"no readable key shown: {shown!r}"

    code_field = page.get_by_label("Code uit de app")
    code_field.fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    code_field.press("Enter")
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1, "a wrong code must be refused"

    code_field = page.get_by_label("Code uit de app")
    code_field.fill(pyotp.TOTP(secret).now())
    code_field.press("Enter")
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Uw herstelcodes"
    codes = page.locator("main ol code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, axe_source)
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_load_state()
    assert page.url == live_server.url("matchmaker.dashboard")
    assert page.locator("form.logout button").count() == 1


def test_a_wrong_code_is_refused_with_a_linked_error(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    """Uses the admin account up to the code step only, so its stored login stays valid."""
    from portal.demo.accounts import DEMO_PASSWORD

    page = new_context().new_page()
    page.goto(live_server.url("auth.login"))
    submit_login_form(page, ROLE_ACCOUNTS["admin"], DEMO_PASSWORD)
    assert page.url == live_server.url("auth.two_factor")

    code = page.get_by_label("Code", exact=True)
    code.fill("12345x")
    code.press("Enter")
    page.wait_for_load_state()

    assert page.url == live_server.url("auth.two_factor")
    assert page.locator("form.logout").count() == 0
    assert code.get_attribute("aria-invalid") == "true"
    assert "code-error" in (code.get_attribute("aria-describedby") or "")
    assert_accessible(page, axe_source)
