"""Every menu page at 320 px (a small phone) and at desktop width: axe-core passes, the
main navigation sits inside the content column, and nothing is wider than the screen.

The pages are each role's start page and every page of its main menu (plus the glossary
and the public pages), so the check covers the layouts of the areas without a full crawl.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import (
    ROLES,
    LiveServer,
    axe_violations,
    describe_violations,
    open_page,
)
from tests.browser.crawler import start_urls

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 320, "desktop": 1280}

_GEOMETRY = """() => {
  const box = el => el.getBoundingClientRect();
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const column = {
    left: box(main).left + parseFloat(style.paddingLeft),
    right: box(main).right - parseFloat(style.paddingRight),
  };
  const nav = document.querySelector('.main-nav ul');
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('table, pre, img, form, .cards')]
    .filter(el => box(el).width > 0 && box(el).right > width + 1)
    .map(el => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} right=${Math.round(box(el).right)}`);
  return {
    column,
    nav: nav ? {left: box(nav).left, right: box(nav).right} : null,
    scrollWidth: document.documentElement.scrollWidth,
    width,
    wide,
    menu: [...document.querySelectorAll('.main-nav a')].map(a => a.href),
  };
}"""


def layout_problems(url: str, facts: dict[str, Any]) -> list[str]:
    problems = []
    nav, column = facts["nav"], facts["column"]
    if nav and (nav["left"] < column["left"] - 1 or nav["right"] > column["right"] + 1):
        problems.append(
            f"{url}: main navigation {nav} is outside the content column {column}"
        )
    if facts["scrollWidth"] > facts["width"] + 1:
        problems.append(
            f"{url}: page is {facts['scrollWidth']} px wide on a {facts['width']} px screen"
        )
    problems += [f"{url}: wider than the screen: {w}" for w in facts["wide"]]
    return problems


def _pages(live_server: LiveServer, role: str, page: Any) -> list[str]:
    urls = list(start_urls(live_server, role))
    open_page(page, urls[0])
    urls += page.evaluate(_GEOMETRY)["menu"]
    if role in {"matchmaker", "admin"} and live_server.has_endpoint("glossary.index"):
        urls.append(live_server.url("glossary.index", alle=1))
    if role == "anonymous":
        for endpoint in ("public.privacy", "public.accessibility", "docs.formats"):
            if live_server.has_endpoint(endpoint):
                urls.append(live_server.url(endpoint))
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_menu_pages_fit_and_pass_axe(
    role: str,
    width: str,
    page_as: Callable[[str], Any],
    live_server: LiveServer,
    axe_source: str,
) -> None:
    page = page_as(role)
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    problems: list[str] = []
    pages = _pages(live_server, role, page)
    for url in pages:
        response = open_page(page, url)
        if response is None:
            continue
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        problems += layout_problems(url, page.evaluate(_GEOMETRY))
        problems += describe_violations(url, axe_violations(page, axe_source))
    assert len(pages) >= 2
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_navigation_outside_the_column() -> None:
    facts = {
        "nav": {"left": 0, "right": 300},
        "column": {"left": 16, "right": 304},
        "scrollWidth": 400,
        "width": 320,
        "wide": ["table right=400"],
    }
    problems = layout_problems("/x", facts)
    assert len(problems) == 3
