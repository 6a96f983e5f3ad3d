"""The audit trail and the generic history of state changes.

AuditEvent answers "who did or saw what, when, from where" (security, views of personal
data). StatusChange answers "how did this object get into this state" for the evaluation:
every state change is a row with who did it, and every "no" carries a coded reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    #: e.g. "auth.login", "auth.login_failed", "identity.read", "profile.view"
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(36))
    #: Never personal data: ids, codes and counts only.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StatusChange(Base):
    __tablename__ = "status_change"
    __table_args__ = (Index("ix_status_change_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    #: Coded reason; required for every refusal, rejection or closure.
    reason_code: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(String(1000))
    #: The employer an intermediary acted for ("on behalf of"); empty otherwise.
    on_behalf_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL")
    )
