"""Portal settings and the minimum-wage table, as administrators maintain them.

Other areas read the rules through :func:`get_reba_settings` and :func:`get_wage_rates`
(the TWV area calls both), so a figure an admin corrects applies everywhere at once.
Each setting has a type, a default and the source of that default; the default is
what applies until an admin stores another value.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import cast, event, literal, null, select, union_all
from sqlalchemy.orm import Session

from portal import i18n
from portal.domain import minimum_wage, pilot_reference, reba
from portal.extensions import db
from portal.models import MinimumWageRate, Setting, User
from portal.models.base import utcnow
from portal.services import audit

log = logging.getLogger(__name__)

ALLOW_NON_SHORTAGE = "allow_non_shortage_vacancies"
AUTOMATED_SUGGESTIONS = "matching.automated_suggestions"
REBA_DISREGARD_RATE = "reba.disregard_rate"
REBA_DISREGARD_CAP = "reba.disregard_cap"
REBA_ECONOMIC_VALUE = "reba.economic_value"
REBA_NET_GROSS_RATIO = "reba.net_gross_ratio"
#: The pilot budget the evaluation divides by the people in work (services.evaluation).
EVALUATION_BUDGET = "evaluation.budget"

#: A10: the Dutch proposal (3 months for "high chance", no work for "low chance"): not law.
EU_PACT_PROPOSAL = "eu_pact.dutch_proposal"
#: Directive 2024/1346: no work in an accelerated procedure (from 12 Jun 2026).
BLOCK_ACCELERATED = "eu_pact.block_accelerated_procedure"


class InvalidSetting(ValueError):
    """A value that does not fit the setting (wrong type or out of range)."""


class WageRateExists(ValueError):
    """There is already a rate for this date and age."""


@dataclass(frozen=True)
class SettingDef:
    """What a setting is: its type, its default (a callable: config may supply it), its source."""

    key: str
    kind: str  # "bool" or "decimal"
    default: Callable[[], Any]
    source: str
    low: Decimal | None = None
    high: Decimal | None = None


def _config_default(name: str) -> Callable[[], Any]:
    return lambda: bool(current_app.config.get(name, True))


DEFINITIONS: dict[str, SettingDef] = {
    d.key: d
    for d in (
        SettingDef(
            ALLOW_NON_SHORTAGE,
            "bool",
            _config_default("ALLOW_NON_SHORTAGE_VACANCIES"),
            "ALLOW_NON_SHORTAGE_VACANCIES (configuratie van de portal)",
        ),
        SettingDef(
            AUTOMATED_SUGGESTIONS,
            "bool",
            lambda: True,
            "Menselijk toezicht (AI-verordening art. 14): een beheerder kan de "
            "automatische voorstellen uitzetten; dan werkt de portal met handmatig zoeken.",
        ),
        SettingDef(
            EU_PACT_PROPOSAL,
            "bool",
            lambda: False,
            "Voorstel kabinet (internetconsultatie 3 nov 2025): na 3 maanden werken bij "
            "grote kans, niet werken bij kleine kans. Nog geen wet (15 dec 2025): uit.",
        ),
        SettingDef(
            BLOCK_ACCELERATED,
            "bool",
            lambda: True,
            "Richtlijn (EU) 2024/1346 art. 17 (vanaf 12 jun 2026): geen toegang tot de "
            "arbeidsmarkt in een versnelde procedure (ASSUMED: tekst niet in de bronnen)",
        ),
        SettingDef(
            REBA_DISREGARD_RATE,
            "decimal",
            lambda: reba.DISREGARD_RATE_DEFAULT,
            reba.DISREGARD_RATE_SOURCE,
            Decimal(0),
            Decimal(1),
        ),
        SettingDef(
            REBA_DISREGARD_CAP,
            "decimal",
            lambda: reba.DISREGARD_CAP_DEFAULT,
            reba.DISREGARD_CAP_SOURCE,
            Decimal(0),
            Decimal(10000),
        ),
        SettingDef(
            REBA_ECONOMIC_VALUE,
            "decimal",
            lambda: reba.ECONOMIC_VALUE_DEFAULT,
            reba.ECONOMIC_VALUE_SOURCE,
            Decimal(0),
            Decimal(10000),
        ),
        SettingDef(
            REBA_NET_GROSS_RATIO,
            "decimal",
            lambda: reba.NET_GROSS_RATIO_DEFAULT,
            reba.NET_GROSS_RATIO_SOURCE,
            Decimal("0.01"),
            Decimal(1),
        ),
        SettingDef(
            EVALUATION_BUDGET,
            "decimal",
            lambda: pilot_reference.AMSTELVEEN_BUDGET,
            pilot_reference.AMSTELVEEN_BUDGET_SOURCE,
            Decimal(0),
            Decimal(1_000_000_000),
        ),
    )
}


def _parse(definition: SettingDef, raw: Any) -> Any:
    if definition.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "ja", "yes", "on"}:
            return True
        if text in {"0", "false", "nee", "no", "off"}:
            return False
        raise InvalidSetting(f"{definition.key}: not a boolean: {raw!r}")
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidSetting(f"{definition.key}: not a number: {raw!r}") from None
    if not value.is_finite():
        raise InvalidSetting(f"{definition.key}: not a number: {raw!r}")
    if (definition.low is not None and value < definition.low) or (
        definition.high is not None and value > definition.high
    ):
        raise InvalidSetting(f"{definition.key}: out of range: {value}")
    return value


def _format(definition: SettingDef, value: Any) -> str:
    if definition.kind == "bool":
        return "true" if value else "false"
    return str(value)


# -- one read per request ---------------------------------------------------------------
# The stored settings (a handful of rows) and wage rates are read together with one query
# (a UNION of the two tables) and kept in the session's ``info`` until this module writes
# one or the session rolls back; a request's session ends with the request, so the next
# request reads them afresh. Pages that check a setting and a wage therefore pay one query.
_STORED = "werkbrug.settings"
_RATES = "werkbrug.wage_rates"


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


def _stored_settings() -> dict[str, StoredSetting]:
    return _stored_all().settings


def _forget() -> None:
    db.session.info.pop(_STORED, None)
    db.session.info.pop(_RATES, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_STORED, None)
    session.info.pop(_RATES, None)


def _stored(key: str) -> StoredSetting | None:
    return _stored_settings().get(key)


def get(key: str) -> Any:
    """The typed value of a setting: the stored one, else its default."""
    definition = DEFINITIONS[key]
    row = _stored(key)
    if row is None:
        return definition.default()
    try:
        return _parse(definition, row.value)
    except InvalidSetting:
        log.warning("stored setting %s is unreadable; using the default", key)
        return definition.default()


def get_bool(key: str) -> bool:
    """A boolean setting."""
    value = get(key)
    if not isinstance(value, bool):
        raise TypeError(f"{key} is not a boolean setting")
    return value


def get_decimal(key: str) -> Decimal:
    """A number setting."""
    value = get(key)
    if not isinstance(value, Decimal):
        raise TypeError(f"{key} is not a number setting")
    return value


def set_value(key: str, value: Any, *, by: User | None) -> bool:
    """Store a setting (checked against its type and range); True if it changed."""
    definition = DEFINITIONS[key]
    parsed = _parse(definition, value)
    old = get(key)
    if old == parsed:
        return False  # unchanged (an untouched default stays a default)
    row = db.session.get(Setting, key)
    _forget()
    if row is None:
        row = Setting(key=key, value=_format(definition, parsed))
        db.session.add(row)
    row.value = _format(definition, parsed)
    row.changed_by_id = by.id if by is not None else None
    row.changed_at = utcnow()
    audit.record_event(
        "setting.changed",
        actor=by,
        object_type="setting",
        details={"key": key, "from": _format(definition, old), "to": row.value},
    )
    db.session.flush()
    return True


def reset(key: str, *, by: User | None) -> None:
    """Go back to the default (delete the stored value)."""
    row = db.session.get(Setting, key)
    if row is None:
        return
    _forget()
    db.session.delete(row)
    audit.record_event(
        "setting.reset", actor=by, object_type="setting", details={"key": key}
    )
    db.session.flush()


@dataclass(frozen=True)
class SettingRow:
    """One setting as the admin page shows it."""

    key: str
    value: Any
    default: Any
    source: str
    stored: StoredSetting | None

    @property
    def is_default(self) -> bool:
        return self.stored is None


def setting_rows() -> list[SettingRow]:
    """Every setting with its current value, default, source and last change."""
    return [
        SettingRow(
            key=key,
            value=get(key),
            default=definition.default(),
            source=definition.source,
            stored=_stored(key),
        )
        for key, definition in DEFINITIONS.items()
    ]


def automated_suggestions_on() -> bool:
    """Whether the portal proposes pairs itself (off: matchmakers search by hand)."""
    return get_bool(AUTOMATED_SUGGESTIONS)


def non_shortage_allowed() -> bool:
    """Whether vacancies outside the shortage occupations may be published here."""
    return get_bool(ALLOW_NON_SHORTAGE)


_REBA_KEYS = {
    "disregard_rate": REBA_DISREGARD_RATE,
    "disregard_cap": REBA_DISREGARD_CAP,
    "economic_value": REBA_ECONOMIC_VALUE,
    "net_gross_ratio": REBA_NET_GROSS_RATIO,
}


def get_reba_settings() -> reba.RebaSettings:
    """The REBA figures in force (admin values over the domain defaults).

    A figure an admin set names that change as its source instead of the default's.
    """
    sources = {}
    for name, key in _REBA_KEYS.items():
        row = _stored(key)
        sources[name] = (
            DEFINITIONS[key].source
            if row is None
            else str(_l("Ingesteld door de beheerder op %(date)s"))
            % {"date": i18n.nl_date(row.changed_at.date())}
        )
    return reba.RebaSettings(
        disregard_rate=get_decimal(REBA_DISREGARD_RATE),
        disregard_cap=get_decimal(REBA_DISREGARD_CAP),
        economic_value=get_decimal(REBA_ECONOMIC_VALUE),
        net_gross_ratio=get_decimal(REBA_NET_GROSS_RATIO),
        sources=sources,
    )


def update_reba_settings(
    *,
    disregard_rate: Decimal,
    disregard_cap: Decimal,
    economic_value: Decimal,
    net_gross_ratio: Decimal,
    by: User,
) -> None:
    """Store the REBA figures together (they must form valid RebaSettings)."""
    reba.RebaSettings(
        disregard_rate=disregard_rate,
        disregard_cap=disregard_cap,
        economic_value=economic_value,
        net_gross_ratio=net_gross_ratio,
    )  # raises ValueError on a combination the rule cannot use
    set_value(REBA_DISREGARD_RATE, disregard_rate, by=by)
    set_value(REBA_DISREGARD_CAP, disregard_cap, by=by)
    set_value(REBA_ECONOMIC_VALUE, economic_value, by=by)
    set_value(REBA_NET_GROSS_RATIO, net_gross_ratio, by=by)


# -- minimum wage ----------------------------------------------------------------------
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


def _stored_rates() -> tuple[StoredRate, ...]:
    return _stored_all().rates


def wage_rate_rows() -> list[WageRateRow]:
    """The domain's published rates merged with the stored rows (a row wins), newest first.

    A stored row an admin entered is VERIFIED (the admin names its source) and, for the
    date and age of a built-in row, supersedes it. A stored row nobody entered is a seeded
    copy of a built-in row (``seed_wage_rates``): it keeps the built-in flag while it is
    the same amount and source.
    """
    return list(_merged_rates(_stored_rates()))


@functools.lru_cache(maxsize=16)
def _merged_rates(stored: tuple[StoredRate, ...]) -> tuple[WageRateRow, ...]:
    """``wage_rate_rows`` for these stored rows: computed once per distinct table."""
    built_in = {(r.valid_from, r.age): r for r in minimum_wage.DEFAULT_RATES}
    merged: dict[tuple[date, int], WageRateRow] = {
        key: WageRateRow(r.valid_from, r.age, r.hourly, r.source, None, r.status)
        for key, r in built_in.items()
    }
    for row in stored:
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
    cached = db.session.info.get(_RATES)
    if cached is None:
        cached = db.session.info[_RATES] = _wage_rates()
    return cached


def _wage_rates() -> tuple[minimum_wage.WageRate, ...]:
    return _wage_table(_stored_rates())


@functools.lru_cache(maxsize=16)
def _wage_table(stored: tuple[StoredRate, ...]) -> tuple[minimum_wage.WageRate, ...]:
    """The domain's table for these stored rows: computed once per distinct table."""
    return tuple(
        minimum_wage.WageRate(
            valid_from=row.valid_from,
            age=row.age,
            hourly=Decimal(row.hourly).quantize(Decimal("0.01")),
            source=row.source,
            status="ASSUMED" if row.status == "ASSUMED" else "VERIFIED",
        )
        for row in sorted(_merged_rates(stored), key=lambda r: (r.valid_from, r.age))
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
    _forget()
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
    _forget()


def seed_wage_rates() -> int:
    """Store the domain's published rates as rows where missing (demo, fresh install)."""
    present = {(r.valid_from, r.age) for r in _stored_rates()}
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
    _forget()
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
