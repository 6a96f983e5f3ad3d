"""The stored rows of both tables (settings and minimum-wage rates), read once per request.

Settings and the wage table are read together, so a page that checks a setting and a wage
pays one query; this module is that shared read and its cache, used by ``values`` and
``wage_rates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import cast, event, literal, null, select, union_all
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import MinimumWageRate, Setting

# The stored settings (a handful of rows) and wage rates are read together with one query
# (a UNION of the two tables) and kept in the session's ``info`` until ``values`` or
# ``wage_rates`` writes one (``forget``) or the session rolls back; a request's session ends with the request, so the next
# request reads them afresh. Pages that check a setting and a wage therefore pay one query.
_STORED = "werkbrug.settings"
#: Where ``wage_rates.get_wage_rates`` keeps the table it derives from the stored rows.
RATES_CACHE = "werkbrug.wage_rates"


@dataclass(frozen=True)
class StoredSetting:
    """A setting row as read (a plain value: writers load the row itself)."""

    key: str
    value: str
    changed_by_id: int | None
    changed_at: datetime


@dataclass(frozen=True)
class StoredRate:
    """A minimum-wage row as read."""

    id: int
    valid_from: date
    age: int
    hourly: Decimal
    source: str
    entered_by_id: int | None


@dataclass(frozen=True)
class _Stored:
    settings: dict[str, StoredSetting]
    rates: tuple[StoredRate, ...]  # by valid_from, age


def _read_stored() -> _Stored:
    s, r = Setting, MinimumWageRate
    rate_columns = (r.id, r.valid_from, r.age, r.hourly, r.source)
    query = union_all(
        select(
            literal("s").label("kind"),
            s.key,
            s.value,
            s.changed_by_id.label("user_id"),
            s.changed_at.label("at"),
            # typed NULLs: the first SELECT gives the result its column types
            *(cast(null(), c.type).label(c.key) for c in rate_columns),
        ),
        select(
            literal("r"),
            null(),
            null(),
            r.entered_by_id,
            r.entered_at,
            *rate_columns,
        ),
    )
    settings: dict[str, StoredSetting] = {}
    rates: list[StoredRate] = []
    for row in db.session.execute(query):
        if row.kind == "s":
            settings[row.key] = StoredSetting(row.key, row.value, row.user_id, row.at)
        else:
            rates.append(
                StoredRate(
                    row.id, row.valid_from, row.age, row.hourly, row.source, row.user_id
                )
            )
    rates.sort(key=lambda rate: (rate.valid_from, rate.age))
    return _Stored(settings, tuple(rates))


def _stored_all() -> _Stored:
    cached = db.session.info.get(_STORED)
    if cached is None:
        cached = db.session.info[_STORED] = _read_stored()
    return cached


def settings() -> dict[str, StoredSetting]:
    """The stored settings by key (read once per request)."""
    return _stored_all().settings


def setting(key: str) -> StoredSetting | None:
    """The stored row of one setting, or None while it has its default."""
    return settings().get(key)


def rates() -> tuple[StoredRate, ...]:
    """The stored minimum-wage rows by date and age (read once per request)."""
    return _stored_all().rates


def forget() -> None:
    """Read afresh next time (after a write)."""
    db.session.info.pop(_STORED, None)
    db.session.info.pop(RATES_CACHE, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_STORED, None)
    session.info.pop(RATES_CACHE, None)
