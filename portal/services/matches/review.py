"""The match review: from a proposal to an introduction, one recorded step at a time.

A Match row is written only when a matchmaker acts on a proposal (the proposals
themselves are computed on the fly). Each step checks who may take it and from which
state, writes a StatusChange row (who, when, from → to, and a coded reason for every
"no"), and keeps the score parts at the time of the matchmaker's decision on the row:
that is the learning data for the re-ranker and the audit of why a pair was shown.
"""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from matching.types import Explanation
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    DecisionKind,
    Match,
    MatchStatus,
    StatusChange,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit
from portal.services.candidates import consents
from portal.services.candidates import employer_view as candidate_views
from portal.services.candidates import profiles as candidates
from portal.services.candidates.employer_view import EmployerCandidateView
from portal.services.matches import oversight
from portal.services.matches import ranking as matching_service

log = logging.getLogger(__name__)

#: Why a matchmaker says no to a proposed pair (the coded reason is required).
REJECT_REASONS = {
    "skills_mismatch": _l("Vaardigheden of ervaring passen niet"),
    "not_available": _l("Kandidaat is niet beschikbaar"),
    "distance": _l("Reisafstand is te groot"),
    "language": _l("Taalniveau past niet"),
    "hours": _l("Uren passen niet"),
    "candidate_not_interested": _l("Kandidaat heeft geen interesse"),
    "permit_issue": _l("Probleem met werkvergunning of verblijfsdocument"),
    "other": _l("Andere reden (licht toe)"),
}
#: Why an employer (or the candidate, through the matchmaker) says no after approval.
DECLINE_REASONS = {
    "skills_mismatch": _l("Vaardigheden of ervaring passen niet"),
    "language": _l("Taalniveau past niet"),
    "not_available": _l("Kandidaat is niet beschikbaar"),
    "position_filled": _l("Vacature is al vervuld"),
    "candidate_not_interested": _l("Kandidaat heeft geen interesse"),
    "permit_issue": _l("Probleem met werkvergunning of verblijfsdocument"),
    "other": _l("Andere reden (licht toe)"),
}
#: Reason codes that need a written note.
NOTE_REQUIRED = {"other"}

#: Allowed transitions: to-state → states it may come from.
TRANSITIONS: dict[MatchStatus, set[MatchStatus]] = {
    MatchStatus.APPROVED: {MatchStatus.SUGGESTED, MatchStatus.REJECTED},
    MatchStatus.REJECTED: {MatchStatus.SUGGESTED, MatchStatus.APPROVED},
    MatchStatus.INVITED: {MatchStatus.APPROVED},
    MatchStatus.DECLINED: {
        MatchStatus.APPROVED,
        MatchStatus.INVITED,
        MatchStatus.INTRODUCED,
    },
    MatchStatus.INTRODUCED: {MatchStatus.INVITED},
    # A hire is a fact recorded by a matchmaker (services.hires): it closes the match
    # from whatever state the review had reached.
    MatchStatus.HIRED: set(MatchStatus) - {MatchStatus.HIRED},
}
#: States in which a matchmaker's list still expects someone to act.
OPEN_STATES = (MatchStatus.SUGGESTED, MatchStatus.APPROVED, MatchStatus.INVITED)


class MatchError(Exception):
    """Base class of the match review's domain errors."""


class NotAllowed(MatchError):
    """The acting user may not take this step."""


class InvalidTransition(MatchError):
    """The match is not in a state from which this step can be taken."""


class ReasonRequired(MatchError):
    """Every "no" needs a known coded reason (and a note for "other")."""


class PairBlocked(MatchError):
    """A hard rule forbids this pair; it can be rejected but never approved."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


class EmployerNotVerified(MatchError):
    """The employer's organisation is not verified, so it may see no candidates."""


class VacancyNotOpen(MatchError):
    """Only a published vacancy gets approved candidates."""


class NoConsentForEmployers(MatchError):
    """The person agreed to matching but not to employers seeing the anonymous profile."""


def find_match(vacancy: Vacancy, profile: CandidateProfile) -> Match | None:
    """The match row of a pair, if a matchmaker ever acted on it."""
    return db.session.scalar(
        select(Match).where(
            Match.vacancy_id == vacancy.id, Match.candidate_id == profile.id
        )
    )


def _require_matchmaker(by: User) -> None:
    if not by.is_matchmaker:
        raise NotAllowed(f"{by!r} is not a matchmaker")


def _move(
    match: Match,
    to: MatchStatus,
    *,
    by: User | None,
    reason_code: str | None = None,
    note: str | None = None,
) -> None:
    if match.status not in TRANSITIONS[to]:
        raise InvalidTransition(f"{match!r} cannot go to {to}")
    before = match.status
    _claim(match, before, to)
    match.status = to
    if reason_code is not None:
        match.reason_code = reason_code
    db.session.flush()
    audit.record_change(
        "match",
        match.id,
        from_state=str(before),
        to_state=str(to),
        by=by,
        reason_code=reason_code,
        note=note or None,
    )
    log.info(
        "match %s %s -> %s by user %s", match.id, before, to, by.id if by else None
    )


# -- race guard (hardening, issue 16): two decisions at once ---------------------------
class AlreadyDecided(InvalidTransition):
    """Someone else changed this match a moment ago; ``by_name`` says who (or None)."""

    def __init__(self, match_id: int | None, by_name: str | None) -> None:
        super().__init__(f"match {match_id} was already decided")
        self.by_name = by_name


def _claim(match: Match, expected: MatchStatus, to: MatchStatus) -> None:
    """Move the row only if it is still in ``expected``: the database decides the race.

    A conditional UPDATE takes the row lock; a second decision waits for the first to
    commit, then finds the status changed and updates nothing.
    """
    with db.session.no_autoflush:
        claimed = db.session.execute(
            update(Match)
            .where(Match.id == match.id, Match.status == expected)
            .values(status=to)
            .execution_options(synchronize_session=False)
        ).rowcount
    if claimed != 1:
        raise _already_decided(match.id)


def _already_decided(match_id: int | None) -> AlreadyDecided:
    """Who decided, as the database has it (this request's own changes not flushed)."""
    with db.session.no_autoflush:
        decided_by = db.session.scalar(
            select(User.name)
            .join(Match, Match.decided_by_id == User.id)
            .where(Match.id == match_id)
        )
    return AlreadyDecided(match_id, decided_by)


def _check_reason(
    code: str | None, allowed: dict[str, object], note: str | None
) -> str:
    if not code or code not in allowed:
        raise ReasonRequired("a coded reason is required")
    if code in NOTE_REQUIRED and not (note or "").strip():
        raise ReasonRequired("reason 'other' needs a note")
    return code


def _explanation(
    profile: CandidateProfile, vacancy: Vacancy, as_of: date | None
) -> Explanation | None:
    return matching_service.explain(profile, vacancy, as_of=as_of)


def _require_unblocked(explanation: Explanation | None) -> Explanation:
    """A pair a hard rule blocks can never be proposed to the employer."""
    if explanation is None:
        raise PairBlocked(["unknown_data"])
    if explanation.is_blocked:
        raise PairBlocked([r.code for r in explanation.blocked])
    return explanation


def _store(match: Match, explanation: Explanation | None) -> None:
    """Keep the score and its parts as they were at the decision (learning and audit)."""
    if explanation is None:
        match.score, match.reasons = None, []
        return
    match.score = explanation.score
    match.reasons = matching_service.reasons_to_json(
        (*explanation.blocked, *explanation.reasons)
    )


def _ensure(vacancy: Vacancy, profile: CandidateProfile, *, by: User) -> Match:
    """The pair's row, created as SUGGESTED (and recorded) when acting on a live proposal."""
    match = find_match(vacancy, profile)
    if match is not None:
        return match
    match = Match(vacancy=vacancy, candidate=profile, status=MatchStatus.SUGGESTED)
    try:
        with db.session.begin_nested():  # another matchmaker may add the pair first
            db.session.add(match)
            db.session.flush()
    except IntegrityError:
        earlier = find_match(vacancy, profile)
        raise _already_decided(earlier.id if earlier else None) from None
    audit.record_change(
        "match", match.id, from_state=None, to_state=str(MatchStatus.SUGGESTED), by=by
    )
    return match


def suggest(
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User,
    as_of: date | None = None,
) -> Match:
    """Keep a proposed pair for review (the row that later steps change); idempotent."""
    _require_matchmaker(by)
    match = find_match(vacancy, profile)
    if match is not None:
        return match
    explanation = _require_unblocked(_explanation(profile, vacancy, as_of))
    match = _ensure(vacancy, profile, by=by)
    _store(match, explanation)
    return match


def approve(
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User,
    note: str | None = None,
    as_of: date | None = None,
    override_reason: str | None = None,
    override_note: str | None = None,
) -> Match:
    """Approve a pair: the employer now sees the anonymous profile for this vacancy.

    Approving a pair ranked below the top 10 needs a coded override reason
    (:class:`oversight.OverrideRequired`); the decision is logged either way.
    """
    _require_matchmaker(by)
    if not vacancy.employer.is_verified:
        raise EmployerNotVerified(f"employer {vacancy.employer_id} is not verified")
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise VacancyNotOpen(f"{vacancy!r} is not published")
    existing = find_match(vacancy, profile)
    if (
        existing is not None
        and existing.status not in TRANSITIONS[MatchStatus.APPROVED]
    ):
        raise InvalidTransition(f"{existing!r} cannot be approved")
    # Check the hard rules before anything is written: a blocked pair leaves no trace.
    explanation = _require_unblocked(_explanation(profile, vacancy, as_of))
    if not consents.has_current_consent(
        profile, as_of or candidates.local_today(), "employers"
    ):
        raise NoConsentForEmployers(f"profile {profile.id} has no employer consent")
    rank = oversight.check_override(
        DecisionKind.APPROVED, vacancy, profile, override_reason, override_note
    )
    match = _ensure(vacancy, profile, by=by)
    _store(match, explanation)
    match.reason_code = None
    match.decided_by_id = by.id
    match.decided_at = utcnow()
    _move(match, MatchStatus.APPROVED, by=by, note=note)
    oversight.record_decision(
        DecisionKind.APPROVED,
        vacancy,
        profile,
        by=by,
        explanation=explanation,
        rank=rank,
        override_reason=override_reason,
        override_note=override_note,
    )
    return match


def reject(
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User,
    reason_code: str | None,
    note: str | None = None,
    as_of: date | None = None,
    override_reason: str | None = None,
    override_note: str | None = None,
) -> Match:
    """Say no to a pair, with a coded reason; also withdraws an approval not yet acted on.

    Rejecting one of the top 3 proposals also needs a coded override reason.
    """
    _require_matchmaker(by)
    code = _check_reason(reason_code, REJECT_REASONS, note)
    existing = find_match(vacancy, profile)
    if (
        existing is not None
        and existing.status not in TRANSITIONS[MatchStatus.REJECTED]
    ):
        raise InvalidTransition(f"{existing!r} cannot be rejected")
    rank = oversight.check_override(
        DecisionKind.REJECTED, vacancy, profile, override_reason, override_note
    )
    match = _ensure(vacancy, profile, by=by)
    explanation = _explanation(profile, vacancy, as_of)
    _store(match, explanation)
    match.decided_by_id = by.id
    match.decided_at = utcnow()
    _move(match, MatchStatus.REJECTED, by=by, reason_code=code, note=note)
    oversight.record_decision(
        DecisionKind.REJECTED,
        vacancy,
        profile,
        by=by,
        explanation=explanation,
        rank=rank,
        override_reason=override_reason,
        override_note=override_note,
    )
    return match


def _require_owner(match: Match, by: User) -> None:
    if not by.is_employer or by.employer_id != match.vacancy.employer_id:
        raise NotAllowed(f"{by!r} does not own {match!r}")
    if not match.vacancy.employer.is_verified:
        raise EmployerNotVerified(f"employer {by.employer_id} is not verified")


def invite(match: Match, *, by: User, note: str | None = None) -> Match:
    """The employer invites the (still anonymous) candidate; the matchmaker follows up."""
    _require_owner(match, by)
    _move(match, MatchStatus.INVITED, by=by, note=note)
    return match


def decline(
    match: Match, *, by: User, reason_code: str | None, note: str | None = None
) -> Match:
    """The employer, or the matchmaker on the candidate's behalf, says no after approval."""
    if by.is_employer:
        _require_owner(match, by)
    elif not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot decline matches")
    code = _check_reason(reason_code, DECLINE_REASONS, note)
    _move(match, MatchStatus.DECLINED, by=by, reason_code=code, note=note)
    return match


def introduce(match: Match, *, by: User, note: str | None = None) -> Match:
    """Record that the matchmaker introduced the pair: identity may now be shared offline."""
    _require_matchmaker(by)
    _move(match, MatchStatus.INTRODUCED, by=by, note=note)
    audit.record_event(
        "match.introduced",
        actor=by,
        object_type="match",
        object_id=match.id,
        details={"candidate_id": match.candidate_id, "vacancy_id": match.vacancy_id},
    )
    return match


def mark_hired(match: Match, *, by: User | None) -> Match:
    """Close the match as hired (``services.hires.record_hire`` calls this); idempotent."""
    if match.status == MatchStatus.HIRED:
        return match
    _move(match, MatchStatus.HIRED, by=by)
    return match


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
    for status in (*OPEN_STATES, MatchStatus.INTRODUCED):
        queue[status] = list(
            db.session.scalars(query.where(Match.status == status).limit(limit))
        )
    queue[MatchStatus.REJECTED] = list(
        db.session.scalars(
            query.where(
                Match.status.in_((MatchStatus.REJECTED, MatchStatus.DECLINED))
            ).limit(limit)
        )
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


def employer_candidate(
    match: Match,
    *,
    by: User,
    as_of: date,
    ip_address: str | None = None,
    request_id: str | None = None,
) -> EmployerCandidateView:
    """The anonymous profile of a match for its employer, logged as a profile view."""
    _require_owner(match, by)
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


def get_match(match_id: int) -> Match | None:
    return db.session.get(Match, match_id)
