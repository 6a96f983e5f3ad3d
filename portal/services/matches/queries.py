"""Read-only look-ups of the match review: a match's history, the matchmakers' queue, the
employer's matches and the anonymous profile an employer may open.

Split from ``review`` (the decisions) so each stays small; ``review`` re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
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
    """One vacancy's row on the employer's home: what waits for whom, with counts."""

    vacancy: Vacancy
    new: list[Match]  # approved: waiting for the employer's answer
    invited: list[Match]  # the employer said yes: waiting for the introduction
    ongoing: list[Match]  # introduced, interview planned, contract proposed
    proposed_hires: int  # contracts the matchmaker still has to confirm

    @property
    def todo(self) -> int:
        """What the employer can act on now (answer new candidates, follow up)."""
        return len(self.new) + len(
            [m for m in self.ongoing if m.status != MatchStatus.OFFER]
        )


def employer_work(by: User) -> list[VacancyWork]:
    """Per vacancy of the employer: new candidates, responses awaited, offers open."""
    rows: dict[int, VacancyWork] = {}
    for match in employer_matches(by):
        if match.status == MatchStatus.HIRED:
            continue
        work = rows.get(match.vacancy_id)
        if work is None:
            work = rows[match.vacancy_id] = VacancyWork(match.vacancy, [], [], [], 0)
        if match.status == MatchStatus.APPROVED:
            work.new.append(match)
        elif match.status == MatchStatus.INVITED:
            work.invited.append(match)
        else:
            work.ongoing.append(match)
    proposed = dict(
        db.session.execute(
            select(Hire.vacancy_id, func.count(Hire.id))
            .where(
                Hire.vacancy_id.in_(list(rows)),
                Hire.status == HireStatus.PROPOSED,
            )
            .group_by(Hire.vacancy_id)
        ).all()
    )
    return [
        VacancyWork(w.vacancy, w.new, w.invited, w.ongoing, int(proposed.get(v, 0)))
        for v, w in rows.items()
    ]
