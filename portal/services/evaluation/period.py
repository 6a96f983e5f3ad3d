"""The report's filters and the date arithmetic its queries share on SQLite and PostgreSQL.

A period is a range of Dutch calendar days, both ends included. Date columns compare
with the dates themselves; timestamp columns (stored in UTC) with the Amsterdam midnights
that bound the period, so an event at 00:30 on 1 April counts in April on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from portal.domain import pilot_reference
from portal.models.base import AMSTERDAM, local_today


@dataclass(frozen=True)
class Filters:
    """From, to (both included) and optionally one reception centre."""

    start: date
    end: date
    centre: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, time(0), AMSTERDAM)

    @property
    def end_utc(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), AMSTERDAM)

    @property
    def as_of(self) -> date:
        """The last day whose facts can be known: the period's end, or today if earlier."""
        return min(self.end, local_today())

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every calendar month the period touches, in order."""
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def describe(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "reception_centre": self.centre,
        }


def default_filters() -> Filters:
    """The pilot year (April 2025 – March 2026), every reception centre."""
    return Filters(pilot_reference.PILOT_START, pilot_reference.PILOT_END)


def on_dates(column: Any, filters: Filters) -> ColumnElement[bool]:
    """A date column within the period."""
    return column.between(filters.start, filters.end)


def at_times(column: Any, filters: Filters) -> ColumnElement[bool]:
    """A UTC timestamp column within the period's Dutch days."""
    return (column >= filters.start_utc) & (column < filters.end_utc)


class days_between(FunctionElement[int]):  # noqa: N801 - reads as a SQL function
    """Whole days from the first date to the second (``b - a``), on both databases."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return f"({compiler.process(b, **kw)} - {compiler.process(a, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(b, **kw)}) - "
        f"julianday({compiler.process(a, **kw)}) AS INTEGER)"
    )
