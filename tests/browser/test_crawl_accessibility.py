"""Every page a role can reach by following links passes axe-core's WCAG 2.1 A/AA rules
and the layout checks, on a 320 px phone and at 1280 px desktop width.

The crawl (tests/browser/crawler.py) starts at the role's start page and checks each page
at both widths (one load, one resize); all problems of one role are collected and reported
together, so one run shows them all. Besides axe, every page must have one h1 and no
skipped heading levels, ``<html lang>``, one main landmark and the skip link; at both
widths the main navigation sits inside the content column, nothing is wider than the
screen, navigation lists show no bullets and stacked tables keep their roles and column
names; and no page may answer with an error status (a 500 is explained from the log).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.conftest import ROLES
from tests.browser.crawler import CrawlResult, pattern_limit, url_pattern

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_is_accessible(
    role: str, crawl: Callable[[str], CrawlResult]
) -> None:
    result = crawl(role)

    visited = "\n".join(f"  {url}" for url in result.visited)
    print(f"Visited as {role}:\n{visited}")  # shown by pytest -rP
    report = result.report()
    assert result.logged_out_at is None, (
        f"the crawler was logged out: {result.logged_out_at}\n{report}"
    )
    assert len(result.visited) >= 2, f"the crawl found almost no pages: {visited}"
    assert not result.findings, (
        f"{len(result.findings)} problems on the {len(result.visited)} pages "
        f"visited as {role}:\n{report}\nPages visited:\n{visited}"
    )


def test_url_pattern_groups_pages_of_one_kind() -> None:
    assert url_pattern("http://h/vacatures/12") == url_pattern("http://h/vacatures/7")
    assert url_pattern("http://h/twv/WB-7Q4K") == "/twv/{ref}"
    assert url_pattern("http://h/lijst?page=2&status=open") == "/lijst?page&status"
    assert url_pattern("http://h/vacatures/nieuw") == "/vacatures/nieuw"
    assert url_pattern("http://h/agenda/aB3_x9Yk2LmN0pQrStUv") == "/agenda/{token}"
    assert (
        url_pattern("http://h/werkvergunning-aanvragen") == "/werkvergunning-aanvragen"
    )


def test_pages_below_a_detail_page_are_visited_once() -> None:
    assert pattern_limit("/vacatures/{n}") == 2
    assert pattern_limit("/vacatures/") == 2
    assert pattern_limit("/kandidaten/{n}/status") == 1
    assert pattern_limit("/matches/vacature/{n}/kandidaat/{n}/afwijzen?next") == 1


def test_report_names_each_problem_once_with_its_pages() -> None:
    result = CrawlResult(
        findings=[("axe label", "/a"), ("axe label", "/b"), ("HTTP 500", "/c")]
    )
    report = result.report()
    assert report.count("axe label") == 1
    assert "on /a, /b" in report
    assert "HTTP 500\n      on /c" in report
