"""The hard rules for one pair, written out plainly with scalar Python.

The ranking evaluates the same rules vectorised (:mod:`matching.scoring`). This scalar
version is the readable reference: the evaluation uses it to count listed pairs that
should have been blocked, the evaluation set uses it for its labels, and the tests
check that both versions agree.
"""

from __future__ import annotations

from datetime import date

from matching.geo import load_postcodes
from matching.permits import may_work_on
from matching.scoring import DISTANCE_EPS_KM
from matching.types import Candidate, Vacancy, cefr_rank


def effective_start(vacancy: Vacancy, as_of: date) -> date:
    """The day the job would start: its start date, or ``as_of`` if that has passed."""
    return max(vacancy.start_date, as_of)


def hard_rule_violations(
    candidate: Candidate, vacancy: Vacancy, as_of: date
) -> list[str]:
    """Codes of the hard rules the pair breaks (empty: the pair may be proposed)."""
    start = effective_start(vacancy, as_of)
    broken = []
    if not may_work_on(candidate.asylum_application_date, start):
        broken.append("blocked_not_allowed_to_work_yet")
    if candidate.w_document_valid_until < start:
        broken.append("blocked_w_document_expired")
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
