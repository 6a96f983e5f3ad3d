"""What the evaluation needs besides the journey's own rows.

``CentreResidents``: how many people a reception centre houses (an admin enters it), so
the report can show the share of residents reached. ``EvaluationImport``: the aggregate
figures another pilot municipality exported (docs/EVALUATION_FORMAT.md), stored as
received so the comparison view can show the pilots side by side. Neither holds
person-level data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class CentreResidents(Base):
    __tablename__ = "centre_residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The reception centre's name as on the profiles (``CandidateProfile.reception_centre``).
    reception_centre: Mapped[str] = mapped_column(String(120), unique=True)
    residents: Mapped[int]
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<CentreResidents {self.id}>"


class EvaluationImport(Base):
    __tablename__ = "evaluation_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(String(80), index=True)
    period_from: Mapped[date]
    period_to: Mapped[date]
    format_version: Mapped[str] = mapped_column(String(20))
    #: The whole document as received (already checked against the format).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<EvaluationImport {self.id} {self.municipality}>"
