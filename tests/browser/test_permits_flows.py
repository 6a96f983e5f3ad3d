"""COA as a partner in the browser: a COA referral walks to a matchmaker's intake, and a
planned transfer of a working person ends in an employment statement for COA. Every
page on the way is axe-clean (WCAG 2.1 AA) and well structured, the error pages too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models.base import local_today
from tests.browser.conftest import (
    LiveServer,
    axe_violations,
    describe_violations,
    log_in,
    page_structure_problems,
)

pytestmark = pytest.mark.browser

COA_ACCOUNT = "coa@coa-kronenburg.nl"
#: A demo TWV case of a person at work (Restaurant De Gouden Lepel).
WORKING_REF = "WB-TVH9"


def check(page: Any, axe_source: str) -> None:
    problems = describe_violations(page.url, axe_violations(page, axe_source))
    problems += page_structure_problems(page, page.url)
    assert not problems, "\n".join(problems)


def _profile_id(live_server: LiveServer, ref: str) -> int:
    from portal.models import CandidateProfile

    with live_server.app.app_context():
        found = db.session.scalar(
            select(CandidateProfile.id).where(CandidateProfile.ref == ref)
        )
        db.session.remove()
    assert found is not None, f"demo profile {ref} is missing"
    return found


def test_coa_referral_to_matchmaker_intake(
    new_context, page_as, live_server: LiveServer, axe_source: str
) -> None:
    coa = new_context().new_page()
    log_in(coa, live_server, COA_ACCOUNT)
    coa.goto(live_server.url("coa.dashboard"))
    check(coa, axe_source)
    coa.goto(live_server.url("coa.refer"))
    check(coa, axe_source)
    coa.click("button[type=submit]:has-text('Doorverwijzen')")
    assert coa.locator(".error-summary").count() == 1
    check(coa, axe_source)  # the form with its errors
    today = local_today()
    coa.fill("#name", "Berhane Testbewoner")
    coa.fill("#asylum_application_date", (today - timedelta(days=200)).isoformat())
    coa.fill("#asylum_registration_date", (today - timedelta(days=230)).isoformat())
    coa.fill("#available_from", today.isoformat())
    coa.fill("#hours_per_week", "28")
    coa.fill("#languages", "ti:C2, nl:A2")
    coa.fill("#consent_on", today.isoformat())
    coa.check("#consent")
    coa.click("button[type=submit]:has-text('Doorverwijzen')")
    coa.wait_for_load_state()
    flash = coa.locator("main").inner_text()
    assert "De bewoner is doorverwezen" in flash
    ref = flash.split("(verwijzing ")[1].split(")")[0]
    assert coa.locator("tr", has_text=ref).locator("text=verstuurd").count() == 1
    check(coa, axe_source)

    mm = page_as("matchmaker")
    mm.goto(live_server.url("coa.inbox"))
    check(mm, axe_source)
    mm.click(f"a:has-text('{ref}')")
    assert "Berhane Testbewoner" in mm.locator("main").inner_text()
    check(mm, axe_source)
    mm.fill("#summary", "Werkte als kok in een hotel.")
    mm.click("button[type=submit]:has-text('Profiel maken')")
    mm.wait_for_load_state()
    assert "/kandidaten/" in mm.url
    assert "is gemaakt" in mm.locator("main").inner_text()

    coa.goto(live_server.url("coa.dashboard"))
    row = coa.locator("tr", has_text=ref)
    assert row.locator("text=intake gedaan").count() == 1
    assert "Berhane" not in coa.locator("main").inner_text()


def test_planned_transfer_of_a_working_person_with_statement(
    page_as, live_server: LiveServer, axe_source: str
) -> None:
    profile_id = _profile_id(live_server, WORKING_REF)
    mm = page_as("matchmaker")
    mm.goto(live_server.url("permits.person", profile_id=profile_id))
    check(mm, axe_source)
    mm.check("input[name=kind][value=transfer_planned]")
    mm.fill("#occurred_on", (local_today() + timedelta(days=21)).isoformat())
    mm.click("button[type=submit]:has-text('Vastleggen')")
    assert mm.locator(".error-summary").count() == 1  # the new centre is missing
    check(mm, axe_source)
    mm.fill("#to_reception_centre", "azc Ter Apel")
    mm.fill("#to_pc4", "9561")
    mm.click("button[type=submit]:has-text('Vastleggen')")
    mm.wait_for_load_state()
    assert "nieuwe taken" in mm.locator("main").inner_text()
    check(mm, axe_source)

    mm.click("a:has-text('Werkgeversverklaring voor de verhuizing')")
    mm.wait_for_load_state()
    check(mm, axe_source)
    mm.click("button:has-text('De kandidaat geeft toestemming')")
    mm.wait_for_load_state()
    mm.click("button:has-text('Verklaring maken')")
    mm.wait_for_load_state()
    statement = mm.locator("#verklaring").inner_text()
    assert "Restaurant De Gouden Lepel" in statement
    check(mm, axe_source)
    mm.click("button:has-text('Verstuurd naar het COA')")
    mm.wait_for_load_state()
    mm.check("input[name=outcome][value=kept_job]")
    mm.click("button:has-text('Uitkomst opslaan')")
    mm.wait_for_load_state()
    assert "werk behouden" in mm.locator("main").inner_text()
    check(mm, axe_source)

    from portal.models import Notification, User

    with live_server.app.app_context():
        employer = db.session.scalar(
            select(User).where(User.email == "werkgever@degoudenlepel.nl")
        )
        kinds = set(
            db.session.scalars(
                select(Notification.kind).where(Notification.user_id == employer.id)
            )
        )
        db.session.remove()
    assert "transfer_planned_employer" in kinds
