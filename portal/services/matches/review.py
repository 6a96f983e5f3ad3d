"""The match review: from a proposal to an introduction, one recorded step at a time.

A Match row is written only when a matchmaker acts on a proposal (the proposals
themselves are computed on the fly). Each step checks who may take it and from which
state, writes a StatusChange row (who, when, from → to, and a coded reason from
``services/reasons.py`` for every "no"), and keeps the score parts at the time of the
matchmaker's decision on the row: the learning data for the re-ranker.

Two people deciding the same match at once: the row is created with an INSERT that
treats a conflict on (vacancy, candidate) as "already there", and every step is a
conditional ``UPDATE ... WHERE status = <expected>``; the loser gets
:class:`AlreadyDecided` with who decided, never a database error. The same person
sending the same decision twice (a double click) gets the first decision back.

The states and the one race-safe step are in ``transitions``; the later steps
(interview, offer, hire) in ``journey``, not hired and withdrawal in ``match_ends``.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from matching.types import Explanation
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    DecisionKind,
    Match,
    MatchStatus,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services import audit, reasons
from portal.services.candidates import consents
from portal.services.candidates import profiles as candidates
from portal.services.matches import notices, oversight
from portal.services.matches import ranking as matching_service
from portal.services.matches.guards import (  # noqa: F401 - the review's public API
    AlreadyDecided,
    EmployerNotVerified,
    InvalidTransition,
    MatchError,
    NoConsentForEmployers,
    NotAllowed,
    NoteHasIdentifiers,
    PairBlocked,
    ReasonRequired,
    VacancyNotOpen,
    check_note,
    require_matchmaker,
    require_owner,
)
from portal.services.matches.queries import (  # noqa: F401 - the review's public API
    CLOSED_NO_STATES,
    ONGOING_STATES,
    OPEN_STATES,
    decided_ids,
    employer_candidate,
    employer_matches,
    get_match,
    history,
    review_queue,
)
from portal.services.matches.transitions import (
    TRANSITIONS,
    already_decided,
    check_reason,
    find_match,
    move,
)

log = logging.getLogger(__name__)

#: Why a matchmaker says no to a proposed pair (the coded reason is required).
REJECT_REASONS = reasons.reasons_for("reject")
#: Why an employer (or the candidate, through the matchmaker) says no after approval.
DECLINE_REASONS = reasons.reasons_for("decline")


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


def _insert_if_missing(vacancy: Vacancy, profile: CandidateProfile) -> bool:
    """INSERT the pair's row; a row another request inserted first is a conflict, not an error."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = (
        insert(Match)
        .values(
            vacancy_id=vacancy.id,
            candidate_id=profile.id,
            status=MatchStatus.SUGGESTED,
            reasons=[],
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["vacancy_id", "candidate_id"])
        .returning(Match.id)
    )
    # RETURNING, not rowcount: the ORM's insert path does not report a row count.
    return db.session.execute(statement).scalar_one_or_none() is not None


def _ensure(vacancy: Vacancy, profile: CandidateProfile, *, by: User) -> Match:
    """The pair's row, created as SUGGESTED (and recorded) when acting on a live proposal."""
    match = find_match(vacancy, profile)
    if match is not None:
        return match
    created = _insert_if_missing(vacancy, profile)
    match = find_match(vacancy, profile)
    assert match is not None  # noqa: S101 - inserted or found just above
    if created:
        audit.record_change(
            "match",
            match.id,
            from_state=None,
            to_state=str(MatchStatus.SUGGESTED),
            by=by,
        )
    return match


def _repeat_of(match: Match | None, to: MatchStatus, by: User) -> bool:
    """The same person asking for the state the match is already in (a double submit)."""
    return match is not None and match.status == to and match.decided_by_id == by.id


def _require_undecided(
    match: Match | None, to: MatchStatus, by: User, seen: MatchStatus | None
) -> None:
    """Refuse a decision taken on a state that is no longer there.

    A proposal (no row yet, or SUGGESTED) may be decided. Turning a decision round
    (approved ↔ rejected) is allowed to the person who took it, or to someone who saw
    that decision on their page (``seen``): a colleague who clicked on the proposal a
    moment after the first decision reached the database lost the race and is told so,
    rather than silently overturning it.
    """
    if match is None or match.status == MatchStatus.SUGGESTED:
        return
    if match.status not in TRANSITIONS[to]:
        raise already_decided(match)
    if match.decided_by_id != by.id and seen != match.status:
        raise already_decided(match)


def suggest(
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User,
    as_of: date | None = None,
) -> Match:
    """Keep a proposed pair for review (the row that later steps change); idempotent."""
    require_matchmaker(by)
    match = find_match(vacancy, profile)
    if match is not None:
        return match
    explanation = _require_unblocked(_explanation(profile, vacancy, as_of))
    match = _ensure(vacancy, profile, by=by)
    if match.status == MatchStatus.SUGGESTED:
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
    seen: MatchStatus | None = None,
) -> Match:
    """Approve a pair: the employer now sees the anonymous profile for this vacancy.

    Approving a pair ranked below the top 10 needs a coded override reason
    (:class:`oversight.OverrideRequired`); the decision is logged either way. ``seen`` is
    the state the matchmaker's page showed (needed to overturn someone else's rejection).
    """
    require_matchmaker(by)
    note = check_note(note)
    if not vacancy.employer.is_verified:
        raise EmployerNotVerified(f"employer {vacancy.employer_id} is not verified")
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise VacancyNotOpen(f"{vacancy!r} is not published")
    existing = find_match(vacancy, profile)
    if _repeat_of(existing, MatchStatus.APPROVED, by):
        return existing  # type: ignore[return-value]
    _require_undecided(existing, MatchStatus.APPROVED, by, seen)
    # Check the hard rules before anything is written: a blocked pair leaves no trace.
    explanation = _require_unblocked(_explanation(profile, vacancy, as_of))
    if not consents.has_current_consent(
        profile, as_of or candidates.local_today(), "employers"
    ):
        raise NoConsentForEmployers(f"profile {profile.id} has no employer consent")
    rank = oversight.check_override(
        DecisionKind.APPROVED, vacancy, profile, override_reason, override_note, by
    )
    match = _ensure(vacancy, profile, by=by)
    _require_undecided(match, MatchStatus.APPROVED, by, seen)
    _store(match, explanation)
    match.reason_code = None
    match.decided_by_id = by.id
    match.decided_at = utcnow()
    move(match, MatchStatus.APPROVED, by=by, note=note)
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
    notices.candidates_approved(match)
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
    seen: MatchStatus | None = None,
) -> Match:
    """Say no to a pair, with a coded reason; also withdraws an approval not yet acted on.

    Rejecting one of the top 3 proposals also needs a coded override reason; ``seen`` as
    in :func:`approve`.
    """
    require_matchmaker(by)
    code = check_reason("reject", reason_code, note)
    note = check_note(note)
    existing = find_match(vacancy, profile)
    if _repeat_of(existing, MatchStatus.REJECTED, by):
        return existing  # type: ignore[return-value]
    _require_undecided(existing, MatchStatus.REJECTED, by, seen)
    rank = oversight.check_override(
        DecisionKind.REJECTED, vacancy, profile, override_reason, override_note, by
    )
    match = _ensure(vacancy, profile, by=by)
    _require_undecided(match, MatchStatus.REJECTED, by, seen)
    was_approved = match.status == MatchStatus.APPROVED
    explanation = _explanation(profile, vacancy, as_of)
    _store(match, explanation)
    match.decided_by_id = by.id
    match.decided_at = utcnow()
    move(match, MatchStatus.REJECTED, by=by, reason_code=code, note=note)
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
    if was_approved:
        notices.approval_withdrawn(match)
    return match


def invite(match: Match, *, by: User, note: str | None = None) -> Match:
    """The employer wants to meet the (still anonymous) candidate; the matchmaker follows up."""
    require_owner(match, by)
    note = check_note(note)
    if match.status == MatchStatus.INVITED:
        raise already_decided(match)  # a double submit: the first one counted
    move(match, MatchStatus.INVITED, by=by, note=note)
    notices.employer_responded(match, interested=True)
    return match


def decline(
    match: Match, *, by: User, reason_code: str | None, note: str | None = None
) -> Match:
    """The employer, or the matchmaker on the candidate's behalf, says no after approval."""
    if by.is_employer:
        require_owner(match, by)
    elif not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot decline matches")
    code = check_reason("decline", reason_code, note)
    note = check_note(note)
    if match.status == MatchStatus.DECLINED:
        raise already_decided(match)
    move(match, MatchStatus.DECLINED, by=by, reason_code=code, note=note)
    if by.is_employer:
        notices.employer_responded(match, interested=False)
    return match


def introduce(match: Match, *, by: User, note: str | None = None) -> Match:
    """Record that the matchmaker introduced the pair: identity may now be shared offline."""
    require_matchmaker(by)
    note = check_note(note)
    move(match, MatchStatus.INTRODUCED, by=by, note=note)
    audit.record_event(
        "match.introduced",
        actor=by,
        object_type="match",
        object_id=match.id,
        details={"candidate_id": match.candidate_id, "vacancy_id": match.vacancy_id},
    )
    notices.introduced(match)
    return match
