"""Small tables of the journey: one-time form tokens and the demo mailbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class UsedFormToken(Base):
    """A create form's one-time token, once used: a second submit of it creates nothing.

    The primary key makes the second INSERT of the same token a conflict, so two
    requests sent at once (a double click) record one decision.
    """

    __tablename__ = "used_form_token"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    #: What the first submit created, e.g. ``vacancy:12`` (the repeat is sent there).
    result: Mapped[str | None] = mapped_column(String(100))
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DemoMail(Base):
    """A mail the portal "sent" in demo mode: kept here for the admin's mailbox page."""

    __tablename__ = "demo_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(1000))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<DemoMail {self.id}>"
