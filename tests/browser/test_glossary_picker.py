"""A glossary label is what the skill picker offers: typed Dutch words find it, in Dutch.

The demo data (loaded into the live server's database) gives "identify nutritional
properties of food", which ESCO has only in English, the Dutch name "voedingswaarde van
voedsel bepalen" with the search word "calorieën".
"""

from __future__ import annotations

from typing import Any

import pytest

from portal.demo.console import GLOSSARY
from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.test_vacancies_pages import tab_to
from tests.fixtures.vacancies import KOK_URI

pytestmark = pytest.mark.browser

URI = "http://data.europa.eu/esco/skill/2846ad39-6535-48cf-a4c4-64f0ae9066c1"


@pytest.mark.parametrize("query", ["calorieën", "voedingswaarde van"])
def test_the_skill_picker_offers_the_glossary_label(
    query: str, page_as: Any, live_server: Any, axe_source: str
) -> None:
    label = GLOSSARY[URI][0]
    page = page_as("employer")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url("vacancies.new", beroep=KOK_URI))
    tab_to(page, "input[name=skill_q][role=combobox]")
    page.keyboard.type(query, delay=30)
    page.wait_for_selector("[role=listbox] [role=option]")
    options = page.locator("[role=listbox] [role=option]")
    texts = options.all_inner_texts()
    matching = [i for i, t in enumerate(texts) if t.startswith(label)]
    assert matching, texts
    option = options.nth(matching[0])
    # The Dutch name leads, unmarked; ESCO's English label follows, marked lang="en".
    assert option.locator("span").first.inner_text() == label
    assert option.locator("span").first.get_attribute("lang") is None
    assert option.locator("[lang=en]").first.inner_text() == (
        "identify nutritional properties of food"
    )
    assert not describe_violations(page.url, axe_violations(page, axe_source))
