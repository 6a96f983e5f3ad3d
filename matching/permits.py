"""Work-permit (TWV) dates for asylum seekers: waiting period, decision terms, renewals.

Pure and stdlib-only: the matching library uses it to rank candidates by when they may
work, and ``portal.domain.twv_rules`` builds its checks on it. Each rule is a dated row
with its source, so a change in the law is a new row (see ``/work/shared/domain/README.md``
section 8, rules A3, A10, D1, D3, D6).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Status = Literal["VERIFIED", "ASSUMED"]

#: Wav art. 6(2) (pre-2022 consolidated text): "binnen vijf weken na ontvangst" — D1, VERIFIED.
TWV_LEGAL_TERM_DAYS: int = 35
#: Pilots: "up to nine weeks" because of delays at UWV (Amstelveen B&W, 18 Feb 2025) — ASSUMED.
TWV_PRACTICAL_WAIT_DAYS: int = 63
#: Old W-document model (PRADO NLD-HO-02001) had a maximum validity of 1 year; the current
#: model's term is not published — ASSUMED (README §1.7, open question 5).
W_DOCUMENT_TERM_DAYS: int = 365
#: Start of the EU Asylum and Migration Pact; proposal of 3 Nov 2025, not yet law — A10.
EU_PACT_2026_START: date = date(2026, 6, 12)
#: The recast Reception Conditions Directive (EU) 2024/1346 applies from the same day.
RECAST_RCD_START: date = EU_PACT_2026_START

CountsFrom = Literal["application", "registration"]


@dataclass(frozen=True)
class WaitingRule:
    """How long an asylum application must be pending before the person may work."""

    valid_from: date
    valid_until: date | None  # inclusive last day; None = still in force
    months: int
    #: True for the EU-pact variant that only applies to "high chance" candidates (A10).
    eu_pact_high_chance_only: bool
    source: str
    status: Status
    #: Which date the months count from: the lodged application (Dutch rule) or the
    #: registration of the application (recast directive 2024/1346 art. 17).
    counts_from: CountsFrom = "application"

    def in_force_on(self, day: date) -> bool:
        """Whether the rule applies to work on ``day``."""
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )


WAITING_RULES: tuple[WaitingRule, ...] = (
    WaitingRule(
        # The portal judges no case from before 2022; older law is not modelled.
        valid_from=date.min,
        valid_until=None,
        months=6,
        eu_pact_high_chance_only=False,
        source=(
            "uwv.nl — Speciale voorwaarden per categorie: Asielzoeker (na 29 nov 2023): "
            "asielaanvraag minstens 6 maanden in behandeling; BuWav 2022 art. 6.2"
        ),
        status="VERIFIED",
    ),
    WaitingRule(
        valid_from=EU_PACT_2026_START,
        valid_until=None,
        months=3,
        eu_pact_high_chance_only=True,
        source=(
            "Rijksoverheid — Asielzoeker met grote kans op vergunning kan al na drie "
            "maanden werken (3 nov 2025); voorstel, nog geen wet op 15 dec 2025 (A10)"
        ),
        status="ASSUMED",
    ),
    WaitingRule(
        # Directive (EU) 2024/1346 art. 17(1): access to the labour market no later than
        # 6 months from the *registration* of the application, applying from 12 Jun 2026.
        # In the Netherlands the registration often comes weeks or months before the
        # application is lodged, so this is the earlier date whenever they differ.
        valid_from=RECAST_RCD_START,
        valid_until=None,
        months=6,
        eu_pact_high_chance_only=False,
        source=(
            "Richtlijn (EU) 2024/1346 (herziene Opvangrichtlijn) art. 17 lid 1: "
            "toegang tot de arbeidsmarkt uiterlijk 6 maanden na registratie van het "
            "verzoek; Tweede Kamer — Implementatie herziene Opvangrichtlijn (11 jun "
            "2024): 6 maanden (was 9) VERIFIED; het tellen vanaf de registratie staat "
            "niet in de gedeelde bronnen"
        ),
        status="ASSUMED",
        counts_from="registration",
    ),
)


@dataclass(frozen=True)
class AccessBlockRule:
    """A group of applicants that may not work at all from ``valid_from`` on."""

    code: str
    valid_from: date
    valid_until: date | None
    source: str
    status: Status

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )


#: Directive 2024/1346: no labour market access for applicants whose application is
#: examined in an accelerated procedure. A setting of its own (on by default), apart
#: from the Dutch "low chance" proposal (A10, not law, off).
ACCELERATED_PROCEDURE_BLOCK = AccessBlockRule(
    code="ACCELERATED_PROCEDURE_NO_WORK",
    valid_from=RECAST_RCD_START,
    valid_until=None,
    source=(
        "Richtlijn (EU) 2024/1346 (herziene Opvangrichtlijn) art. 17: geen toegang "
        "tot de arbeidsmarkt bij behandeling in een versnelde procedure; van "
        "toepassing vanaf 12 jun 2026 (tekst niet in de gedeelde bronnen)"
    ),
    status="ASSUMED",
)


def accelerated_procedure_blocks(day: date, *, accelerated: bool) -> bool:
    """Whether an accelerated procedure keeps the person from working on ``day``."""
    return accelerated and ACCELERATED_PROCEDURE_BLOCK.in_force_on(day)


@dataclass(frozen=True)
class EligibilityRules:
    """The switches of the eligibility rules that an administrator may change.

    The portal passes its TWV gate's own settings (``EligibilitySettings`` in
    ``portal.domain.twv_eligibility``), so matching and the gate judge a person alike.
    Matching applies them when it ranks (never when it featurises), so changing one
    takes effect at once, without rebuilding an index. The Dutch 3-month proposal
    (A10) is not here: it only concerns candidates flagged "high" or "low chance",
    which no profile records, so it cannot change a ranking.
    """

    #: Directive 2024/1346: no work in an accelerated procedure from 12 Jun 2026.
    block_accelerated_procedure: bool = True


DEFAULT_RULES = EligibilityRules()


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamped to the month end (31 Aug + 6 months = 28/29 Feb).

    A3 counts "6 calendar months"; clamping is the usual civil-law reading — ASSUMED.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def _counting_date(
    rule: WaitingRule, application_date: date, registration_date: date | None
) -> date:
    if rule.counts_from == "registration" and registration_date is not None:
        return registration_date
    return application_date


def _applicable_rules(
    rules: Sequence[WaitingRule], *, eu_pact: bool, high_chance: bool
) -> list[WaitingRule]:
    return [
        rule
        for rule in rules
        if not rule.eu_pact_high_chance_only or (eu_pact and high_chance)
    ]


def earliest_work_date(
    application_date: date,
    *,
    eu_pact: bool = False,
    high_chance: bool = False,
    registration_date: date | None = None,
    rules: Sequence[WaitingRule] = WAITING_RULES,
) -> date:
    """First day the person may work: application date + the waiting period in force.

    A3: 6 calendar months (VERIFIED). A10: with ``eu_pact`` on (default off, feature flag
    ``EU_PACT_2026``) a "high chance" candidate may work after 3 months, but not before
    the pact starts on 12 Jun 2026. From 12 Jun 2026 the recast directive counts 6 months
    from ``registration_date`` when it is known (and earlier than the application). A
    rule is judged on the working day, so the answer is the earliest day on which some
    rule in force allows work.
    """
    candidates: list[date] = []
    for rule in _applicable_rules(rules, eu_pact=eu_pact, high_chance=high_chance):
        start = _counting_date(rule, application_date, registration_date)
        day = max(add_months(start, rule.months), rule.valid_from)
        if rule.in_force_on(day):
            candidates.append(day)
    if not candidates:
        raise ValueError("no waiting-period rule covers this application")
    return min(candidates)


def first_work_day(
    application_date: date,
    *,
    registration_date: date | None = None,
    residence_permit_on: date | None = None,
) -> date:
    """The first day the waiting period allows work, or the permit day if earlier.

    :func:`earliest_work_date` (6 months from the application, or from an earlier
    registration under the recast directive); a status holder (A1) needs no TWV, so
    from ``residence_permit_on`` the waiting period no longer applies.
    """
    day = earliest_work_date(application_date, registration_date=registration_date)
    if residence_permit_on is not None:
        return min(day, residence_permit_on)
    return day


def may_work_on(
    application_date: date,
    day: date,
    *,
    eu_pact: bool = False,
    high_chance: bool = False,
    registration_date: date | None = None,
    rules: Sequence[WaitingRule] = WAITING_RULES,
) -> bool:
    """Whether the waiting period (A3/A10/RCD) has passed on ``day``; other conditions apart."""
    return any(
        rule.in_force_on(day)
        and day
        >= add_months(
            _counting_date(rule, application_date, registration_date), rule.months
        )
        for rule in _applicable_rules(rules, eu_pact=eu_pact, high_chance=high_chance)
    )


def twv_renewals_needed(
    w_valid_until: date,
    contract_start: date,
    contract_end: date,
    *,
    w_document_term_days: int = W_DOCUMENT_TERM_DAYS,
) -> int:
    """How many new TWV applications, after the first, a contract needs.

    The TWV ends with the W-document (D3, VERIFIED), so each new W-document means a new
    TWV. Each renewed W-document is assumed to run ``w_document_term_days`` from the day
    after the previous one (ASSUMED; the old model's maximum was 1 year). If the
    W-document already ends before the contract starts, the first TWV needs a new
    W-document anyway; that one is assumed to start on ``contract_start``.
    """
    if contract_end < contract_start:
        raise ValueError("contract_end is before contract_start")
    if w_document_term_days <= 0:
        raise ValueError("w_document_term_days must be positive")
    covered_until = w_valid_until
    if covered_until < contract_start:
        covered_until = contract_start + timedelta(days=w_document_term_days - 1)
    uncovered_days = (contract_end - covered_until).days
    if uncovered_days <= 0:
        return 0
    return -(-uncovered_days // w_document_term_days)  # ceiling division
