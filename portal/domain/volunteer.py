"""Volunteer work as its own track (rule F1), as a dated rule row.

Volunteer placements need the organisation's vrijwilligersverklaring (held, or applied
for with UWV's receipt), and commercial organisations cannot take volunteers — README
§5.1 and §8 F1 (secondary sources, consistent: VERIFIED). Whether volunteer work is
allowed in the first 6 months is an open question (README §9 item 13), so it is not
checked here. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Status = Literal["VERIFIED", "ASSUMED"]


@dataclass(frozen=True)
class VolunteerRule:
    valid_from: date
    requires_declaration: bool
    for_profit_allowed: bool
    source: str
    status: Status


VOLUNTEER_RULES: tuple[VolunteerRule, ...] = (
    VolunteerRule(
        valid_from=date.min,
        requires_declaration=True,
        for_profit_allowed=False,
        source=(
            "README §5.1/§8 F1: vrijwilligersverklaring van de organisatie (of "
            "ontvangstbevestiging van UWV); niet bij commerciële organisaties"
        ),
        status="VERIFIED",
    ),
)

NO_VOLUNTEER_DECLARATION = "NO_VOLUNTEER_DECLARATION"
FOR_PROFIT_NO_VOLUNTEERS = "FOR_PROFIT_NO_VOLUNTEERS"


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    return s


#: What each problem means, in plain Dutch (msgids; the portal translates them).
PROBLEM_MESSAGES: dict[str, str] = {
    FOR_PROFIT_NO_VOLUNTEERS: N_(
        "Een commerciële organisatie mag geen vrijwilligers laten werken. Zoek een "
        "organisatie zonder winstoogmerk of een betaalde baan met een werkvergunning."
    ),
    NO_VOLUNTEER_DECLARATION: N_(
        "De organisatie heeft geen vrijwilligersverklaring. Zonder verklaring (of de "
        "ontvangstbevestiging van de aanvraag bij UWV) mag het vrijwilligerswerk niet "
        "beginnen."
    ),
}


def volunteer_problems(
    on: date,
    *,
    has_declaration: bool,
    declaration_applied: bool = False,
    for_profit: bool,
    rules: tuple[VolunteerRule, ...] = VOLUNTEER_RULES,
) -> list[str]:
    """Codes that stop a volunteer placement on ``on``; empty means it may go ahead."""
    rule = max((r for r in rules if r.valid_from <= on), key=lambda r: r.valid_from)
    problems = []
    if for_profit and not rule.for_profit_allowed:
        problems.append(FOR_PROFIT_NO_VOLUNTEERS)
    if rule.requires_declaration and not (has_declaration or declaration_applied):
        problems.append(NO_VOLUNTEER_DECLARATION)
    return problems
