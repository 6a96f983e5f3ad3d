"""Who is told what along the journey (the texts are in ``notifications/kinds.py``).

Parameters are references only (``WB-7Q4K``, ``V-0012``, the employer's name): a mail
leaves the portal's access control, so no name or other detail of the person goes in.
"""

from __future__ import annotations

from portal.models import Hire, Match, User
from portal.services.notifications import batched, inbox
from portal.services.notifications.recipients import employer_accounts, matchmakers
from portal.services.twv import recipients as twv_recipients


def refs(match: Match) -> dict[str, object]:
    return {
        "candidate": match.candidate.ref,
        "vacancy": match.vacancy.ref,
        "employer": match.vacancy.employer.name,
    }


def candidates_approved(match: Match) -> None:
    """One gathered notification per employer user and vacancy, counting approvals."""
    for user in employer_accounts(match.vacancy.employer_id):
        batched.notify_batched(
            user,
            "candidates_approved",
            key=f"vacancy:{match.vacancy_id}",
            link="/werkgever/",
            params={"vacancy": match.vacancy.ref},
        )


def approval_withdrawn(match: Match) -> None:
    """An approval taken back: the employer's open count goes down (never below 0).

    Only a notification still gathering (not mailed, not read) changes; one left at zero
    is removed. Nothing is mailed: the profile simply leaves the employer's list.
    """
    for user in employer_accounts(match.vacancy.employer_id):
        batched.uncount_batched(
            user, "candidates_approved", key=f"vacancy:{match.vacancy_id}"
        )


def employer_responded(match: Match, *, interested: bool) -> None:
    kind = "employer_interested" if interested else "employer_declined"
    for user in matchmakers(match.decided_by_id):
        inbox.notify(user, kind, link=f"/matches/{match.id}", params=refs(match))


def introduced(match: Match) -> None:
    for user in employer_accounts(match.vacancy.employer_id):
        inbox.notify(
            user,
            "introduced",
            link=f"/matches/werkgever/{match.id}",
            params=refs(match),
        )


def hire_proposed(match: Match) -> None:
    for user in matchmakers(match.decided_by_id):
        inbox.notify(
            user, "hire_proposed", link=f"/matches/{match.id}", params=refs(match)
        )


def hire_confirmed(hire: Hire, case_id: int | None) -> None:
    """The employer's accounts, and those of the bureau doing its TWV paperwork."""
    link = f"/twv/{case_id}" if case_id else "/werkgever/"
    # A bureau sees only the TWV case, never the employer's home.
    users = (
        twv_recipients.employer_side(hire.employer_id)
        if case_id
        else employer_accounts(hire.employer_id)
    )
    for user in users:
        inbox.notify(
            user,
            "hire_confirmed",
            link=link,
            params={"candidate": hire.candidate.ref},
        )


def match_ended(match: Match, reason_code: str, *, to_employer: bool) -> None:
    """A match withdrawn or not hired: the other side hears it, with the coded reason."""
    params = {**refs(match), "reason_code": reason_code}
    users = (
        employer_accounts(match.vacancy.employer_id)
        if to_employer
        else matchmakers(match.decided_by_id)
    )
    # Each side's own page of the match (an employer cannot open the matchmaker's).
    link = "/werkgever/" if to_employer else f"/matches/{match.id}"
    for user in users:
        inbox.notify(user, "match_withdrawn", link=link, params=params)


def follow_up_due(user: User, *, hire: Hire, months: int) -> None:
    inbox.notify(
        user,
        "follow_up_due",
        link="/traject/nazorg",
        params={"candidate": hire.candidate.ref, "months": months},
    )
