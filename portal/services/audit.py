"""Writing the audit trail and the state-change history."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from portal.extensions import db
from portal.models import AuditEvent, StatusChange, User

log = logging.getLogger(__name__)

#: The employer an intermediary is acting for right now (see :func:`on_behalf_of`).
_ON_BEHALF_OF: ContextVar[int | None] = ContextVar("on_behalf_of", default=None)


@contextmanager
def on_behalf_of(employer_id: int | None) -> Iterator[None]:
    """Record every event and state change inside the block as done for ``employer_id``.

    An intermediary works an employer's TWV case: the rows then say who did it (the
    intermediary's account) and for whom (``on_behalf_of`` = the employer's id).
    ``None`` changes nothing, so callers can wrap unconditionally.
    """
    token = _ON_BEHALF_OF.set(employer_id) if employer_id is not None else None
    try:
        yield
    finally:
        if token is not None:
            _ON_BEHALF_OF.reset(token)


def record_event(
    action: str,
    *,
    actor: User | None,
    object_type: str | None = None,
    object_id: int | None = None,
    ip_address: str | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event. ``details`` holds ids and codes only, never personal data."""
    details = dict(details or {})
    acting_for = _ON_BEHALF_OF.get()
    if acting_for is not None:
        details.setdefault("on_behalf_of", acting_for)
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=object_type,
        object_id=object_id,
        ip_address=ip_address,
        request_id=request_id,
        details=details,
    )
    db.session.add(event)
    log.info(
        "audit %s by user %s on %s %s", action, event.actor_id, object_type, object_id
    )
    return event


def record_change(
    obj_type: str,
    obj_id: int,
    *,
    from_state: str | None,
    to_state: str,
    by: User | None,
    reason_code: str | None = None,
    note: str | None = None,
) -> StatusChange:
    """Keep a timestamped row for a state change, with who did it and, for a "no", why."""
    change = StatusChange(
        object_type=obj_type,
        object_id=obj_id,
        from_state=from_state,
        to_state=to_state,
        by_id=by.id if by is not None else None,
        reason_code=reason_code,
        note=note,
        on_behalf_of_id=_ON_BEHALF_OF.get(),
    )
    db.session.add(change)
    return change
