"""Shortage occupations: the list admins keep, and whether a vacancy falls under it.

A row names an ISCO-08 group (a prefix of 1–4 digits) or one ESCO occupation. A vacancy
is in a shortage occupation when its occupation is listed, or when the occupation's
ISCO unit group starts with a listed code. The check is an SQL expression, so lists
can sort and filter on it and a new row takes effect at once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, literal, or_, select

from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.models import ShortageOccupation, User, Vacancy
from portal.services import audit

#: The derived seed list shipped with the portal (see portal/data/README.md).
SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "shortage_occupations.csv"

_ISCO = re.compile(r"[0-9]{1,4}")


class InvalidShortage(ValueError):
    """The entry names no known ISCO group or ESCO occupation, or both."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class DuplicateShortage(ValueError):
    """The same occupation is already listed with the same source."""


def list_shortage() -> list[ShortageOccupation]:
    """All entries, ISCO groups in code order first, then single occupations."""
    return list(
        db.session.scalars(
            select(ShortageOccupation).order_by(
                ShortageOccupation.isco_code.is_(None),
                ShortageOccupation.isco_code,
                ShortageOccupation.label,
                ShortageOccupation.source_date.desc(),
            )
        )
    )


def add_shortage(
    *,
    label: str,
    source: str,
    source_date: date,
    by: User | None,
    isco_code: str | None = None,
    esco_uri: str | None = None,
    tension: str = "",
) -> ShortageOccupation:
    """Add an entry; exactly one of ``isco_code`` and ``esco_uri`` must be given."""
    isco_code = (isco_code or "").strip() or None
    esco_uri = (esco_uri or "").strip() or None
    if (isco_code is None) == (esco_uri is None):
        raise InvalidShortage("one_target")
    tx = load_taxonomy()
    if isco_code is not None:
        if not _ISCO.fullmatch(isco_code):
            raise InvalidShortage("bad_isco")
        try:
            tx.isco_label(isco_code)
        except KeyError:
            raise InvalidShortage("unknown_isco") from None
    if esco_uri is not None and tx.occupation(esco_uri) is None:
        raise InvalidShortage("unknown_occupation")
    duplicate = db.session.scalar(
        select(ShortageOccupation).where(
            ShortageOccupation.isco_code.is_(None)
            if isco_code is None
            else ShortageOccupation.isco_code == isco_code,
            ShortageOccupation.esco_uri.is_(None)
            if esco_uri is None
            else ShortageOccupation.esco_uri == esco_uri,
            ShortageOccupation.source == source.strip(),
        )
    )
    if duplicate is not None:
        raise DuplicateShortage(f"already listed: {isco_code or esco_uri}")
    entry = ShortageOccupation(
        isco_code=isco_code,
        esco_uri=esco_uri,
        label=label.strip(),
        tension=tension.strip(),
        source=source.strip(),
        source_date=source_date,
        added_by_id=by.id if by is not None else None,
    )
    db.session.add(entry)
    db.session.flush()
    audit.record_event(
        "shortage.added",
        actor=by,
        object_type="shortage_occupation",
        object_id=entry.id,
        details={"isco_code": isco_code, "esco_uri": esco_uri},
    )
    return entry


def remove_shortage(entry: ShortageOccupation, *, by: User | None) -> None:
    """Delete an entry (the audit trail keeps what it was)."""
    audit.record_event(
        "shortage.removed",
        actor=by,
        object_type="shortage_occupation",
        object_id=entry.id,
        details={
            "isco_code": entry.isco_code,
            "esco_uri": entry.esco_uri,
            "source": entry.source[:200],
        },
    )
    db.session.delete(entry)
    db.session.flush()


def shortage_clause(
    occupation_col: ColumnElement[str], isco_col: ColumnElement[str]
) -> ColumnElement[bool]:
    """SQL: the row's occupation is listed, or its ISCO group starts with a listed code."""
    s = ShortageOccupation
    return exists().where(
        or_(
            s.esco_uri == occupation_col,
            and_(s.isco_code.is_not(None), isco_col.like(s.isco_code + literal("%"))),
        )
    )


def vacancy_is_shortage() -> ColumnElement[bool]:
    """The shortage test for ``Vacancy`` rows, for ``where`` and ``order_by``."""
    return shortage_clause(Vacancy.esco_occupation, Vacancy.isco_group)


def matching_entries(esco_uri: str) -> list[ShortageOccupation]:
    """The entries that make this occupation a shortage occupation (may be empty)."""
    occupation = load_taxonomy().occupation(esco_uri)
    isco = occupation.isco_group if occupation is not None else ""
    rows = db.session.scalars(
        select(ShortageOccupation).order_by(ShortageOccupation.source_date.desc())
    )
    return [
        row
        for row in rows
        if row.esco_uri == esco_uri
        or (row.isco_code is not None and isco and isco.startswith(row.isco_code))
    ]


def is_shortage_occupation(esco_uri: str) -> bool:
    """Whether vacancies in this occupation carry the shortage label."""
    return bool(matching_entries(esco_uri))


@dataclass(frozen=True)
class SeedRow:
    """One line of the shipped seed list."""

    label: str
    isco_code: str
    tension: str
    source: str
    source_date: date


def read_seed(path: Path = SEED_FILE) -> list[SeedRow]:
    """The seed list: one row per (label, ISCO code, source); see portal/data/README.md."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            SeedRow(
                label=row["label_nl"],
                isco_code=row["isco_code"],
                tension=row["tension"],
                source=row["source"],
                source_date=date.fromisoformat(row["source_date"]),
            )
            for row in csv.DictReader(handle)
        ]


def seed_shortage(path: Path = SEED_FILE, *, by: User | None = None) -> int:
    """Add the seed rows that are missing (matched on code and source); returns how many."""
    added = 0
    for row in read_seed(path):
        present = db.session.scalar(
            select(ShortageOccupation.id).where(
                ShortageOccupation.isco_code == row.isco_code,
                ShortageOccupation.source == row.source,
            )
        )
        if present is not None:
            continue
        add_shortage(
            label=row.label,
            isco_code=row.isco_code,
            tension=row.tension,
            source=row.source,
            source_date=row.source_date,
            by=by,
        )
        added += 1
    return added


def get_entry(entry_id: int) -> ShortageOccupation | None:
    return db.session.get(ShortageOccupation, entry_id)
