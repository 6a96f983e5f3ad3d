"""One-time tokens for forms that create something: a second submit creates nothing.

The page carries a fresh token; the first POST that uses it INSERTs it (in the same
transaction as what it creates) and records the result, e.g. ``vacancy:12``. A second
POST of the same token — a double click, a resent form — hits the primary key: the
INSERT is a conflict, handled as "already done", and the caller sends the user to the
first result. Two POSTs at once serialise on the key (PostgreSQL waits for the first
transaction; SQLite for its write lock), so exactly one of them creates.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import UsedFormToken, User
from portal.models.base import utcnow


class AlreadyUsed(Exception):
    """The token was used before; ``result`` is what the first submit created."""

    def __init__(self, result: str | None) -> None:
        super().__init__(result or "")
        self.result = result


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(token: str | None, *, by: User) -> str | None:
    """Take the token for this submit; raises AlreadyUsed on a repeat.

    A missing or malformed token (an old page) is not claimed: the create goes ahead.
    """
    if not token or len(token) > 64:
        return None
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    result = db.session.execute(
        insert(UsedFormToken)
        .values(token=token, user_id=by.id, used_at=utcnow())
        .on_conflict_do_nothing(index_elements=["token"])
        .returning(UsedFormToken.token)
    )
    if result.scalar_one_or_none() is None:
        row = db.session.scalar(
            select(UsedFormToken).where(UsedFormToken.token == token)
        )
        raise AlreadyUsed(
            row.result if row is not None and row.user_id == by.id else None
        )
    return token


def record_result(token: str | None, result: str) -> None:
    """Remember what the token's submit created (where a repeat is sent)."""
    if not token:
        return
    row = db.session.get(UsedFormToken, token)
    if row is not None:
        row.result = result[:100]
        db.session.flush()
