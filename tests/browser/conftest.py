"""Browser tests: Debian's Chromium, driven by Playwright, against the portal on a loopback port.

One live server per test session serves the demo data from a real database (a temporary
SQLite file, or a PostgreSQL database of its own when DATABASE_URL points to PostgreSQL),
with CSRF and two-factor login switched on as in production. Each role logs in once through
the real login form; later tests reuse that browser state.

Without Chromium or axe-core the tests are skipped locally, but fail under CI (``CI=true``):
a CI run that silently skipped the accessibility checks would prove nothing.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask, g, has_request_context, url_for
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from portal import create_app
from portal.extensions import db
from tests.conftest import (
    USE_POSTGRES,
    postgres_database,
    reset_postgres_database,
    test_config,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

#: Without the background-networking flags Chromium's own connections are refused on a
#: closed network and slow every start down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: The WCAG 2.1 A and AA rule sets; best practices are not part of the bar.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: One account per role for the crawl; other tests use other accounts of the same role,
#: because every login through the form renews the session token and would log the
#: crawler's stored state out.
ROLE_ACCOUNTS = {
    "employer": "werkgever@degoudenlepel.nl",
    "matchmaker": "matchmaker@werkplein-amstelveen.nl",
    "admin": "admin@werkplein-amstelveen.nl",
}
#: Logs in with the keyboard only (an employer: no second step).
KEYBOARD_ACCOUNT = "personeel@amstelbakkerij.nl"
#: Goes through the two-factor enrollment pages (a matchmaker without a secret).
ENROLLMENT_ACCOUNT = "matchmaker2@werkplein-amstelveen.nl"
#: Staff accounts that get a known authenticator secret before the tests start.
TOTP_SECRETS = {
    ROLE_ACCOUNTS["matchmaker"]: pyotp.random_base32(),
    ROLE_ACCOUNTS["admin"]: pyotp.random_base32(),
}
ROLES = ("anonymous", "employer", "matchmaker", "admin")


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where a missing browser must not pass unnoticed."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class Shared:
    """One resource per process, however many modules use the fixture that holds it.

    A test module outside tests/browser may import these fixtures by name; pytest then
    runs the fixture once more. A second Playwright cannot start in the same thread, and
    a second login of the same account would log the first one out, so every copy of the
    fixture hands out the same object; the last one to finish closes it.
    """

    def __init__(self) -> None:
        self.value: Any = None
        self.users = 0
        self.close: Callable[[], None] = lambda: None

    @contextmanager
    def use(self, start: Callable[[], tuple[Any, Callable[[], None]]]) -> Iterator[Any]:
        if self.users == 0:
            self.value, self.close = start()
        self.users += 1
        try:
            yield self.value
        finally:
            self.users -= 1
            if self.users == 0:
                close, self.value = self.close, None
                close()


_LIVE_SERVER = Shared()
_CHROMIUM = Shared()
_ROLE_LOGINS = Shared()
_CRAWLS = Shared()


class ServerErrors(logging.Handler):
    """Remembers the portal's unhandled errors by request id, to explain a 500 in a report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.by_request: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if not record.exc_info or not has_request_context():
            return
        _, error, tb = record.exc_info
        frames = [
            f
            for f in traceback.extract_tb(tb)
            if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename
        ]
        where = (
            f" at {Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}"
            if frames
            else ""
        )
        self.by_request[g.get("request_id", "-")] = (
            f"{type(error).__name__}: {error}{where}"
        )


@dataclass
class LiveServer:
    """The served portal: its base URL and the app object (for url_for and the URL map)."""

    app: Flask
    base_url: str
    _server: BaseWSGIServer = field(repr=False)
    errors: ServerErrors = field(default_factory=ServerErrors, repr=False)

    def explain(self, response: Any) -> str:
        """The server-side error behind a response (via its X-Request-ID), if any."""
        request_id = response.headers.get("x-request-id", "")
        error = self.errors.by_request.get(request_id)
        return f" — {error}" if error else ""

    def url(self, endpoint: str, **values: Any) -> str:
        """Absolute URL of an endpoint of the served app."""
        with self.app.test_request_context(base_url=self.base_url):
            return url_for(endpoint, _external=True, **values)

    def has_endpoint(self, endpoint: str) -> bool:
        return endpoint in self.app.view_functions

    def endpoint_for(self, url: str) -> str | None:
        """The endpoint a GET of this URL reaches, or None when no route matches."""
        parts = urlsplit(url)
        adapter = self.app.url_map.bind(parts.netloc)
        try:
            endpoint, _ = adapter.match(parts.path, method="GET")
        except Exception:  # NotFound, MethodNotAllowed, RequestRedirect: not a page
            return None
        return str(endpoint)


def _database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    if USE_POSTGRES:
        url = postgres_database("browser")
        reset_postgres_database(url)
        return url
    # A file, not :memory:, so the server's threads share one database.
    return f"sqlite:///{tmp_path_factory.mktemp('browser') / 'werkbrug.sqlite'}"


def _prepare_database(app: Flask) -> None:
    """Schema from the models (the migration test covers migrations), then the demo data."""
    from portal.demo import load_all
    from portal.services.accounts import users as accounts

    with app.app_context():
        db.create_all()
        load_all()
        for email, secret in TOTP_SECRETS.items():
            user = accounts.find_user_by_email(email)
            assert user is not None, f"demo account {email} is missing"
            user.totp_secret = secret
            user.totp_enabled_at = user.created_at
        db.session.commit()
        db.session.remove()


class QuietHandler(WSGIRequestHandler):
    """No access log line per request: a failing test's output stays readable."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _start_live_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[LiveServer, Callable[[], None]]:
    database_uri = _database_uri(tmp_path_factory)
    app = create_app(
        test_config(
            database_uri,
            WTF_CSRF_ENABLED=True,
            TWO_FACTOR_REQUIRED=True,
            PASSWORD_HASH="cheap",
            SERVER_NAME=None,
            PROPAGATE_EXCEPTIONS=False,
        )
    )
    _prepare_database(app)
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler
    )
    live = LiveServer(app, f"http://127.0.0.1:{server.server_port}", server)
    error_log = logging.getLogger("portal.views.errors")
    error_log.addHandler(live.errors)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def close() -> None:
        error_log.removeHandler(live.errors)
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

    return live, close


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with _LIVE_SERVER.use(lambda: _start_live_server(tmp_path_factory)) as live:
        yield live


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        unavailable(f"axe-core is missing ({AXE}); run `npm ci` or `make axe`")
    return str(AXE)


def _start_chromium() -> tuple[Any, Callable[[], None]]:
    if not CHROMIUM.exists():
        unavailable(f"Chromium is missing ({CHROMIUM}); run `make browser`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
    except Exception as error:  # Playwright's Error: the binary would not start
        manager.stop()
        unavailable(f"Chromium does not start: {error}")

    def close() -> None:
        browser.close()
        manager.stop()

    return browser, close


@pytest.fixture(scope="session")
def chromium(axe_source: str) -> Iterator[Any]:
    """One headless Chromium for the whole session (Playwright never downloads a browser)."""
    with _CHROMIUM.use(_start_chromium) as browser:
        yield browser


#: Generous: the machine may be busy with other test runs; a real hang still fails.
TIMEOUT_MS = 30_000


def open_context(
    chromium: Any, live_server: LiveServer, storage_state: Any = None
) -> Any:
    """A browser context on the live server.

    The portal's CSP forbids inline scripts, so the context bypasses CSP to let axe in;
    the portal's own pages never rely on that.
    """
    context = chromium.new_context(
        base_url=live_server.base_url,
        bypass_csp=True,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        storage_state=storage_state,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_context(chromium: Any, live_server: LiveServer) -> Iterator[Callable[..., Any]]:
    """``new_context(storage_state=None)``: a fresh browser context; all closed afterwards."""
    contexts: list[Any] = []

    def _new(storage_state: Any = None) -> Any:
        context = open_context(chromium, live_server, storage_state)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


# --- logging in through the real form ---------------------------------------------------


def current_code(secret: str, used: dict[str, int], email: str) -> str:
    """A TOTP code the server has not seen yet for this account (codes are single-use)."""
    totp = pyotp.TOTP(secret)
    step = int(time.time()) // totp.interval
    while used.get(email, -1) >= step:
        time.sleep(0.5)
        step = int(time.time()) // totp.interval
    used[email] = step
    return totp.at(step * totp.interval)


_USED_STEPS: dict[str, int] = {}


def submit_login_form(page: Any, email: str, password: str) -> None:
    page.get_by_label("E-mailadres", exact=True).fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.locator("main form").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def complete_two_factor(page: Any, live_server: LiveServer, email: str) -> bool:
    """Answer the code step when the portal asks for one; returns whether it asked."""
    if page.url.split("?")[0] != live_server.url("auth.two_factor"):
        return False
    secret = TOTP_SECRETS.get(email)
    assert secret, f"the portal asks {email} for a code, but the test has no secret"
    code = page.get_by_label("Code", exact=True)
    code.fill(current_code(secret, _USED_STEPS, email))
    code.press("Enter")
    page.wait_for_load_state()
    return True


def log_in(page: Any, live_server: LiveServer, email: str) -> bool:
    """Log in through the login form (and the code step); returns whether a code was asked."""
    from portal.demo.accounts import DEMO_PASSWORD

    page.goto(live_server.url("auth.login"))
    submit_login_form(page, email, DEMO_PASSWORD)
    asked = complete_two_factor(page, live_server, email)
    logout = page.locator("form.logout button")
    assert logout.count() == 1, (
        f"{email} is not logged in after the login form; now on {page.url}: "
        f"{page.locator('main').inner_text()[:500]}"
    )
    return asked


@dataclass
class RoleLogin:
    """The browser state after logging in as a role, and how that login went."""

    storage_state: Any
    landed_on: str
    code_asked: bool


def _log_in_every_role(
    chromium: Any, live_server: LiveServer
) -> tuple[dict[str, RoleLogin], Callable[[], None]]:
    logins: dict[str, RoleLogin] = {}
    for role, email in ROLE_ACCOUNTS.items():
        context = open_context(chromium, live_server)
        try:
            page = context.new_page()
            asked = log_in(page, live_server, email)
            logins[role] = RoleLogin(context.storage_state(), page.url, asked)
        finally:
            context.close()
    return logins, lambda: None


@pytest.fixture(scope="session")
def role_logins(
    chromium: Any, live_server: LiveServer
) -> Iterator[dict[str, RoleLogin]]:
    """One real login per role (form, plus the code step for staff), kept for later tests."""
    with _ROLE_LOGINS.use(lambda: _log_in_every_role(chromium, live_server)) as logins:
        yield logins


@pytest.fixture
def page_as(
    new_context: Callable[..., Any], role_logins: dict[str, RoleLogin]
) -> Callable[[str], Any]:
    """``page_as(role)``: a new page in a fresh context logged in as that role."""

    def _page(role: str) -> Any:
        state = None if role == "anonymous" else role_logins[role].storage_state
        return new_context(storage_state=state).new_page()

    return _page


def open_page(page: Any, url: str) -> Any:
    """``page.goto`` that answers None for a file download instead of raising."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.goto(url, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


@pytest.fixture(scope="session")
def crawl(
    chromium: Any,
    live_server: LiveServer,
    role_logins: dict[str, RoleLogin],
    axe_source: str,
) -> Iterator[Callable[[str], Any]]:
    """``crawl(role)``: the crawl of that role's pages, made once per session and shared."""
    from tests.browser.crawler import Crawler, start_urls

    def _crawl(results: dict[str, Any], role: str) -> Any:
        if role not in results:
            state = None if role == "anonymous" else role_logins[role].storage_state
            context = open_context(chromium, live_server, state)
            try:
                crawler = Crawler(live_server, context.new_page(), axe_source)
                results[role] = crawler.run(
                    start_urls(live_server, role), logged_in=role != "anonymous"
                )
            finally:
                context.close()
        return results[role]

    with _CRAWLS.use(lambda: ({}, lambda: None)) as results:
        yield lambda role: _crawl(results, role)


# --- axe-core and the page checks --------------------------------------------------------

#: resultTypes: only violations carry all their nodes (halves the time on long pages).
_AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  })
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")),
  })))"""


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=axe_source)
    return list(page.evaluate(_AXE_RUN, AXE_TAGS))


def violation_messages(violations: list[dict[str, Any]]) -> list[str]:
    """One line per axe rule: id, impact, help and the selectors of the failing elements."""
    lines = []
    for v in violations:
        targets = ", ".join(v["nodes"][:6]) + (" …" if len(v["nodes"]) > 6 else "")
        lines.append(f"axe {v['id']} ({v['impact']}): {v['help']} — {targets}")
    return lines


def describe_violations(url: str, violations: list[dict[str, Any]]) -> list[str]:
    return [f"{url}: {line}" for line in violation_messages(violations)]


_PAGE_FACTS = """() => {
  const shown = el => !el.closest('[hidden]');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
  const skipped = [];
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (level > previous + 1) skipped.push(`h${previous || '-'} → h${level} "${h.textContent.trim().slice(0, 40)}"`);
    previous = level;
  }
  const skip = document.querySelector('a.skip-link');
  const target = skip && document.getElementById((skip.getAttribute('href') || '').slice(1));
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    h1: headings.filter(h => h.tagName === 'H1').length,
    mains: document.querySelectorAll('main').length,
    skipLink: Boolean(skip && target && target.tagName === 'MAIN'),
    skippedHeadings: skipped,
  };
}"""


def structure_messages(page: Any) -> list[str]:
    """The checks axe does not make: one h1, no skipped levels, lang, main, skip link."""
    facts = page.evaluate(_PAGE_FACTS)
    problems = []
    if facts["h1"] != 1:
        problems.append(f"{facts['h1']} h1 headings instead of exactly one")
    problems.extend(
        f"skipped heading level {jump}" for jump in facts["skippedHeadings"]
    )
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", facts["lang"]):
        problems.append(f"<html lang> is {facts['lang']!r}")
    if facts["mains"] != 1:
        problems.append(f"{facts['mains']} main landmarks instead of one")
    if not facts["skipLink"]:
        problems.append("no skip link to the main landmark")
    return problems


def page_structure_problems(page: Any, url: str) -> list[str]:
    return [f"{url}: {message}" for message in structure_messages(page)]


def assert_accessible(page: Any, axe_source: str) -> None:
    """axe-core and the page-structure checks find nothing on the page as it is now."""
    problems = describe_violations(page.url, axe_violations(page, axe_source))
    problems += page_structure_problems(page, page.url)
    assert not problems, "\n".join(problems)
