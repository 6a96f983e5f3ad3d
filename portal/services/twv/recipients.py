"""Who works a TWV case, as accounts: the employer's side and the matchmaker.

The employer's side is the organisation's active employer accounts plus the active
accounts of a verified bureau the employer delegated its TWV cases to (a bureau sees the
TWV case, never the employer's home or its candidates). The matchmaker is the one who
recorded the hire while that account is an active matchmaker, otherwise every active
matchmaker, so nothing about a case goes unread.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Hire, Role, User
from portal.services.intermediaries import delegations


def employer_accounts(employer_id: int) -> list[User]:
    """The organisation's active employer accounts."""
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


def employer_side(employer_id: int) -> list[User]:
    """The employer's accounts and those of the bureau acting for it now."""
    users = employer_accounts(employer_id)
    seen = {u.id for u in users}
    users += [u for u in delegations.acting_for_users(employer_id) if u.id not in seen]
    return users


def matchmakers(hire: Hire) -> list[User]:
    """The matchmaker who recorded the hire if still active, else every active one."""
    creator = db.session.get(User, hire.created_by_id) if hire.created_by_id else None
    if creator is not None and creator.is_matchmaker and creator.is_active:
        return [creator]
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.MATCHMAKER, User.is_active.is_(True))
            .order_by(User.id)
        )
    )
