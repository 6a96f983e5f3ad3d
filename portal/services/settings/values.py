"""A setting's value: reading it (stored, else its default), changing or resetting it.

The settings themselves are listed in ``definitions``; the named readers other areas use
(``automated_suggestions_on``, ``get_reba_settings`` …) are here, next to ``get``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from portal import i18n
from portal.domain import reba
from portal.extensions import db
from portal.models import Setting, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.settings import stored
from portal.services.settings.definitions import (
    ALLOW_NON_SHORTAGE,
    AUTOMATED_SUGGESTIONS,
    DEFINITIONS,
    REBA_DISREGARD_CAP,
    REBA_DISREGARD_RATE,
    REBA_ECONOMIC_VALUE,
    REBA_NET_GROSS_RATIO,
    InvalidSetting,
    format_value,
    parse,
)
from portal.services.settings.stored import StoredSetting

log = logging.getLogger(__name__)


def get(key: str) -> Any:
    """The typed value of a setting: the stored one, else its default."""
    definition = DEFINITIONS[key]
    row = stored.setting(key)
    if row is None:
        return definition.default()
    try:
        return parse(definition, row.value)
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
    parsed = parse(definition, value)
    old = get(key)
    if old == parsed:
        return False  # unchanged (an untouched default stays a default)
    row = db.session.get(Setting, key)
    stored.forget()
    if row is None:
        row = Setting(key=key, value=format_value(definition, parsed))
        db.session.add(row)
    row.value = format_value(definition, parsed)
    row.changed_by_id = by.id if by is not None else None
    row.changed_at = utcnow()
    audit.record_event(
        "setting.changed",
        actor=by,
        object_type="setting",
        details={"key": key, "from": format_value(definition, old), "to": row.value},
    )
    db.session.flush()
    return True


def reset(key: str, *, by: User | None) -> None:
    """Go back to the default (delete the stored value)."""
    row = db.session.get(Setting, key)
    if row is None:
        return
    stored.forget()
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
            stored=stored.setting(key),
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
        row = stored.setting(key)
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
