"""Writing the audit trail and the state-change history."""

from __future__ import annotations

import logging
from typing import Any

from portal.extensions import db
from portal.models import AuditEvent, StatusChange, User

log = logging.getLogger(__name__)


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
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=object_type,
        object_id=object_id,
        ip_address=ip_address,
        request_id=request_id,
        details=details or {},
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
    )
    db.session.add(change)
    return change
