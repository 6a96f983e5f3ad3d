"""Who hears about an event: the employer's users and the matchmakers of a hire or match."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Hire, Match, Role, User


def employer_users(employer_id: int) -> list[User]:
    """Active employer accounts of one organisation."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.employer_id == employer_id,
                User.role == Role.EMPLOYER,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def matchmakers(created_by_id: int | None = None) -> list[User]:
    """The matchmaker who recorded the item if still active, else every active one."""
    if created_by_id is not None:
        creator = db.session.get(User, created_by_id)
        if creator is not None and creator.is_matchmaker and creator.is_active:
            return [creator]
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.MATCHMAKER, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def for_hire(hire: Hire) -> tuple[list[User], list[User]]:
    """(employer users, matchmakers) of a hire."""
    return employer_users(hire.employer_id), matchmakers(hire.created_by_id)


def for_match(match: Match) -> tuple[list[User], list[User]]:
    """(employer users, matchmakers) of a match; employers only once it is visible."""
    employers = (
        employer_users(match.vacancy.employer_id) if match.visible_to_employer else []
    )
    return employers, matchmakers(match.decided_by_id)
