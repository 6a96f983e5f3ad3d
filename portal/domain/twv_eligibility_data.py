"""The data of the TWV eligibility gate: the facts it reads, the switches it obeys, and the
findings it returns.

``EligibilityFacts`` is what the portal knows about one candidate and one planned job;
``EligibilitySettings`` are the switches an administrator can change (defaults as in the
domain README, section 8, with the minimum-wage table); a ``Check`` is one finding, with
a plain-Dutch message and action marked with ``N_`` for translation. The rules that make
the findings are ``twv_eligibility`` (the person and the procedure) and
``twv_job_checks`` (the job: wage, agency work, payroll).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from portal.domain.minimum_wage import DEFAULT_RATES, WageRate


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Severity = Literal["blocking", "warning", "info"]
Chance = Literal["high", "normal", "low"]


@dataclass(frozen=True)
class Check:
    """One finding of the gate; ``params`` holds raw values (date, Decimal, int)."""

    code: str
    severity: Severity
    params: dict[str, object]
    message_nl: str
    action_nl: str
    rule: str = ""


@dataclass(frozen=True)
class EligibilityFacts:
    """What the portal knows about one candidate and one planned job."""

    start_on: date
    asylum_application_on: date | None
    w_valid_until: date | None
    has_residence_permit: bool = False
    residence_permit_on: date | None = None
    date_of_birth: date | None = None
    in_coa_reception: bool = True
    asylum_finally_rejected: bool = False
    hourly_wage: Decimal | None = None
    contract_end: date | None = None
    has_bsn: bool = False
    registered_in_brp: bool = False
    #: A10: chance of a permit as flagged by the matchmaker; only used with the pact flag.
    eu_pact_chance: Chance | None = None
    #: Registration of the asylum application where it differs from the lodging date
    #: (recast directive 2024/1346: 6 months from registration, from 12 Jun 2026).
    asylum_registration_on: date | None = None
    #: The application is examined in an accelerated procedure (directive 2024/1346).
    accelerated_procedure: bool = False
    #: F4: the placement is through an agency (uitzendbureau) and whether it showed its
    #: Wtta admission.
    via_agency: bool = False
    agency_admitted: bool = False


@dataclass(frozen=True)
class EligibilitySettings:
    """Switches an administrator can change; defaults are the README's."""

    #: A10 feature flag ``EU_PACT_2026``: off until the amended BuWav/RuWav is published.
    eu_pact_2026: bool = False
    #: Directive 2024/1346: no work in an accelerated procedure from 12 Jun 2026. Its own
    #: switch, separate from the Dutch proposal above (ASSUMED: on, the directive applies).
    block_accelerated_procedure: bool = True
    #: A3b — ASSUMED: block submission before 6 months; drafting allowed from month 5.
    block_submission_before_6_months: bool = True
    drafting_from_months: int = 5
    #: B3 — ASSUMED: 21+ rate regardless of age; True uses youth rates (the override).
    use_youth_rates: bool = False
    wage_rates: tuple[WageRate, ...] = field(default=DEFAULT_RATES, repr=False)


def finding(
    code: str,
    severity: Severity,
    rule: str,
    message_nl: str,
    action_nl: str,
    **params: object,
) -> Check:
    """One finding: its code, severity, rule, message and action (msgids), and params."""
    return Check(code, severity, dict(params), message_nl, action_nl, rule)
