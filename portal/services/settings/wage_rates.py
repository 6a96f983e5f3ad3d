"""The minimum-wage table: the domain's published rates merged with the ones admins enter.

Other areas pass :func:`get_wage_rates` as ``rates=`` to ``portal.domain.minimum_wage``; the
admin page lists :func:`wage_rate_rows` and adds or deletes a rate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from portal.domain import minimum_wage
from portal.extensions import db
from portal.models import MinimumWageRate, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.settings import stored
from portal.services.settings.definitions import InvalidSetting
from portal.services.settings.stored import StoredRate


class WageRateExists(ValueError):
    """There is already a rate for this date and age."""


@dataclass(frozen=True)
class WageRateRow:
    """A rate as the admin page shows it: from the database or a built-in default."""

    valid_from: date
    age: int
    hourly: Decimal
    source: str
    stored: StoredRate | None
    #: VERIFIED or ASSUMED: a built-in row's flag; an admin's own entry counts as VERIFIED.
    status: str = "VERIFIED"
    #: The built-in row an admin's entry for the same date and age supersedes.
    replaces: minimum_wage.WageRate | None = None

    @property
    def is_default(self) -> bool:
        return self.stored is None

    @property
    def entered_by_admin(self) -> bool:
        return self.stored is not None and self.stored.entered_by_id is not None


def wage_rate_rows() -> list[WageRateRow]:
    """The domain's published rates merged with the stored rows (a row wins), newest first.

    A stored row an admin entered is VERIFIED (the admin names its source) and, for the
    date and age of a built-in row, supersedes it. A stored row nobody entered is a seeded
    copy of a built-in row (``seed_wage_rates``): it keeps the built-in flag while it is
    the same amount and source.
    """
    return list(_merged_rates(stored.rates()))


@functools.lru_cache(maxsize=16)
def _merged_rates(rows: tuple[StoredRate, ...]) -> tuple[WageRateRow, ...]:
    """``wage_rate_rows`` for these stored rows: computed once per distinct table."""
    built_in = {(r.valid_from, r.age): r for r in minimum_wage.DEFAULT_RATES}
    merged: dict[tuple[date, int], WageRateRow] = {
        key: WageRateRow(r.valid_from, r.age, r.hourly, r.source, None, r.status)
        for key, r in built_in.items()
    }
    for row in rows:
        key = (row.valid_from, row.age)
        default = built_in.get(key)
        if row.entered_by_id is None and default is not None:
            same = default.hourly == row.hourly and default.source == row.source
            status = default.status if same else "VERIFIED"
            replaces = None if same else default
        else:
            status, replaces = "VERIFIED", default
        merged[key] = WageRateRow(
            row.valid_from, row.age, row.hourly, row.source, row, status, replaces
        )
    return tuple(
        sorted(merged.values(), key=lambda r: (r.valid_from, -r.age), reverse=True)
    )


def get_wage_rates() -> tuple[minimum_wage.WageRate, ...]:
    """The minimum-wage table to pass as ``rates=`` to ``portal.domain.minimum_wage``."""
    cached = db.session.info.get(stored.RATES_CACHE)
    if cached is None:
        cached = db.session.info[stored.RATES_CACHE] = _wage_rates()
    return cached


def _wage_rates() -> tuple[minimum_wage.WageRate, ...]:
    return _wage_table(stored.rates())


@functools.lru_cache(maxsize=16)
def _wage_table(rows: tuple[StoredRate, ...]) -> tuple[minimum_wage.WageRate, ...]:
    """The domain's table for these stored rows: computed once per distinct table."""
    return tuple(
        minimum_wage.WageRate(
            valid_from=row.valid_from,
            age=row.age,
            hourly=Decimal(row.hourly).quantize(Decimal("0.01")),
            source=row.source,
            status="ASSUMED" if row.status == "ASSUMED" else "VERIFIED",
        )
        for row in sorted(_merged_rates(rows), key=lambda r: (r.valid_from, r.age))
    )


def missing_wage_period(today: date) -> date | None:
    """Start of today's indexation period when no 21+ rate was entered for it (B2)."""
    period = minimum_wage.indexation_date(today)
    known = any(r.valid_from == period and r.age == 21 for r in wage_rate_rows())
    return None if known else period


def add_wage_rate(
    *, valid_from: date, hourly: Decimal, source: str, by: User | None, age: int = 21
) -> MinimumWageRate:
    """Enter a newly published rate, or correct a built-in one for the same date and age.

    A built-in row (the domain's table, or its seeded copy that nobody entered) is
    superseded: from then on the admin's amount and source apply, recorded as VERIFIED;
    deleting the admin's row brings the built-in one back. A rate an admin entered for the
    same date and age is not overwritten (``WageRateExists``): delete it first.
    """
    if hourly <= 0:
        raise InvalidSetting("hourly rate must be positive")
    if not minimum_wage.YOUNGEST_AGE <= age <= minimum_wage.ADULT_AGE:
        raise InvalidSetting(f"age must lie between 15 and 21, not {age}")
    if not source.strip():
        raise InvalidSetting("a rate needs its source")
    row = db.session.scalar(
        select(MinimumWageRate).where(
            MinimumWageRate.valid_from == valid_from, MinimumWageRate.age == age
        )
    )
    if row is not None and row.entered_by_id is not None:
        raise WageRateExists(f"a rate for {valid_from} and age {age} exists")
    superseded = next(
        (
            r
            for r in minimum_wage.DEFAULT_RATES
            if (r.valid_from, r.age) == (valid_from, age)
        ),
        None,
    )
    if row is None:
        row = MinimumWageRate(valid_from=valid_from, age=age)
        db.session.add(row)
    row.hourly = hourly
    row.source = source.strip()
    row.entered_by_id = by.id if by is not None else None
    row.entered_at = utcnow()
    db.session.flush()
    stored.forget()
    details: dict[str, Any] = {
        "valid_from": valid_from.isoformat(),
        "age": age,
        "hourly": str(hourly),
    }
    if superseded is not None:
        details["supersedes"] = {
            "hourly": str(superseded.hourly),
            "status": superseded.status,
        }
    audit.record_event(
        "wage_rate.added",
        actor=by,
        object_type="minimum_wage_rate",
        object_id=row.id,
        details=details,
    )
    return row


def delete_wage_rate(row: MinimumWageRate, *, by: User | None) -> None:
    """Remove an entered rate; a built-in rate for that date applies again."""
    audit.record_event(
        "wage_rate.deleted",
        actor=by,
        object_type="minimum_wage_rate",
        object_id=row.id,
        details={"valid_from": row.valid_from.isoformat(), "age": row.age},
    )
    db.session.delete(row)
    db.session.flush()
    stored.forget()


def seed_wage_rates() -> int:
    """Store the domain's published rates as rows where missing (demo, fresh install)."""
    present = {(r.valid_from, r.age) for r in stored.rates()}
    added = 0
    for rate in minimum_wage.DEFAULT_RATES:
        if (rate.valid_from, rate.age) in present:
            continue
        db.session.add(
            MinimumWageRate(
                valid_from=rate.valid_from,
                age=rate.age,
                hourly=rate.hourly,
                source=rate.source,
            )
        )
        added += 1
    db.session.flush()
    stored.forget()
    return added


def parse_wage_key(valid_from: str, age: str) -> tuple[date, int] | None:
    """(date, age) of a rate from a link's text, or None when it is not one."""
    try:
        day, years = date.fromisoformat(valid_from), int(age)
    except ValueError:
        return None
    if not minimum_wage.YOUNGEST_AGE <= years <= minimum_wage.ADULT_AGE:
        return None
    return day, years


def get_wage_rate(rate_id: int) -> MinimumWageRate | None:
    return db.session.get(MinimumWageRate, rate_id)
