"""Access rules for the settings: administrators only.

The world holds one entered minimum-wage rate and one shortage occupation, so the
delete buttons have something to delete (an empty POST deletes and redirects).
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from portal.services.settings import wage_rates
from portal.services.vacancies import shortage


def world(actors: SimpleNamespace) -> SimpleNamespace:
    rate = wage_rates.add_wage_rate(
        valid_from=date(2026, 7, 1),
        hourly=Decimal("14.90"),
        source="test",
        by=actors.admin,
    )
    entry = shortage.add_shortage(
        isco_code="911",
        label="schoonmakers",
        source="test",
        source_date=date(2025, 12, 18),
        by=actors.admin,
    )
    return SimpleNamespace(rate_id=rate.id, entry_id=entry.id)


def _only_admin(status: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": 403,
        "other_employer": 403,
        "unverified_employer": 403,
        "matchmaker": 403,
        "admin": status,
        "intermediary": 403,
        "coa": 403,
    }


RULES = [
    ("settings.index", "GET", None, _only_admin(200)),
    ("settings.index", "POST", None, _only_admin(200)),
    ("settings.add_wage_rate", "POST", None, _only_admin(200)),
    (
        "settings.delete_wage_rate",
        "POST",
        lambda w: {"rate_id": w.rate_id},
        _only_admin(302),
    ),
    ("settings.shortage", "GET", None, _only_admin(200)),
    ("settings.shortage", "POST", None, _only_admin(200)),
    (
        "settings.shortage_remove",
        "POST",
        lambda w: {"entry_id": w.entry_id},
        _only_admin(302),
    ),
]
