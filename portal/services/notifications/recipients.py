"""The accounts an event is told to, for every area that notifies someone.

An organisation's event goes to all its active employer accounts. A matchmaker's goes to
the one who recorded or decided the item while that account is an active matchmaker,
otherwise to every active matchmaker, so nothing goes unread when a colleague leaves.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, User


def employer_accounts(employer_id: int) -> list[User]:
    """The active employer accounts of one organisation."""
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


def matchmakers(responsible_id: int | None = None) -> list[User]:
    """The responsible matchmaker if still an active one, else every active matchmaker."""
    if responsible_id is not None:
        user = db.session.get(User, responsible_id)
        if user is not None and user.is_matchmaker and user.is_active:
            return [user]
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.MATCHMAKER, User.is_active.is_(True))
            .order_by(User.id)
        )
    )
