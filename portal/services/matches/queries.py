"""Read-only look-ups of the match review: a match's history, the matchmakers' queue, the
employer's matches and the anonymous profile an employer may open.

Split from ``review`` (the decisions) so each stays small; ``review`` re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    StatusChange,
    User,
    Vacancy,
)
from portal.services.candidates import employer_view as candidate_views
from portal.services.candidates.employer_view import EmployerCandidateView
from portal.services.matches.guards import NotAllowed, require_owner

#: States in which a matchmaker's list still expects someone to act.
OPEN_STATES = (MatchStatus.SUGGESTED, MatchStatus.APPROVED, MatchStatus.INVITED)
#: States after the introduction, still going somewhere (the journey's middle).
ONGOING_STATES = (
    MatchStatus.INTRODUCED,
    MatchStatus.INTERVIEW_PLANNED,
    MatchStatus.OFFER,
)
#: The "no"s and the ends that did not lead to work.
CLOSED_NO_STATES = (
    MatchStatus.REJECTED,
    MatchStatus.DECLINED,
    MatchStatus.NOT_HIRED,
    MatchStatus.WITHDRAWN,
)


def history(match: Match) -> list[StatusChange]:
    """The match's state changes, oldest first."""
    return list(
        db.session.scalars(
            select(StatusChange)
            .where(
                StatusChange.object_type == "match", StatusChange.object_id == match.id
            )
            .order_by(StatusChange.at, StatusChange.id)
        )
    )


def decided_ids(
    vacancy: Vacancy | None = None, profile: CandidateProfile | None = None
) -> dict[int, Match]:
    """Existing match rows of a vacancy (keyed by profile id) or a profile (by vacancy id)."""
    query = select(Match)
    if vacancy is not None:
        rows = db.session.scalars(
            query.where(Match.vacancy_id == vacancy.id).options(
                joinedload(Match.candidate)  # the panel shows each decided person
            )
        ).all()
        return {m.candidate_id: m for m in rows}
    assert profile is not None  # noqa: S101
    rows = db.session.scalars(
        query.where(Match.candidate_id == profile.id).options(joinedload(Match.vacancy))
    ).all()
    return {m.vacancy_id: m for m in rows}


# -- lists ----------------------------------------------------------------------------------
def review_queue(limit: int = 50) -> dict[MatchStatus, list[Match]]:
    """The matchmakers' work: open matches per state, and the latest "no"s."""
    query = (
        select(Match)
        .options(selectinload(Match.vacancy), selectinload(Match.candidate))
        .order_by(Match.updated_at.desc(), Match.id.desc())
    )
    queue = {}
    for status in (*OPEN_STATES, *ONGOING_STATES):
        queue[status] = list(
            db.session.scalars(query.where(Match.status == status).limit(limit))
        )
    queue[MatchStatus.REJECTED] = list(
        db.session.scalars(query.where(Match.status.in_(CLOSED_NO_STATES)).limit(limit))
    )
    return queue


def employer_matches(by: User) -> list[Match]:
    """Matches an employer may see (approved or further) on its own vacancies."""
    if not by.is_employer or by.employer is None or not by.employer.is_verified:
        return []
    return list(
        db.session.scalars(
            select(Match)
            .join(Match.vacancy)
            .where(Vacancy.employer_id == by.employer_id)
            .where(Match.status.in_(candidate_views.VISIBLE_MATCH_STATUSES))
            .options(selectinload(Match.vacancy), selectinload(Match.candidate))
            .order_by(Vacancy.title, Vacancy.id, Match.updated_at.desc())
        )
    )


def get_match(match_id: int) -> Match | None:
    return db.session.get(Match, match_id)


def employer_candidate(
    match: Match,
    *,
    by: User,
    as_of: date,
    ip_address: str | None = None,
    request_id: str | None = None,
) -> EmployerCandidateView:
    """The anonymous profile of a match for its employer, logged as a profile view."""
    require_owner(match, by)
    profile = match.candidate
    if not match.visible_to_employer or not candidate_views.employer_may_see(
        by, profile
    ):
        raise NotAllowed(f"{by!r} may not see profile {profile.id}")
    try:
        view = candidate_views.employer_view(
            profile, vacancy=match.vacancy, as_of=as_of
        )
    except candidate_views.NotVisible as exc:
        raise NotAllowed(str(exc)) from exc
    candidate_views.record_profile_views(
        [profile],
        by=by,
        vacancy=match.vacancy,
        ip_address=ip_address,
        request_id=request_id,
    )
    return view


@dataclass(frozen=True)
class VacancyWork:
    """One vacancy's row on the employer's home: what waits for whom, as counts."""

    vacancy_id: int
    title: str
    ref: str
    new: int  # approved: waiting for the employer's answer
    invited: int  # the employer said yes: waiting for the introduction
    talking: int  # introduced or interview planned
    offers: int  # a contract proposed by the employer
    proposed_hires: int  # contracts the matchmaker still has to confirm

    @property
    def todo(self) -> int:
        """What the employer can act on now (answer new candidates, follow up)."""
        return self.new + self.talking


def employer_work(by: User) -> list[VacancyWork]:
    """Per vacancy of the employer with open matches: new candidates, responses awaited,
    offers open, contracts waiting for confirmation (one aggregate query)."""
    if not by.is_employer or by.employer is None or not by.employer.is_verified:
        return []
    open_states = [
        s for s in candidate_views.VISIBLE_MATCH_STATUSES if s != MatchStatus.HIRED
    ]

    def count(*states: MatchStatus) -> ColumnElement[int]:
        return func.count(Match.id).filter(Match.status.in_(states))

    proposed = (
        select(func.count(Hire.id))
        .where(Hire.vacancy_id == Vacancy.id, Hire.status == HireStatus.PROPOSED)
        .correlate(Vacancy)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Vacancy.id,
            Vacancy.title,
            Vacancy.ref,
            count(MatchStatus.APPROVED),
            count(MatchStatus.INVITED),
            count(MatchStatus.INTRODUCED, MatchStatus.INTERVIEW_PLANNED),
            count(MatchStatus.OFFER),
            proposed,
        )
        .join(Match, Match.vacancy_id == Vacancy.id)
        .where(Vacancy.employer_id == by.employer_id, Match.status.in_(open_states))
        .group_by(Vacancy.id, Vacancy.title, Vacancy.ref)
        .order_by(Vacancy.title, Vacancy.id)
    )
    return [
        VacancyWork(vacancy_id, title, ref, *(int(n) for n in counts))
        for vacancy_id, title, ref, *counts in rows
    ]
