"""Language selection, Dutch formatting filters and the translation catalogues.

Dutch is the source language: every msgid is Dutch, and each area keeps its English
translations in its own catalogue under ``translations/<area>/``, merged at run time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_timezone, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def translation_directories() -> str:
    """All per-area catalogue folders, in Flask-Babel's ``;``-separated form."""
    folders = (
        sorted(str(p) for p in TRANSLATIONS.iterdir() if p.is_dir())
        if TRANSLATIONS.exists()
        else []
    )
    return ";".join(folders)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # cron jobs and mail: the default, or force_locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if (
        current_user
        and current_user.is_authenticated
        and current_user.language in languages
    ):
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def compile_translations() -> list[Path]:
    """Compile every ``messages.po`` whose ``.mo`` is missing or older; returns what it wrote."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in TRANSLATIONS.glob("*/*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


#: One way to write a date in every language: "4 december 2026" / "4 December 2026",
#: with the time as "4 december 2026, 19:15" (Europe/Amsterdam). Templates never format
#: dates themselves; they use the ``date`` filter.
DATE_PATTERN = "d MMMM y"
DATETIME_PATTERN = "d MMMM y, HH:mm"


def nl_date(value: date | datetime | None, style: str = "long") -> str:
    """A date (or date and time) in the page language; ``style`` is kept for callers."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return _format_moment(value, _locale_name(), get_timezone())
    return _format_day(value, _locale_name())


def _locale_name() -> str:
    return str(get_locale() or "nl")


# Lists show dozens of dates, amounts and numbers; each is formatted once per process and
# language (the same result as Flask-Babel's format_* functions, without their look-ups).
@lru_cache(maxsize=4096)
def _format_day(value: date, locale: str) -> str:
    """A date in the one pattern."""
    return babel_dates.format_date(value, format=DATE_PATTERN, locale=locale)


@lru_cache(maxsize=4096)
def _format_moment(value: datetime, locale: str, tz: Any) -> str:
    """A moment in the portal's time zone (a naive one counts as UTC, as in Flask-Babel)."""
    return babel_dates.format_datetime(
        value, DATETIME_PATTERN, tzinfo=tz, locale=locale
    )


def money(value: Decimal | float | None) -> str:
    return "–" if value is None else _format_money(value, _locale_name())


@lru_cache(maxsize=4096)
def _format_money(value: Decimal | float, locale: str) -> str:
    return babel_numbers.format_currency(value, "EUR", locale=locale)


def number(value: Decimal | float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return _format_number(value, digits, _locale_name())


@lru_cache(maxsize=4096)
def _format_number(value: Decimal | float | int, digits: int, locale: str) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, pattern, locale=locale)


def is_safe_next(target: str | None) -> bool:
    """Only local paths are acceptable as a redirect target (no open redirects)."""
    return (
        bool(target)
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    )


def current_path() -> str:
    return request.full_path.rstrip("?") if request else "/"


# -- templates' gettext ----------------------------------------------------------------------
def _page_translations() -> Any:
    """The merged catalogue of the current locale, looked up once per request and locale.

    A page calls ``_()`` hundreds of times; Flask-Babel's own callables look the
    domain, context and locale up again on each. ``force_locale`` (mails in the
    reader's language) sets another locale object, which misses this cache.
    """
    locale = get_locale()
    cached = g.get("_werkbrug_translations")
    if cached is None or cached[0] is not locale:
        cached = (locale, get_translations())
        g._werkbrug_translations = cached
    return cached[1]


#: A block in which the catalogue and the language are fixed (see :func:`one_language`).
_SCOPE: ContextVar[tuple[Any, str] | None] = ContextVar("werkbrug_i18n", default=None)


@contextmanager
def one_language() -> Iterator[None]:
    """Within the block, ``page_gettext``, ``page_ngettext`` and ``page_language`` use the
    catalogue and language looked up once at its start.

    For loops that phrase hundreds of texts (a proposals page's reasons): each look-up
    through Flask's context proxies costs microseconds. Not for blocks that switch the
    language (``force_locale``).
    """
    token = _SCOPE.set((_page_translations(), _language()))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "nl"


def _catalogue() -> Any:
    scope = _SCOPE.get()
    return scope[0] if scope is not None else _page_translations()


def page_language() -> str:
    """The page's language code ("nl", "en")."""
    scope = _SCOPE.get()
    return scope[1] if scope is not None else _language()


def page_gettext(string: str, **variables: Any) -> str:
    """``gettext`` through the page's cached catalogue, for code that phrases many texts
    per page (the same result as Flask-Babel's ``gettext``, without its look-ups)."""
    text = _catalogue().ugettext(string)
    return text % variables if variables else text


def page_ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """``ngettext`` through the page's cached catalogue (``num`` is a variable too)."""
    variables.setdefault("num", num)
    return _catalogue().ungettext(singular, plural, num) % variables


#: The template context's catalogue: looked up once per render (a context processor),
#: so the hundreds of ``_()`` of a page skip the per-call look-up.
_RENDER_CATALOGUE = "werkbrug_catalogue"


def _render_catalogue(context: Context) -> Any:
    catalogue = context.get(_RENDER_CATALOGUE)
    return catalogue if catalogue is not None else _catalogue()


@pass_context
def _template_gettext(context: Context, s: str) -> str:
    return _render_catalogue(context).ugettext(s)  # type: ignore[no-any-return]


@pass_context
def _template_ngettext(context: Context, s: str, p: str, n: int) -> str:
    return _render_catalogue(context).ungettext(s, p, n)  # type: ignore[no-any-return]


@pass_context
def _template_pgettext(context: Context, c: str, s: str) -> str:
    return _render_catalogue(context).upgettext(c, s)  # type: ignore[no-any-return]


@pass_context
def _template_npgettext(context: Context, c: str, s: str, p: str, n: int) -> str:
    return _render_catalogue(context).unpgettext(c, s, p, n)  # type: ignore[no-any-return]


def install_template_gettext(app: Flask) -> None:
    """Replace Flask-Babel's template callables by ones that use the render's catalogue."""
    app.jinja_env.install_gettext_callables(
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
        newstyle=True,
    )
    app.context_processor(lambda: {_RENDER_CATALOGUE: _page_translations()})
