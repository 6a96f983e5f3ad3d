"""The crawler: breadth-first over same-origin links, axe-core and the page checks on each.

GET only: links, and search forms (method GET) sent with their default values; never a
POST form. Pages of one kind (same route, other ids) are visited twice at most, so new
pages of other areas are picked up without the run growing with the demo data.

Every page is loaded once and checked at two widths, a 320 px phone and a 1280 px
desktop, by resizing the window (the next page starts at the width the last one ended
on, so each page costs one resize): axe-core at both, and the layout checks
(:data:`LAYOUT_FACTS`, :func:`layout_problems`) at both: the main navigation inside the
content column, nothing wider than the screen, sub-navigation lists without bullets, and
tables that changed their display keeping their roles and column names.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from tests.browser.conftest import (
    LiveServer,
    axe_violations,
    open_page,
    structure_messages,
    violation_messages,
)

MAX_PAGES_PER_ROLE = 120
#: The widths every page is checked at (px); the height is the same for both.
WIDTHS = {"phone": 320, "desktop": 1280}
HEIGHT = 900
#: Two lists or detail pages of a kind (``/vacatures/{n}``), but one of each page below a
#: detail page (``/kandidaten/{n}/status``): the second would repeat the same template.
MAX_PER_PATTERN = 2
MAX_PER_SUBPAGE_PATTERN = 1
#: Not pages: the language switch is tested on its own, the rest are not HTML.
SKIP_ENDPOINTS = {"static", "public.set_language", "public.healthz"}
FILE_SUFFIXES = (".ics", ".csv", ".pdf", ".json", ".jsonl", ".zip", ".xlsx", ".txt")

_REF = re.compile(r"[A-Z]{2,3}-[A-Z0-9]{4,}")
_TOKEN = re.compile(r"(?=.*[0-9A-Z_])[A-Za-z0-9_-]{16,}")
_NUMBER = re.compile(r"\d+")


def _segment_pattern(segment: str) -> str:
    if _REF.fullmatch(segment):
        return "{ref}"
    if _TOKEN.fullmatch(segment):
        return "{token}"
    return _NUMBER.sub("{n}", segment)


def url_pattern(url: str) -> str:
    """The kind of page: ids, references and tokens replaced, query values dropped."""
    parts = urlsplit(url)
    path = "/".join(_segment_pattern(s) for s in parts.path.split("/"))
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def pattern_limit(pattern: str) -> int:
    path = pattern.split("?")[0].rstrip("/")
    below_placeholder = "}/" in path
    return MAX_PER_SUBPAGE_PATTERN if below_placeholder else MAX_PER_PATTERN


def start_urls(live_server: LiveServer, role: str) -> list[str]:
    home = live_server.url("public.home")
    if role == "anonymous":
        return [home]
    return [live_server.url(f"{role}.dashboard"), home]


#: Index of the first POST form in main with a required field the user fills in, or -1.
FIRST_REQUIRED_FORM = """() => {
  const forms = [...document.querySelectorAll('main form')];
  return forms.findIndex(f =>
    (f.getAttribute('method') || 'get').toLowerCase() === 'post' &&
    [...f.elements].some(el => el.required && el.type !== 'hidden'));
}"""


#: Search and filter forms (GET) sent as they are: their result pages are pages too.
GET_FORM_URLS = """() => [...document.querySelectorAll('main form')]
  .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
  .map(f => {
    const url = new URL(f.action || location.href);
    url.search = new URLSearchParams(new FormData(f)).toString();
    return url.href;
  })"""


#: What the layout checks need to know about the page as laid out now.
LAYOUT_FACTS = """() => {
  const box = el => el.getBoundingClientRect();
  const name = el => el.tagName.toLowerCase() +
    (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const main = document.querySelector('main');
  const style = main ? getComputedStyle(main) : null;
  const column = main ? {
    left: box(main).left + parseFloat(style.paddingLeft),
    right: box(main).right - parseFloat(style.paddingRight),
  } : null;
  const nav = document.querySelector('.main-nav ul');
  const width = document.documentElement.clientWidth;
  // Elements wider than the screen, unless a scrolling box inside the page holds them.
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => { const b = box(el); return b.width > 0 && b.right > width + 1; })
    .filter(el => !scrolls(el))
    .slice(0, 5)
    .map(el => `${name(el)} right=${Math.round(box(el).right)}`);
  // List items of a navigation's unordered list that still show a bullet.
  const bullets = [...document.querySelectorAll('nav ul > li')]
    .filter(li => getComputedStyle(li).display === 'list-item' &&
                  getComputedStyle(li).listStyleType !== 'none')
    .map(li => `${name(li.closest('nav'))}: "${li.textContent.trim().slice(0, 30)}"`);
  // Tables whose display was changed (stacked rows): roles and column names needed.
  const tables = [];
  for (const table of document.querySelectorAll('table')) {
    if (getComputedStyle(table).display === 'table') continue;
    const missing = [];
    if (table.getAttribute('role') !== 'table') missing.push('role=table');
    if ([...table.querySelectorAll('tr')].some(r => r.getAttribute('role') !== 'row'))
      missing.push('role=row on every row');
    if ([...table.querySelectorAll('td')].some(c => c.getAttribute('role') !== 'cell'))
      missing.push('role=cell on every cell');
    if ([...table.querySelectorAll('th')].some(c =>
        !['columnheader', 'rowheader'].includes(c.getAttribute('role'))))
      missing.push('a header role on every th');
    const named = table.querySelector('thead th');
    if (named && [...table.querySelectorAll('tbody td')].some(c =>
        !(c.getAttribute('data-label') || '').trim() && c.textContent.trim()))
      missing.push('data-label on every body cell');
    if (missing.length) tables.push(`${name(table)} "${(table.querySelector('caption') || table).textContent.trim().slice(0, 30)}": ${missing.join(', ')}`);
  }
  return {
    column,
    nav: nav ? {left: box(nav).left, right: box(nav).right} : null,
    scrollWidth: document.documentElement.scrollWidth,
    width,
    wide,
    bullets,
    tables,
  };
}"""


def layout_problems(facts: dict[str, Any]) -> list[str]:
    """What is wrong with the layout: one line per problem (the page is added by the caller)."""
    problems = []
    nav, column = facts["nav"], facts["column"]
    if (
        nav
        and column
        and (nav["left"] < column["left"] - 1 or nav["right"] > column["right"] + 1)
    ):
        problems.append(
            "main navigation is outside the content column "
            f"(nav {round(nav['left'])}–{round(nav['right'])}, "
            f"column {round(column['left'])}–{round(column['right'])})"
        )
    if facts["scrollWidth"] > facts["width"] + 1:
        problems.append(
            f"page is {facts['scrollWidth']} px wide on a {facts['width']} px screen"
        )
    problems += [f"wider than the screen: {w}" for w in facts["wide"]]
    problems += [
        f"navigation list shows bullets: {b}" for b in facts.get("bullets", [])
    ]
    problems += [
        f"stacked table lost its semantics: {t}" for t in facts.get("tables", [])
    ]
    return problems


def check_at_widths(page: Any, axe_source: str) -> list[str]:
    """axe-core and the layout checks at both widths, one resize per page.

    Starts at the width the window has now and ends on the other one. A problem found
    at both widths is reported once, naming both.
    """
    current = page.viewport_size or {"width": WIDTHS["desktop"]}
    order = sorted(WIDTHS.values(), key=lambda w: w != current["width"])
    found: dict[str, list[int]] = {}
    for i, width in enumerate(order):
        if i or current["width"] != width:
            page.set_viewport_size({"width": width, "height": HEIGHT})
        messages = violation_messages(axe_violations(page, axe_source))
        messages += layout_problems(page.evaluate(LAYOUT_FACTS))
        for message in dict.fromkeys(messages):
            found.setdefault(message, []).append(width)
    return [
        f"{message} (at {' and '.join(f'{w} px' for w in sorted(widths))})"
        for message, widths in found.items()
    ]


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    #: (what is wrong, where): the same problem on many pages is reported once.
    findings: list[tuple[str, str]] = field(default_factory=list)
    #: (url, endpoint) of pages with a form that has required fields, for test_forms.
    form_pages: list[tuple[str, str]] = field(default_factory=list)
    logged_out_at: str | None = None

    @property
    def problems(self) -> list[str]:
        return [f"{where}: {what}" for what, where in self.findings]

    def report(self, max_places: int = 4) -> str:
        """Each distinct problem once, with the pages it was found on."""
        places: dict[str, list[str]] = {}
        for what, where in self.findings:
            places.setdefault(what, []).append(where)
        lines = []
        for what, wheres in places.items():
            more = (
                f" (and {len(wheres) - max_places} more)"
                if len(wheres) > max_places
                else ""
            )
            lines.append(f"  - {what}\n      on {', '.join(wheres[:max_places])}{more}")
        return "\n".join(lines)


class Crawler:
    def __init__(self, live_server: LiveServer, page: Any, axe_source: str) -> None:
        self.server = live_server
        self.page = page
        self.axe_source = axe_source
        self.origin = urlsplit(live_server.base_url).netloc
        self.queue: deque[tuple[str, str]] = deque()
        self.queued: set[str] = set()
        self.per_pattern: Counter[str] = Counter()
        self.login_path = urlsplit(live_server.url("auth.login")).path
        self.queue_origin = ""
        self.result = CrawlResult()
        self.visited = self.result.visited
        self.findings = self.result.findings
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})

    def enqueue(self, url: str, found_on: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.netloc != self.origin:
            return
        url = urlunsplit(parts._replace(fragment=""))
        if url in self.queued or parts.path.lower().endswith(FILE_SUFFIXES):
            return
        endpoint = self.server.endpoint_for(url)
        if endpoint in SKIP_ENDPOINTS:
            return
        if endpoint is None:
            self.findings.append((f"link to {url}, which no route serves", found_on))
            self.queued.add(url)
            return
        pattern = url_pattern(url)
        if self.per_pattern[pattern] >= pattern_limit(pattern):
            return
        self.per_pattern[pattern] += 1
        self.queued.add(url)
        self.queue.append((url, found_on))

    def visit(self, url: str, found_on: str) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = open_page(self.page, url)
        except PlaywrightError as error:
            self.findings.append((str(error), f"{url} (linked from {found_on})"))
            return
        if response is None:
            return
        final = self.page.url
        if final in self.visited:
            return  # a redirect to a page seen already (the start page → dashboard)
        self.visited.append(final)
        if response.status >= 400:
            self.findings.append(
                (
                    f"HTTP {response.status}{self.server.explain(response)}",
                    f"{final} (linked from {found_on})",
                )
            )
            if response.status >= 500:
                return
        if "text/html" not in response.headers.get("content-type", ""):
            return
        messages = structure_messages(self.page)
        messages += check_at_widths(self.page, self.axe_source)
        self.findings.extend((message, final) for message in messages)
        if self.page.evaluate(FIRST_REQUIRED_FORM) >= 0:
            endpoint = self.server.endpoint_for(final)
            self.result.form_pages.append((final, endpoint or "?"))
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href)"
        )
        hrefs += self.page.evaluate(GET_FORM_URLS)
        for href in hrefs:
            self.enqueue(href, final)

    def run(self, starts: list[str], *, logged_in: bool) -> CrawlResult:
        for url in starts:
            self.enqueue(url, "(start)")
        while self.queue and len(self.visited) < MAX_PAGES_PER_ROLE:
            url, found_on = self.queue.popleft()
            self.queue_origin = url
            self.visit(url, found_on)
            if logged_in and urlsplit(self.page.url).path == self.login_path:
                self.result.logged_out_at = f"{self.queue_origin} → {self.page.url}"
                break
        return self.result
