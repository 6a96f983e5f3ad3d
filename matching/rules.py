"""The hard rules for one pair, written out plainly with scalar Python.

The ranking evaluates the same rules vectorised (:mod:`matching.scoring`). This scalar
version is the readable reference: the evaluation uses it to count listed pairs that
should have been blocked, the evaluation set uses it for its labels, and the tests
check that both versions agree, and that the eligibility rules agree with the portal's
TWV gate (``portal.domain.twv_eligibility``).
"""

from __future__ import annotations

from datetime import date

from matching.geo import load_postcodes
from matching.permits import (
    DEFAULT_RULES,
    EligibilityRules,
    accelerated_procedure_blocks,
    first_work_day,
)
from matching.scoring import DISTANCE_EPS_KM
from matching.types import Candidate, Vacancy, cefr_rank


def effective_start(vacancy: Vacancy, as_of: date) -> date:
    """The day the job would start: its start date, or ``as_of`` if that has passed."""
    return max(vacancy.start_date, as_of)


def is_status_holder(candidate: Candidate, day: date) -> bool:
    """A1: with a residence permit on ``day`` no TWV is needed."""
    permit = candidate.residence_permit_on
    return permit is not None and permit <= day


def eligibility_violations(
    candidate: Candidate, start: date, rules: EligibilityRules = DEFAULT_RULES
) -> list[str]:
    """The permit rules that keep the person from working on ``start``.

    The TWV gate's rules as far as matching knows the facts: the waiting period (A3,
    from an earlier registration under the recast directive), the W-document (A4) and
    the accelerated procedure (directive 2024/1346), none of them for a status holder
    (A1). A final refusal and leaving COA reception keep a profile out of the portal's
    pool; age and wage are the contract's, not the pair's.
    """
    if is_status_holder(candidate, start):
        return []
    broken = []
    earliest = first_work_day(
        candidate.asylum_application_date,
        registration_date=candidate.asylum_registration_date,
    )
    if start < earliest:
        broken.append("blocked_not_allowed_to_work_yet")
    if rules.block_accelerated_procedure and accelerated_procedure_blocks(
        start, accelerated=candidate.accelerated_procedure
    ):
        broken.append("blocked_accelerated_procedure")
    if candidate.w_document_valid_until < start:
        broken.append("blocked_w_document_expired")
    return broken


def hard_rule_violations(
    candidate: Candidate,
    vacancy: Vacancy,
    as_of: date,
    rules: EligibilityRules = DEFAULT_RULES,
) -> list[str]:
    """Codes of the hard rules the pair breaks (empty: the pair may be proposed)."""
    start = effective_start(vacancy, as_of)
    broken = eligibility_violations(candidate, start, rules)
    distance = load_postcodes().distance_km(candidate.pc4, vacancy.pc4)
    if distance > candidate.max_travel_km + DISTANCE_EPS_KM:
        broken.append("blocked_too_far")
    for lang, required in vacancy.languages_required.items():
        if cefr_rank(candidate.languages.get(lang)) < cefr_rank(required) - 1:
            broken.append("blocked_language")
            break
    if not candidate.has_consent:
        broken.append("blocked_no_consent")
    return broken
