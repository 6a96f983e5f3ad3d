"""Account pages the crawl cannot reach by links alone, walked through in the browser.

- a new employer registers through the form; the matchmaker then finds the request and
  opens the page to refuse it (the demo data has no unverified employer);
- an employer switches two-factor login on from the account page, and reaches the page
  to switch it off again (staff never see that page: for them it is compulsory);
- the pages behind the link in the password-reset mail.

Each page on the way must pass axe-core and the page checks. These tests use accounts and
organisations of their own, so the shared logins of the other tests stay valid.
"""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest

from tests.browser.conftest import (
    LiveServer,
    assert_accessible,
    log_in,
    submit_login_form,
)
from tests.browser.test_forms import error_state_problems

pytestmark = pytest.mark.browser

#: Employers of the demo data that no other browser test uses.
TWO_FACTOR_EMPLOYER = "planning@schoonenfris.nl"
RESET_EMPLOYER = "vacatures@zorggroepamstelland.nl"


def test_registration_reaches_the_matchmaker_who_may_refuse_it(
    new_context: Any, page_as: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = new_context().new_page()
    page.goto(live_server.url("public.home"))
    page.locator("main").get_by_role("link", name="Aanmelden als werkgever").click()
    page.wait_for_load_state()
    assert page.url == live_server.url("auth.register")
    assert_accessible(page, axe_source)

    page.get_by_label("Naam van de organisatie").fill("Testkeuken Browser B.V.")
    page.get_by_label("KvK-nummer").fill("87654321")
    page.get_by_label("Contactpersoon").fill("Iris Tester")
    page.get_by_label("E-mailadres").fill("iris@testkeuken-browser.nl")
    page.get_by_label("Postcode van de werkplek").fill("1183")
    page.get_by_label("Sector").select_option(label="Horeca")
    page.get_by_label("Wachtwoord", exact=True).fill("Lange-zin-voor-de-test-7")
    page.get_by_label("Herhaal het wachtwoord").fill("Lange-zin-voor-de-test-7")
    page.locator("main form").get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()

    # The same neutral answer as for an address that has an account (issue 16): the
    # login page says the registration arrived; the new employer then logs in.
    assert page.url == live_server.url("auth.login"), page.locator("main").inner_text()[
        :600
    ]
    assert "Uw aanmelding is ontvangen" in page.locator(".flashes").inner_text()
    assert_accessible(page, axe_source)
    submit_login_form(page, "iris@testkeuken-browser.nl", "Lange-zin-voor-de-test-7")
    assert page.url == live_server.url("employer.dashboard"), page.locator(
        "main"
    ).inner_text()[:600]
    assert_accessible(
        page, axe_source
    )  # the dashboard of an organisation not yet verified

    staff = page_as("matchmaker")
    staff.goto(live_server.url("matchmaker.employers"))
    row = staff.locator("main tr", has_text="Testkeuken Browser B.V.")
    assert row.count() == 1
    row.get_by_role("link", name="Afwijzen").click()
    staff.wait_for_load_state()
    assert re.search(r"/werkgevers/\d+/afwijzen$", staff.url)
    assert_accessible(staff, axe_source)

    staff.locator("main form").last.evaluate("form => form.noValidate = true")
    staff.locator("main form button[type=submit]").last.click()
    problems = error_state_problems(staff, axe_source, "refuse employer")
    assert not problems, "\n".join(problems)


def test_employer_switches_two_factor_on_and_reaches_the_off_page(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = new_context().new_page()
    assert log_in(page, live_server, TWO_FACTOR_EMPLOYER) is False

    page.goto(live_server.url("auth.account"))
    page.get_by_role("link", name="Inloggen in twee stappen instellen").click()
    page.wait_for_load_state()
    assert page.url == live_server.url("auth.two_factor_setup")
    assert_accessible(page, axe_source)
    secret = re.sub(r"\s+", "", page.locator("main dl.facts code").first.inner_text())
    code = page.get_by_label("Code uit de app")
    code.fill(pyotp.TOTP(secret).now())
    code.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Uw herstelcodes"

    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_load_state()
    assert page.url == live_server.url("auth.account")
    page.get_by_role("link", name="Inloggen in twee stappen uitzetten").click()
    page.wait_for_load_state()
    assert page.url == live_server.url("auth.two_factor_disable")
    assert_accessible(page, axe_source)

    page.locator("main form").get_by_role("button", name="Uitzetten").click()
    problems = error_state_problems(page, axe_source, "two-factor off")
    assert not problems, "\n".join(problems)


def test_password_reset_pages_from_the_mail_link(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    """The link in the reset mail, and the same page without (or with a bad) token."""
    from portal.services.accounts import password_reset
    from portal.services.accounts import users as accounts

    with live_server.app.app_context():
        user = accounts.find_user_by_email(RESET_EMPLOYER)
        assert user is not None
        token = password_reset.make_token(user)

    page = new_context().new_page()
    page.goto(live_server.url("auth.reset_link", token=token))
    assert page.url == live_server.url("auth.reset_password"), "token left the URL"
    assert_accessible(page, axe_source)
    page.locator("main form button[type=submit]").click()
    problems = error_state_problems(page, axe_source, "new password")
    assert not problems, "\n".join(problems)

    stranger = new_context().new_page()
    response = stranger.goto(live_server.url("auth.reset_link", token="not-a-token"))
    assert response is not None
    assert response.status == 400
    assert_accessible(stranger, axe_source)
