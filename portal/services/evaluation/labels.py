"""Labels the report shows: months, support types, sectors, states and coded reasons."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.services import reasons
from portal.services.candidates.support import SUPPORT_LABELS

SECTOR_LABELS: dict[str, object] = {
    "hospitality": _l("Horeca"),
    "production": _l("Productie"),
    "logistics": _l("Logistiek"),
    "cleaning": _l("Schoonmaak"),
    "care": _l("Zorg"),
    "other": _l("Overig"),
}

NO_STATE_LABELS: dict[str, object] = {
    "rejected": _l("Afgewezen door de matchmaker"),
    "declined": _l("Afgeslagen door werkgever of kandidaat"),
    "not_hired": _l("Niet aangenomen"),
    "withdrawn": _l("Ingetrokken door omstandigheden"),
}


def month_label(year: int, month: int) -> str:
    return format_date(date(year, month, 1), "MMMM y")


def support_label(value: str) -> str:
    return str(next((v for k, v in SUPPORT_LABELS.items() if k.value == value), value))


def sector_label(value: str) -> str:
    return str(SECTOR_LABELS.get(value, value))


def reason_label(code: str | None) -> str:
    return reasons.label(code) if code else _("Geen reden vastgelegd")


__all__ = ["_", "month_label", "reason_label", "sector_label", "support_label"]
