"""The match review's errors and the checks every step starts with: who acts, and
whether a note someone wrote about a person is free of identifiers."""

from __future__ import annotations

from portal.models import Match, MatchStatus, User
from portal.services.candidates import profile_input
from portal.services.candidates.base import IdentifiersFound


class MatchError(Exception):
    """Base class of the match review's domain errors."""


class NotAllowed(MatchError):
    """The acting user may not take this step."""


class InvalidTransition(MatchError):
    """The match is not in a state from which this step can be taken."""


class AlreadyDecided(InvalidTransition):
    """Someone else took a step on this match first (a race, or a stale page)."""

    def __init__(self, match: Match, by_name: str | None) -> None:
        super().__init__(f"{match!r} was already moved on by {by_name or 'someone'}")
        self.status = MatchStatus(match.status)
        self.by_name = by_name


class ReasonRequired(MatchError):
    """Every "no" needs a known coded reason (and a note for "other")."""


class NoteHasIdentifiers(MatchError):
    """A free-text note contains something that identifies a person."""

    def __init__(self, field: str, kinds: list[str]) -> None:
        super().__init__(f"{field} contains identifiers: {', '.join(kinds)}")
        self.field = field
        self.kinds = kinds


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


def check_note(text: str | None, field: str = "note") -> str | None:
    """A note about a person is refused when it contains identifiers (phone, BSN, ...)."""
    if not (text or "").strip():
        return None
    try:
        profile_input.check_anonymous(field, text or "")
    except IdentifiersFound as exc:
        raise NoteHasIdentifiers(field, [f.kind for f in exc.findings]) from exc
    return (text or "").strip()


def require_matchmaker(by: User) -> None:
    if not by.is_matchmaker:
        raise NotAllowed(f"{by!r} is not a matchmaker")


def require_owner(match: Match, by: User) -> None:
    """Only a user of the match's employer (verified) acts as the employer on it."""
    if not by.is_employer or by.employer_id != match.vacancy.employer_id:
        raise NotAllowed(f"{by!r} does not own {match!r}")
    if not match.vacancy.employer.is_verified:
        raise EmployerNotVerified(f"employer {by.employer_id} is not verified")


def require_owner_or_matchmaker(match: Match, by: User) -> None:
    """The match's employer (as in :func:`require_owner`) or a matchmaker."""
    if by.is_employer:
        require_owner(match, by)
    elif not by.is_matchmaker:
        raise NotAllowed(f"{by!r} cannot act on {match!r}")
