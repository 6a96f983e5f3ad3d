"""Layout at 320 px (a small phone) and at desktop width.

The checks themselves live in the crawler (``tests/browser/crawler.py``), which runs them
with axe-core on every page every role reaches, at both widths
(``test_crawl_accessibility.py``). Here: the checks catch what they must, and the
candidate sub-navigation shows no list bullets at either width.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, open_page
from tests.browser.crawler import HEIGHT, WIDTHS, check_at_widths, layout_problems

pytestmark = pytest.mark.browser

GOOD_FACTS = {
    "nav": {"left": 16, "right": 304},
    "column": {"left": 16, "right": 304},
    "scrollWidth": 320,
    "width": 320,
    "wide": [],
    "bullets": [],
    "tables": [],
}


def test_the_check_sees_a_navigation_outside_the_column() -> None:
    facts = {
        **GOOD_FACTS,
        "nav": {"left": 0, "right": 300},
        "scrollWidth": 400,
        "wide": ["table right=400"],
    }
    problems = layout_problems(facts)
    assert len(problems) == 3
    assert layout_problems(GOOD_FACTS) == []


def test_the_check_sees_bullets_and_a_stacked_table_without_roles() -> None:
    facts = {
        **GOOD_FACTS,
        "bullets": ['nav.profile-nav: "Profiel"'],
        "tables": ['table "Kandidaten": role=table, data-label on every body cell'],
    }
    assert layout_problems(facts) == [
        'navigation list shows bullets: nav.profile-nav: "Profiel"',
        'stacked table lost its semantics: table "Kandidaten": role=table, '
        "data-label on every body cell",
    ]


BROKEN_LAYOUT = """<!doctype html><html lang="nl"><head><title>x</title><style>
body { margin: 0 } .wide { width: 600px }
@media (max-width: 47.99em) { table, tr, td, th, thead, tbody { display: block } }
</style></head><body><main><h1>Titel</h1>
<nav aria-label="Onderdelen"><ul><li><a href="#a">Profiel</a></li></ul></nav>
<div class="wide">breed</div>
<table><thead><tr><th>Naam</th></tr></thead><tbody><tr><td>Ada</td></tr></tbody></table>
</main></body></html>"""


def test_the_crawl_checks_catch_a_broken_layout_at_the_width_it_breaks(
    chromium: Any, axe_source: str
) -> None:
    page = chromium.new_page(bypass_csp=True)
    try:
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})
        page.set_content(BROKEN_LAYOUT)
        problems = "\n".join(check_at_widths(page, axe_source))
        ends_at = page.viewport_size["width"]
    finally:
        page.close()
    assert 'navigation list shows bullets: nav: "Profiel" (at 320 px and 1280 px)' in (
        problems
    )
    # Only the phone is narrower than the 600 px block, and only it stacks the table.
    assert "wider than the screen: div.wide right=600 (at 320 px)" in problems
    assert "stacked table lost its semantics" in problems
    assert "role=cell on every cell, a header role on every th" in problems
    assert "data-label on every body cell (at 320 px)" in problems
    assert ends_at == WIDTHS["phone"]  # the next page starts here: one resize a page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_candidate_sub_navigation_has_no_bullets(
    width: str, page_as: Callable[[str], Any], live_server: LiveServer
) -> None:
    page = page_as("matchmaker")
    page.set_viewport_size({"width": WIDTHS[width], "height": HEIGHT})
    open_page(page, live_server.url("candidates.index"))
    page.locator("main table a[href*='/kandidaten/']").first.click()
    page.wait_for_load_state()
    styles = page.eval_on_selector_all(
        ".profile-nav li",
        """items => items.map(li => [getComputedStyle(li).listStyleType,
                                     getComputedStyle(li, '::marker').content])""",
    )
    assert len(styles) >= 5, page.url
    assert all(kind == "none" for kind, _marker in styles), styles
