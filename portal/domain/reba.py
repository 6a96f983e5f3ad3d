"""REBA estimate: what a *single* asylum seeker in COA reception keeps of a wage (rule E3).

Mechanism from the Regeling eigen bijdrage asielzoekers met inkomen en vermogen 2008
(Reba 2008, BWBR0024733, original text — VERIFIED): COA counts **net** income
(art. 5(5)); 25% of work income, up to a monthly cap, is disregarded (art. 5(3)); the
monthly contribution is the rest, capped at the economic value of the reception
provisions (art. 4). The current cap and economic value are not published, so they are
settings with their default and source (ASSUMED). The result is informational only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)

DISREGARD_RATE_DEFAULT = Decimal("0.25")
DISREGARD_RATE_SOURCE = "Reba 2008 art. 5(3): 25 procent van de inkomsten uit arbeid"

DISREGARD_CAP_DEFAULT = Decimal("246.00")
DISREGARD_CAP_SOURCE = (
    "Gemeente Amstelveen, collegebesluit 'Ondersteuning naar werk aan asielzoekers' "
    "(18 feb 2025) — niet geverifieerd; Reba 2008 art. 5(3): € 183,00 per maand"
)
DISREGARD_CAP_2008 = Decimal("183.00")

ECONOMIC_VALUE_DEFAULT = Decimal("536.79")
ECONOMIC_VALUE_SOURCE = (
    "ICC-PMM, 'Werken met asielzoekers: kansen voor werkgevers in Meppel' (2025): "
    "maximale eigen bijdrage € 536,79 (praktijkvoorbeeld)"
)

#: ASSUMED: net ≈ 90% of gross near minimum-wage level with the wage-tax credits
#: (loonheffingskorting) applied. Without a BSN the anoniementarief (52%) applies
#: unless the lenient position is used (E1); then use NET_GROSS_RATIO_ANONYMOUS.
NET_GROSS_RATIO_DEFAULT = Decimal("0.90")
NET_GROSS_RATIO_ANONYMOUS = Decimal("0.48")
NET_GROSS_RATIO_SOURCE = (
    "Aanname Werkbrug: netto/bruto-verhouding rond het minimumloon met "
    "loonheffingskorting; anoniementarief 52% (Rendement, 22 jul 2019)"
)

#: COA does not publish the computation for families (Amstelveen, 2025).
FAMILIES_COMPUTED = False


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RebaSettings:
    """Admin-configurable REBA figures; defaults and sources are module constants."""

    disregard_rate: Decimal = DISREGARD_RATE_DEFAULT
    disregard_cap: Decimal = DISREGARD_CAP_DEFAULT
    economic_value: Decimal = ECONOMIC_VALUE_DEFAULT
    net_gross_ratio: Decimal = NET_GROSS_RATIO_DEFAULT
    sources: dict[str, str] = field(
        default_factory=lambda: {
            "disregard_rate": DISREGARD_RATE_SOURCE,
            "disregard_cap": DISREGARD_CAP_SOURCE,
            "economic_value": ECONOMIC_VALUE_SOURCE,
            "net_gross_ratio": NET_GROSS_RATIO_SOURCE,
        },
        compare=False,
    )

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.disregard_rate <= Decimal(1):
            raise ValueError("disregard_rate must lie between 0 and 1")
        if not Decimal(0) < self.net_gross_ratio <= Decimal(1):
            raise ValueError("net_gross_ratio must lie in (0, 1]")
        if self.disregard_cap < 0 or self.economic_value < 0:
            raise ValueError("cap and economic value cannot be negative")


@dataclass(frozen=True)
class RebaEstimate:
    """Monthly amounts in euros, rounded to cents. Always an estimate, single person only."""

    gross_monthly: Decimal | None  # None when computed from a known net income
    net_monthly: Decimal
    disregard: Decimal
    contribution: Decimal
    kept: Decimal
    settings: RebaSettings
    is_estimate: bool = True
    household: str = "single"


def reba_from_net(net_monthly: Decimal, *, settings: RebaSettings) -> RebaEstimate:
    """E3 from a known net monthly income (e.g. read from a payslip)."""
    return _estimate(gross=None, net=net_monthly, settings=settings)


def estimate_reba(
    hourly_wage: Decimal, hours_per_week: Decimal, *, settings: RebaSettings
) -> RebaEstimate:
    """E3: gross = hours × wage × 52 / 12; net = gross × ratio (ASSUMED); then the Reba."""
    if hourly_wage < 0 or hours_per_week < 0:
        raise ValueError("wage and hours cannot be negative")
    gross = _cents(hourly_wage * hours_per_week * WEEKS_PER_YEAR / MONTHS_PER_YEAR)
    return _estimate(
        gross=gross, net=_cents(gross * settings.net_gross_ratio), settings=settings
    )


def _estimate(
    gross: Decimal | None, net: Decimal, settings: RebaSettings
) -> RebaEstimate:
    if net < 0:
        raise ValueError("net income cannot be negative")
    net = _cents(net)
    disregard = min(_cents(net * settings.disregard_rate), settings.disregard_cap)
    contribution = max(Decimal("0.00"), min(net - disregard, settings.economic_value))
    return RebaEstimate(
        gross_monthly=gross,
        net_monthly=net,
        disregard=disregard,
        contribution=contribution,
        kept=net - contribution,
        settings=settings,
    )
