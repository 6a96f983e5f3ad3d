"""Oversight and transparency pages in a real browser with axe-core (demo data).

The proposals list with its warning and criteria, the approval rates on the Matches
page, the override form, the instructions for use, and the candidate notice in the
right-to-left languages.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Vacancy, VacancyStatus
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _published_vacancy(live_server: Any) -> int:
    with live_server.app.app_context():
        vacancy_id = db.session.scalar(
            select(Vacancy.id)
            .where(Vacancy.status == VacancyStatus.PUBLISHED)
            .order_by(Vacancy.ref)
        )
        db.session.remove()
    assert vacancy_id is not None
    return vacancy_id


def test_proposals_and_rates_are_accessible(
    page_as: Any, live_server: Any, axe_source: str
) -> None:
    page = page_as("matchmaker")
    page.goto(
        live_server.url(
            "matches.for_vacancy", vacancy_id=_published_vacancy(live_server)
        )
    )
    assert page.get_by_text("De volgorde is een hulpmiddel, geen oordeel.").count() >= 1
    assert page.locator(".criteria").count() >= 1
    assert_accessible(page, axe_source)
    page.goto(live_server.url("matches.index"))
    assert page.locator("#approval-rates").count() == 1
    assert page.get_by_text("Plaats in de lijst").count() == 1
    assert_accessible(page, axe_source)


def test_transparency_pages_are_accessible(
    page_as: Any, live_server: Any, axe_source: str
) -> None:
    page = page_as("matchmaker")
    page.goto(live_server.url("algorithm.instructions"))
    assert_accessible(page, axe_source)
    # The matchmaker's menu leads to the notices to print at intake.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Uitleg voor kandidaten"
    ).click()
    assert page.get_by_role("heading", name="Uitleg voor kandidaten").count() == 1
    assert page.get_by_role("link", name="Bekijken en afdrukken Arabisch").count() == 1
    assert_accessible(page, axe_source)
    for lang in ("ar", "fa", "ti"):
        page.goto(live_server.url("algorithm.notice", lang=lang))
        article = page.locator("article.notice")
        assert article.get_attribute("lang") == lang
        assert_accessible(page, axe_source)
    admin = page_as("admin")
    admin.goto(live_server.url("algorithm.notice_templates"))
    assert_accessible(admin, axe_source)
    admin.goto(live_server.url("settings.index"))
    assert admin.get_by_label(
        "Automatische voorstellen van kandidaten en vacatures staan aan"
    ).is_checked()
    assert_accessible(admin, axe_source)
