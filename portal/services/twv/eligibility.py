"""The eligibility gate of a TWV case: its settings, the facts of a cycle, the checks.

The rules are ``portal.domain.twv_rules`` (``check_eligibility``); this module feeds
them what the portal knows: the administrators' switches and minimum-wage table
(:func:`eligibility_settings`, also read by the hire gate and the matching index, so all
judge alike), the facts of a cycle's first working day, and which checklist steps a
blocking check stops (:func:`blocked_steps`).
"""

from __future__ import annotations

from datetime import date

from portal.domain.twv_rules import (
    CHECKLIST_STEPS,
    Check,
    EligibilityFacts,
    EligibilitySettings,
    check_eligibility,
    next_twv_start,
)
from portal.models import TwvCase, TwvCycle
from portal.models.base import local_today
from portal.services.settings import definitions, values
from portal.services.settings.wage_rates import get_wage_rates
from portal.services.twv.facts import candidate_facts

#: Steps that are done while the application is being prepared; a submission-only
#: block (A3b: drafting allowed from month 5) leaves these open.
PREPARATION_STEPS = frozenset({"draft_contract", "w_document_copy", "agency_work"})
STEP_KEYS = tuple(s.key for s in CHECKLIST_STEPS)


def eligibility_settings() -> EligibilitySettings:
    """The gate's settings with the minimum-wage table as administrators keep it."""
    return EligibilitySettings(
        wage_rates=get_wage_rates(),
        eu_pact_2026=values.get_bool(definitions.EU_PACT_PROPOSAL),
        block_accelerated_procedure=values.get_bool(definitions.BLOCK_ACCELERATED),
    )


def eligibility_facts(case: TwvCase, cycle: TwvCycle) -> EligibilityFacts:
    """What the gate needs, for the cycle's first working day."""
    hire = case.hire
    profile = case.candidate
    start_on = hire.contract_start
    earlier = [c for c in case.cycles if c.number < cycle.number and c.valid_until]
    if earlier:
        start_on = max(start_on, next_twv_start(earlier[-1].valid_until))  # type: ignore[arg-type]
    return candidate_facts(
        profile,
        start_on=start_on,
        contract_end=hire.contract_end,
        hourly_wage=hire.hourly_wage,
        via_agency=case.via_agency,
        agency_admitted=bool(case.wtta_admission_number),
    )


def eligibility(
    case: TwvCase,
    cycle: TwvCycle | None = None,
    *,
    today: date | None = None,
    settings: EligibilitySettings | None = None,
) -> list[Check]:
    """The eligibility checks for a cycle (the current one by default), blocking first."""
    cycle = cycle or case.current_cycle
    return check_eligibility(
        eligibility_facts(case, cycle),
        today=today or local_today(),
        settings=settings or eligibility_settings(),
    )


def blocked_steps(checks: list[Check]) -> dict[str, list[Check]]:
    """Which steps the blocking checks stop, with the checks that stop them (pure).

    A submission-only block (A3b) lets the preparation steps go ahead once drafting is
    allowed; every other blocking check stops the whole checklist.
    """
    result: dict[str, list[Check]] = {}
    for check in checks:
        if check.severity != "blocking":
            continue
        submission_only = check.params.get("blocks") == "submission"
        may_draft = bool(check.params.get("may_draft"))
        for key in STEP_KEYS:
            if submission_only and may_draft and key in PREPARATION_STEPS:
                continue
            result.setdefault(key, []).append(check)
    return result
