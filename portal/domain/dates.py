"""The range of dates the portal accepts anywhere: forms, imports and the date helpers.

No Dutch rule sets these bounds; they are the portal's own (ASSUMED): nobody alive was
born before 1900, and no contract, permit or W-document runs past 2199. Within the range
every helper can add the longest contract (``add_months``, years of months) without
leaving Python's calendar, so a date typed as 9999-12-31 is a field error, never a crash.
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


class DateOutOfRange(ValueError):
    """A date before EARLIEST or after LATEST."""


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def check(day: date) -> date:
    """The date itself, or DateOutOfRange."""
    if not in_range(day):
        raise DateOutOfRange(f"{day.isoformat()} is outside {EARLIEST}–{LATEST}")
    return day


def parse_iso(text: object) -> date | None:
    """A ``JJJJ-MM-DD`` date within the range, or None (imports report None as an error)."""
    if not isinstance(text, str):
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if in_range(day) else None
