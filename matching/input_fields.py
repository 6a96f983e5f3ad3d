"""Single fields of a FORMATS.md object, checked and converted; the input errors.

Each reader takes a value and the field's name and returns the value as a record holds
it, or raises :class:`FieldError` naming the field; :mod:`matching.records` and
:mod:`matching.io` turn that into an :class:`InputError` naming the file and line too.
Separate from the records because the same checks serve candidates, vacancies and
labels alike, and the fast path of :func:`matching.records.candidate_from_dict` shares
their caches of valid dates and postcodes.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from matching.geo import load_postcodes
from matching.taxonomy import load_taxonomy
from matching.types import CEFR_RANK

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2}")
_PC4 = re.compile(r"[1-9]\d{3}")


class InputError(ValueError):
    """A bad input line; ``str()`` reads ``file:line: field 'x': problem``."""

    def __init__(
        self, message: str, *, source: str = "<input>", line: int = 0, field: str = ""
    ) -> None:
        self.source, self.line, self.field, self.message = source, line, field, message
        where = f"{source}:{line}" if line else source
        what = f" field {field!r}:" if field else ""
        super().__init__(f"{where}:{what} {message}")


class FieldError(Exception):
    """A bad field: its name and the problem (the reader adds file and line)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def require(obj: Mapping[str, Any], key: str, name: str | None = None) -> Any:
    """``obj[key]``, present and not null (``name``: the field as reported)."""
    if key not in obj or obj[key] is None:
        raise FieldError(name or key, "required field is missing")
    return obj[key]


def read_string(value: Any, key: str, *, empty_ok: bool = False) -> str:
    """A string, not blank unless ``empty_ok``."""
    if not isinstance(value, str):
        raise FieldError(key, f"expected a string, got {type(value).__name__}")
    if not empty_ok and not value.strip():
        raise FieldError(key, "must not be empty")
    return value


def read_number(value: Any, key: str, *, low: float, low_open: bool = False) -> float:
    """A finite number (not a bool) at least ``low`` (above it if ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(key, f"expected a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < low or (low_open and number == low):
        bound = ">" if low_open else ">="
        raise FieldError(key, f"must be a number {bound} {low:g}, got {value!r}")
    return number


# A file of 100,000 profiles repeats the same few thousand dates and postcodes: each
# distinct one is checked once (only valid values are remembered).
@functools.lru_cache(maxsize=65_536)
def valid_date(text: str) -> date:
    """An ISO date ``YYYY-MM-DD``; the error names no field (the caller adds it)."""
    if not _DATE.fullmatch(text):
        raise FieldError("", f"expected an ISO date YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError("", f"not a valid date: {text!r}") from None


@functools.lru_cache(maxsize=65_536)
def valid_pc4(text: str) -> str:
    """A known 4-digit postcode; the error names no field (the caller adds it)."""
    if not _PC4.fullmatch(text):
        raise FieldError("", f"expected a 4-digit postcode string, got {text!r}")
    if not load_postcodes().exists(text):
        raise FieldError("", f"unknown postcode {text!r}")
    return text


def read_date(value: Any, key: str) -> date:
    """A date field (an ISO date string)."""
    text = read_string(value, key)
    try:
        return valid_date(text)
    except FieldError as exc:
        raise FieldError(key, exc.message) from None


def read_pc4(value: Any, key: str) -> str:
    """A postcode field (4 digits, known to :mod:`matching.geo`)."""
    text = read_string(value, key)
    try:
        return valid_pc4(text)
    except FieldError as exc:
        raise FieldError(key, exc.message) from None


def read_languages(value: Any, key: str) -> dict[str, str]:
    """Language code → CEFR level, the levels upper-cased."""
    if not isinstance(value, dict):
        raise FieldError(key, "expected an object of language code -> CEFR level")
    out: dict[str, str] = {}
    for code, level in value.items():
        if not _LANG.fullmatch(code):
            raise FieldError(f"{key}.{code}", "expected an ISO 639-1 code like 'nl'")
        if not isinstance(level, str) or level.strip().upper() not in CEFR_RANK:
            raise FieldError(
                f"{key}.{code}", f"expected a CEFR level A1..C2, got {level!r}"
            )
        out[code] = level.strip().upper()
    return out


def read_uri_list(value: Any, key: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """The known URIs of a list, first occurrences, as the taxonomy's own strings
    (``known``: URI → that string), so 100,000 profiles share one copy of each."""
    if not isinstance(value, list):
        raise FieldError(key, "expected a list of ESCO URIs")
    out: dict[str, None] = {}
    for i, uri in enumerate(value):
        found = known.get(uri) if isinstance(uri, str) else None
        if found is None:
            raise FieldError(f"{key}[{i}]", f"unknown ESCO URI {uri!r}")
        out[found] = None
    return tuple(out)


def read_occupations(value: Any, key: str) -> tuple[tuple[str, float], ...]:
    """(ESCO occupation URI, years) pairs, the taxonomy's own URI strings."""
    if not isinstance(value, list):
        raise FieldError(key, 'expected a list of {"esco_uri": ..., "years": ...}')
    tx = load_taxonomy()
    years: dict[str, float] = {}
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise FieldError(where, 'expected {"esco_uri": ..., "years": ...}')
        uri = require(item, "esco_uri", f"{where}.esco_uri")
        found = tx.occupation_uris.get(uri) if isinstance(uri, str) else None
        if found is None:
            raise FieldError(f"{where}.esco_uri", f"unknown ESCO occupation {uri!r}")
        uri = found
        n = read_number(
            require(item, "years", f"{where}.years"), f"{where}.years", low=0.0
        )
        # The same occupation listed twice counts once, with the years added up.
        years[uri] = years.get(uri, 0.0) + n
    return tuple(years.items())


def read_optional_bool(obj: Mapping[str, Any], key: str) -> bool | None:
    """``obj[key]`` as true or false, or None when absent."""
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise FieldError(key, f"expected true or false, got {value!r}")
    return value


def read_optional_date(obj: Mapping[str, Any], key: str) -> date | None:
    """``obj[key]`` as a date, or None when absent."""
    value = obj.get(key)
    return None if value is None else read_date(value, key)


@functools.lru_cache(maxsize=256)
def language_code(code: str) -> str:
    """A two-letter language code (remembered: profiles use a handful)."""
    if not _LANG.fullmatch(code):
        raise FieldError("", "bad code")
    return code
