"""The municipality's own Dutch skill labels, over the labels shipped with ESCO."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import User


class SkillLabel(Base):
    """A Dutch label (and alternative labels) for one ESCO skill, with who set it when."""

    __tablename__ = "skill_label"

    id: Mapped[int] = mapped_column(primary_key=True)
    skill_uri: Mapped[str] = mapped_column(String(120), unique=True)
    label_nl: Mapped[str] = mapped_column(String(200))
    #: Alternative Dutch labels, one per line (searched, never shown as the label).
    alt_nl: Mapped[str] = mapped_column(Text, default="")
    #: Where the label comes from or why it was changed ("overgenomen van Amsterdam").
    note: Mapped[str] = mapped_column(String(500), default="")
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    changed_by: Mapped[User | None] = relationship()

    @property
    def alternatives(self) -> list[str]:
        return [line.strip() for line in self.alt_nl.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<SkillLabel {self.id}>"
