"""How match reasons name things: ESCO and ISCO labels, languages, numbers, dates, points.

Kept apart from the sentences (``match_reasons``) because the algorithm page uses the
same numbers, and because a proposals page asks for hundreds of labels and numbers: the
ESCO labels are cached per glossary version and the numbers are formatted by hand with
the locale's symbols.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from babel import Locale
from markupsafe import Markup, escape

from matching.taxonomy import load_taxonomy
from portal.i18n import nl_date, page_language
from portal.i18n import page_gettext as _


def _lang() -> str:
    return page_language()


def fill(template: str, **values: Any) -> Markup:
    """Format a translated template, escaping every value that is not Markup yet."""
    return escape(template) % values  # Markup escapes every value not Markup yet


def esco_label(uri: str | None) -> Markup:
    """An ESCO label in the page language, marked ``lang`` when only English exists."""
    if not uri:
        return Markup("")
    return _esco_label(uri, _lang(), load_taxonomy().labels_version)


@functools.lru_cache(maxsize=20_000)
def _esco_label(uri: str, page_lang: str, _labels_version: int) -> Markup:
    # A proposals page asks for hundreds of labels; they change only with the glossary
    # (labels_version), which is part of the cache key.
    try:
        text, lang = load_taxonomy().label(uri, page_lang)
    except KeyError:
        return escape(uri)
    if lang != page_lang:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return escape(text)


def isco_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return load_taxonomy().isco_label(code, _lang())
    except KeyError:
        return code


def language_name(code: str) -> str:
    """The language's name in the page language, e.g. ``nl`` → "Nederlands"."""
    return Locale.parse(_lang()).languages.get(code, code)


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    symbols = Locale.parse(lang).number_symbols["latn"]
    return symbols["decimal"], symbols["group"]


def decimal(value: float, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals and a true minus sign: "18,2", "−6".

    Formatted by hand with the locale's symbols: a proposals page shows hundreds of
    numbers, and Babel's pattern formatting is a large share of its time.
    """
    text = f"{abs(value):,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    point, group = _symbols(_lang())
    text = text.translate(str.maketrans({",": group, ".": point}))
    return "−" + text if value < 0 and text.strip("0" + point) else text


def date_label(iso: str | None) -> str:
    """An ISO date from a reason's parameters as the page shows dates ("–" when missing)."""
    return nl_date(date.fromisoformat(iso)) if iso else "–"


def points(contribution: float, blocked: bool = False) -> str:
    """ "+18,2", "−6" or "geblokkeerd" (a true minus sign, as in print)."""
    if blocked:
        return _("geblokkeerd")
    if contribution < 0:
        return "−" + decimal(-contribution)
    return "+" + decimal(contribution)
