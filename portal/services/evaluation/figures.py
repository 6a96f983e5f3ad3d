"""The report's building blocks: a figure, a block of figures (one table, maybe a chart), a section.

Every question module returns a :class:`Section`; the page, the charts, the CSV/XLSX
exports and the JSON exchange all read the same objects, so a figure added to a
question appears everywhere at once. ``Section.protect`` applies the small-numbers rule
of ``suppress`` to the section's counts and to what is derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from portal.services.evaluation import suppress

COUNT = "count"
PERCENT = "percent"
EURO = "euro"
DAYS = "days"


@dataclass
class Figure:
    """One number. ``key`` is stable: the exchange format and the comparison use it."""

    key: str
    label: str
    value: int | Decimal | None
    unit: str = COUNT
    #: For a share or an amount: the counts it is computed from (hidden with them).
    derived_from: tuple[str, ...] = ()
    #: A published figure of another pilot, shown for comparison: never suppressed.
    reference: bool = False
    #: Filled by Section.protect: None (show the value), "<5" or "x".
    hidden: str | None = None

    @property
    def shown(self) -> int | Decimal | str | None:
        """What the page and the exports show: the value, or the suppression mark."""
        return self.hidden if self.hidden else self.value


@dataclass
class Block:
    """A table of figures under one caption; ``chart`` draws its counts as bars."""

    key: str
    title: str
    figures: list[Figure]
    chart: bool = False
    note: str = ""


@dataclass
class Section:
    """One of the council's questions."""

    key: str
    number: int
    title: str
    definitions: list[str]
    blocks: list[Block]
    #: whole = sum(parts) between keys of this section (virtual keys included).
    relations: list[suppress.Relation] = field(default_factory=list)
    #: Counts that are part of a relation but not shown (complements).
    virtual: dict[str, int] = field(default_factory=dict)

    def figures(self) -> list[Figure]:
        return [f for block in self.blocks for f in block.figures]

    def counts(self) -> dict[str, int]:
        """The section's counts that the small-numbers rule protects (virtual ones too)."""
        counts = {
            f.key: int(f.value or 0)
            for f in self.figures()
            if f.unit == COUNT and not f.reference
        }
        counts.update(self.virtual)
        return counts

    def protect(self, hidden: dict[str, str | None] | None = None) -> Section:
        """Mark the hidden figures: from ``hidden`` (the whole report's), else this section's."""
        if hidden is None:
            hidden = suppress.protect(self.counts(), self.relations)
        for f in self.figures():
            if f.reference:
                continue
            if f.key in hidden:
                f.hidden = hidden[f.key]
            if f.derived_from and any(hidden.get(k) for k in f.derived_from):
                f.hidden = suppress.SECONDARY
        return self


def share(numerator: int, denominator: int | None) -> Decimal | None:
    """A percentage with one decimal, or None without a denominator."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def amount(total: Decimal, per: int) -> Decimal | None:
    if not per:
        return None
    return (total / per).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def as_plain(value: Any) -> Any:
    """A JSON-safe value: decimals as strings with a point, ints as ints."""
    if isinstance(value, Decimal):
        return str(value)
    return value
