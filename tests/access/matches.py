"""Access rules of the match pages (walked by tests/web/test_access.py)."""

from types import SimpleNamespace

from portal.models import MatchStatus
from portal.services.matches import review as matches
from tests.fixtures.matches import (
    create_match_profile,
    create_match_row,
    create_match_vacancy,
)


def world(actors: SimpleNamespace) -> SimpleNamespace:
    """A published vacancy of the employer, a profile to act on, approved and invited matches."""
    vacancy = create_match_vacancy(actors.employer.employer)
    fresh = create_match_profile()
    approved = matches.approve(vacancy, create_match_profile(), by=actors.matchmaker)
    invited = matches.approve(vacancy, create_match_profile(), by=actors.matchmaker)
    matches.invite(invited, by=actors.employer)
    suggested = create_match_row(vacancy, create_match_profile(), MatchStatus.SUGGESTED)
    return SimpleNamespace(
        vacancy_id=vacancy.id,
        candidate_id=fresh.id,
        approved_id=approved.id,
        invited_id=invited.id,
        suggested_id=suggested.id,
    )


MATCHMAKER_ONLY = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}
EMPLOYER_OWN = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 404,
    "unverified_employer": 404,
    "matchmaker": 403,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}


def _pair(w: SimpleNamespace) -> dict[str, int]:
    return {"vacancy_id": w.vacancy_id, "candidate_id": w.candidate_id}


RULES = [
    ("matches.index", "GET", None, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    (
        "matches.for_vacancy",
        "GET",
        lambda w: {"vacancy_id": w.vacancy_id},
        {**MATCHMAKER_ONLY, "matchmaker": 200},
    ),
    (
        "matches.for_candidate",
        "GET",
        lambda w: {"candidate_id": w.candidate_id},
        {**MATCHMAKER_ONLY, "matchmaker": 200},
    ),
    ("matches.explain", "GET", None, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    ("matches.save", "POST", _pair, {**MATCHMAKER_ONLY, "matchmaker": 302}),
    ("matches.approve", "POST", _pair, {**MATCHMAKER_ONLY, "matchmaker": 302}),
    ("matches.reject", "GET", _pair, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    # An empty form has no reason: the form comes back with an error.
    ("matches.reject", "POST", _pair, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    (
        "matches.detail",
        "GET",
        lambda w: {"match_id": w.approved_id},
        {**MATCHMAKER_ONLY, "matchmaker": 200},
    ),
    (
        "matches.introduce",
        "POST",
        lambda w: {"match_id": w.invited_id},
        {**MATCHMAKER_ONLY, "matchmaker": 302},
    ),
    (
        "matches.reranker_status",
        "GET",
        None,
        {**MATCHMAKER_ONLY, "matchmaker": 200, "admin": 200},
    ),
    (
        "matches.employer_index",
        "GET",
        None,
        {
            "anonymous": 302,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 403,
            "admin": 403,
            "intermediary": 403,
            "coa": 403,
        },
    ),
    (
        "matches.employer_candidate",
        "GET",
        lambda w: {"match_id": w.approved_id},
        EMPLOYER_OWN,
    ),
    (
        "matches.invite",
        "POST",
        lambda w: {"match_id": w.approved_id},
        {**EMPLOYER_OWN, "employer": 302},
    ),
    (
        "matches.decline",
        "GET",
        lambda w: {"match_id": w.approved_id},
        {**EMPLOYER_OWN, "matchmaker": 200},
    ),
    (
        "matches.decline",
        "POST",
        lambda w: {"match_id": w.approved_id},
        {**EMPLOYER_OWN, "matchmaker": 200},
    ),
]
