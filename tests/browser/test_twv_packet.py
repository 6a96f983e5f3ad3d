"""A confirmed hire to a printed TWV packet (employer), and an intermediary at work.

The demo's De Gouden Lepel has a confirmed hire (WB-TVP5) whose person consented to the
TWV packet, and delegated its TWV cases to TWV Servicepunt Amstel. The employer logs in
with an account of its own (the crawler keeps the demo employer's login), opens the case,
the packet, prints it to PDF; the bureau logs in, works a step of the delegated case and
is refused (404) on a case of an employer that did not delegate. axe-core runs on every
page, also in print media.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portal.demo.accounts import DEMO_PASSWORD, INTERMEDIARIES
from portal.demo.intermediaries import PACKET_REF
from portal.demo.twv import LEPEL
from portal.extensions import db
from tests.browser.conftest import (
    LiveServer,
    assert_accessible,
    log_in,
)

pytestmark = pytest.mark.browser

EMPLOYER_ACCOUNT = "twv-browser@degoudenlepel.nl"
BUREAU_ACCOUNT = INTERMEDIARIES[0][0]
NOT_DELEGATED_REF = "WB-TVJ2"  # Schipholside Logistics: no delegation


def case_id(live_server: LiveServer, ref: str) -> int:
    from portal.models import CandidateProfile, TwvCase

    with live_server.app.app_context():
        found = db.session.scalar(
            select(TwvCase.id)
            .join(TwvCase.candidate)
            .where(CandidateProfile.ref == ref)
        )
        db.session.remove()
    assert found is not None, f"demo case {ref} is missing"
    return found


def add_employer_account(live_server: LiveServer) -> None:
    """A second account of De Gouden Lepel, so the crawler's login stays valid."""
    from portal.models import Employer, Role
    from portal.services.accounts import users as accounts

    with live_server.app.app_context():
        if accounts.find_user_by_email(EMPLOYER_ACCOUNT) is None:
            employer = db.session.scalar(
                select(Employer).where(Employer.kvk_number == LEPEL)
            )
            accounts.create_user(
                email=EMPLOYER_ACCOUNT,
                name="Browser Test",
                password=DEMO_PASSWORD,
                role=Role.EMPLOYER,
                by=None,
                employer=employer,
            )
            db.session.commit()
        db.session.remove()


def test_employer_walks_a_confirmed_hire_to_a_printed_packet(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    add_employer_account(live_server)
    page = new_context().new_page()
    log_in(page, live_server, EMPLOYER_ACCOUNT)
    page.goto(live_server.url("twv.index"))
    page.get_by_role("link", name=f"Werkvergunning {PACKET_REF}").click()
    page.wait_for_load_state()
    assert page.url == live_server.url(
        "twv.case", case_id=case_id(live_server, PACKET_REF)
    )
    page.get_by_role("link", name="Gegevens voor de aanvraag (TWV-pakket)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/aanvraaggegevens")
    main = page.locator("main")
    text = main.inner_text()
    assert "Samira Osman" in text
    assert "2094417731" in text
    assert "(demo)" not in text  # the nationality stays in the vault
    headings = main.locator("h2").all_inner_texts()
    assert headings[:3] == [
        "1. Gegevens werkgever (aanvrager)",
        "2. Gegevens werknemer",
        "3. Gegevens over het werk",
    ]
    assert "Bijlagen" in headings
    assert "Controleer voor het indienen" in headings
    assert_accessible(page, axe_source)

    page.emulate_media(media="print")
    assert page.locator(".main-nav").is_hidden()
    assert page.locator("#print-button").is_hidden()
    assert_accessible(page, axe_source)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")


def test_an_intermediary_works_a_delegated_case_and_is_refused_on_another(
    new_context: Any, live_server: LiveServer, axe_source: str
) -> None:
    page = new_context().new_page()
    log_in(page, live_server, BUREAU_ACCOUNT)
    assert page.url == live_server.url("intermediary.dashboard")
    assert "Restaurant De Gouden Lepel" in page.locator("main").inner_text()
    assert_accessible(page, axe_source)

    page.get_by_role("link", name="Naar de werkvergunningen").click()
    page.wait_for_load_state()
    assert_accessible(page, axe_source)
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    assert "Schipholside" not in page.locator("main").inner_text()

    page.get_by_role("link", name=f"Werkvergunning {PACKET_REF}").click()
    page.wait_for_load_state()
    assert_accessible(page, axe_source)
    step = page.locator("#stap-draft_contract")
    step.locator("button[value=done]").click()
    page.wait_for_load_state()
    assert "De stap is opgeslagen." in page.locator(".flashes").inner_text()
    assert_accessible(page, axe_source)

    page.get_by_role("link", name="Gegevens voor de aanvraag (TWV-pakket)").click()
    page.wait_for_load_state()
    assert "Samira Osman" in page.locator("main").inner_text()
    assert_accessible(page, axe_source)

    other = case_id(live_server, NOT_DELEGATED_REF)
    response = page.goto(live_server.url("twv.case", case_id=other))
    assert response is not None
    assert response.status == 404
    assert_accessible(page, axe_source)
    response = page.goto(live_server.url("candidates.index"))
    assert response is not None
    assert response.status == 403
