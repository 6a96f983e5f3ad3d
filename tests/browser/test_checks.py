"""The checks themselves: a broken page must be caught, or a green crawl proves nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, page_structure_problems

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html><head><title>x</title></head><body>
<h1>Eerste</h1><h1>Tweede</h1><h4>Te diep</h4>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text"></body></html>"""

GOOD_PAGE = """<!doctype html><html lang="nl"><head><title>Goed</title></head><body>
<a class="skip-link" href="#inhoud">Naar de inhoud</a>
<main id="inhoud"><h1>Titel</h1><h2>Deel</h2>
<label for="naam">Naam</label><input id="naam" type="text"></main></body></html>"""


def test_axe_and_structure_checks_catch_a_broken_page(
    chromium: Any, axe_source: str
) -> None:
    page = chromium.new_page(bypass_csp=True)
    try:
        page.set_content(BROKEN_PAGE)
        rules = {v["id"] for v in axe_violations(page, axe_source)}
        problems = "\n".join(page_structure_problems(page, "test"))
    finally:
        page.close()

    assert {"image-alt", "label", "html-has-lang"} <= rules
    assert "2 h1 headings" in problems
    assert "h1 → h4" in problems
    assert "<html lang> is ''" in problems
    assert "0 main landmarks" in problems
    assert "no skip link" in problems


def test_checks_pass_a_good_page(chromium: Any, axe_source: str) -> None:
    page = chromium.new_page(bypass_csp=True)
    try:
        page.set_content(GOOD_PAGE)
        assert axe_violations(page, axe_source) == []
        assert page_structure_problems(page, "test") == []
    finally:
        page.close()
