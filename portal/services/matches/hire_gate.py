"""The gate before any hire: the TWV checklist's eligibility rules on the proposed contract.

A contract is refused when the person may not work on its first day (the asylum
application is not old enough, counted from an earlier registration where the recast
directive allows it; no valid W-document on the start date; a final rejection; not in COA
reception; under 18; an accelerated procedure under the recast directive) or when the
wage is below the statutory minimum on any day of it. The refusal carries the gate's own sentences (Dutch msgids with
parameters, as on the TWV checklist) and the earliest start date the rules allow, when
there is one. The facts and the settings are the TWV checklist's own
(``twv.facts.candidate_facts``, ``twv.eligibility.eligibility_settings``), so both gates judge a
person alike. A submission that is only too early (A3b) does not stop a contract that
starts later: the TWV checklist waits for it.
"""

from __future__ import annotations

from datetime import date

from portal.domain.twv_eligibility import check_eligibility
from portal.domain.twv_eligibility_data import Check, EligibilityFacts
from portal.models import CandidateProfile
from portal.models.base import local_today
from portal.services.twv import eligibility as twv_eligibility
from portal.services.twv.facts import candidate_facts


class HireBlocked(Exception):
    """The gate refuses the contract; ``checks`` are the blocking findings."""

    def __init__(self, checks: list[Check], earliest_start: date | None) -> None:
        super().__init__(", ".join(c.code for c in checks))
        self.checks = checks
        self.earliest_start = earliest_start

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.checks]


def _facts(profile: CandidateProfile, terms) -> EligibilityFacts:  # type: ignore[no-untyped-def]
    """The TWV checklist's own facts (``twv.facts.candidate_facts``) for these terms."""
    return candidate_facts(
        profile,
        start_on=terms.contract_start,
        contract_end=terms.contract_end,
        hourly_wage=terms.hourly_wage,
    )


def blocking_checks(
    profile: CandidateProfile, terms, *, today: date | None = None
) -> list[Check]:  # type: ignore[no-untyped-def]
    """The findings that stop this contract (empty: the contract may be agreed)."""
    checks = check_eligibility(
        _facts(profile, terms),
        today=today or local_today(),
        settings=twv_eligibility.eligibility_settings(),
    )
    return [
        c
        for c in checks
        if c.severity == "blocking" and c.params.get("blocks") != "submission"
    ]


def earliest_start(checks: list[Check], terms) -> date | None:  # type: ignore[no-untyped-def]
    """The first day the start-date rules allow (None when a start date cannot help)."""
    dates = [terms.contract_start]
    for check in checks:
        if check.code in {"ASYLUM_APPLICATION_UNDER_6_MONTHS"}:
            dates.append(check.params["earliest_on"])  # type: ignore[arg-type]
        elif check.code == "UNDER_18":
            dates.append(check.params["adult_on"])  # type: ignore[arg-type]
        elif "WAGE" in check.code or check.code.startswith("WML"):
            continue  # a later start does not raise the wage
        else:
            return None
    later = max(dates)  # type: ignore[type-var]
    return later if later != terms.contract_start else None


def check(profile: CandidateProfile, terms, *, today: date | None = None) -> None:  # type: ignore[no-untyped-def]
    """Raise :class:`HireBlocked` when the gate refuses the contract."""
    blocked = blocking_checks(profile, terms, today=today)
    if blocked:
        raise HireBlocked(blocked, earliest_start(blocked, terms))
