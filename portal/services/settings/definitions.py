"""The settings there are: each key with its type, default and the source of that default.

Kept apart from reading and storing values (``values``) so the list of settings, what the
admin page offers, reads in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import current_app

from portal.domain import pilot_reference, reba

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


def parse(definition: SettingDef, raw: Any) -> Any:
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


def format_value(definition: SettingDef, value: Any) -> str:
    if definition.kind == "bool":
        return "true" if value else "false"
    return str(value)
