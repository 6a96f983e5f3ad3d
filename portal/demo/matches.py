"""Demo matches: what a few weeks of match review around Amstelveen would leave behind.

For every published vacancy the portal's own proposals (ranked today) are reviewed as a
matchmaker would: the best one or two approved, some kept for later, the rest rejected
with a coded reason. A few employers then invite, decline or meet a candidate. That gives
employers candidates to see, the matchmakers a work queue, and more decisions than
``RERANKER_MIN_DECISIONS`` so the re-ranker status page has something to compare.
The proposals are logged as seen before they are decided on, so the Matches page shows
approval rates by rank and by group, and the top-3 rejections carry an override reason.

The demo vacancies are taken in the vacancies step's order (by their stable
references, the same on SQLite and PostgreSQL). Idempotent: a vacancy that already
has a logged proposal or a match was reviewed in an earlier run and is left alone.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.demo import vacancies as vacancies_demo
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    DecisionKind,
    Match,
    SuggestionDecision,
    User,
    Vacancy,
)
from portal.services.matches import decision_log, oversight
from portal.services.matches import ranking as matching_service
from portal.services.matches import review as matches

MATCHMAKERS = (
    "matchmaker@werkplein-amstelveen.nl",
    "matchmaker2@werkplein-amstelveen.nl",
)
#: How many proposals per vacancy are reviewed.
REVIEWED = 6
#: Coded reasons for the rejections, in turn (what matchmakers said most in the pilots).
REJECT_REASONS = (
    "language",
    "hours",
    "not_available",
    "skills_mismatch",
    "candidate_not_interested",
    "travel",
    "twv_pending",
)


def _review(
    vacancy: Vacancy, number: int, reviewers: list[User], counts: dict[str, int]
) -> None:
    """Decide on the proposals of one vacancy; ``number`` varies the story per vacancy."""
    by = reviewers[number % len(reviewers)]
    result = matching_service.rank_candidates(vacancy, top=REVIEWED)
    proposals = result.items
    profiles = {
        p.candidate_id: db.session.get(CandidateProfile, p.candidate_id)
        for p in proposals
    }
    decision_log.record_shown(
        proposals,
        vacancies={vacancy.id: vacancy},
        profiles={k: v for k, v in profiles.items() if v is not None},
        model=result.model,
        by=by,
    )
    owner = vacancy.employer.users[0] if vacancy.employer.users else None
    for rank, proposal in enumerate(proposals):
        profile = profiles[proposal.candidate_id]
        if rank == 0 or (rank == 1 and number % 2 == 0):
            try:
                match = matches.approve(vacancy, profile, by=by)
            except matches.NoConsentForEmployers:
                matches.suggest(vacancy, profile, by=by)  # ask the person first
                counts["kept"] += 1
                continue
            counts["approved"] += 1
            if owner is None:
                continue
            if rank == 0 and number % 3 == 0:
                matches.invite(match, by=owner)
                counts["invited"] += 1
                if number % 6 == 0:
                    matches.introduce(match, by=by, note="Kennismaking op de werkvloer")
                    counts["introduced"] += 1
            elif rank == 1 and number % 4 == 0:
                matches.decline(match, by=owner, reason_code="skills_mismatch")
                counts["declined"] += 1
        elif rank == 1:
            matches.suggest(vacancy, profile, by=by)
            counts["kept"] += 1
        else:
            reason = REJECT_REASONS[(number + rank) % len(REJECT_REASONS)]
            override = (
                "candidate_wishes"
                if oversight.override_needed(DecisionKind.REJECTED, rank + 1)
                else None
            )
            matches.reject(
                vacancy, profile, by=by, reason_code=reason, override_reason=override
            )
            counts["rejected"] += 1


def _reviewed(vacancy: Vacancy) -> bool:
    return (
        db.session.scalar(
            select(SuggestionDecision.id)
            .where(SuggestionDecision.vacancy_id == vacancy.id)
            .limit(1)
        )
        is not None
        or db.session.scalar(
            select(Match.id).where(Match.vacancy_id == vacancy.id).limit(1)
        )
        is not None
    )


def load() -> list[str]:
    reviewers = [
        u
        for email in MATCHMAKERS
        if (u := db.session.scalar(select(User).where(User.email == email)))
    ]
    if not reviewers:
        return []  # the accounts step did not run
    counts = dict.fromkeys(
        ("approved", "kept", "rejected", "invited", "introduced", "declined"), 0
    )
    reviewed = 0
    for number, (_job, vacancy) in enumerate(vacancies_demo.published()):
        if not vacancy.employer.is_verified:
            continue
        if _reviewed(vacancy):
            continue  # reviewed in an earlier run
        _review(vacancy, number, reviewers, counts)
        db.session.flush()
        reviewed += 1
    if not reviewed:
        return []
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    return [f"matches    {reviewed} vacatures beoordeeld: {summary}"]
