"""Who hears about an event: the employer's users and the matchmakers of a hire or match."""

from __future__ import annotations

from portal.models import Hire, Match, User
from portal.services.notifications.recipients import employer_accounts, matchmakers


def for_hire(hire: Hire) -> tuple[list[User], list[User]]:
    """(employer users, matchmakers) of a hire."""
    return employer_accounts(hire.employer_id), matchmakers(hire.created_by_id)


def for_match(match: Match) -> tuple[list[User], list[User]]:
    """(employer users, matchmakers) of a match; employers only once it is visible."""
    employers = (
        employer_accounts(match.vacancy.employer_id)
        if match.visible_to_employer
        else []
    )
    return employers, matchmakers(match.decided_by_id)
