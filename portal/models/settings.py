"""Settings an administrator changes in the portal, and the dated minimum-wage table.

Amounts that are not verified (REBA cap, economic value) and the municipality's
policy choices live here rather than in code, so a change is a row with who and when.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.user import User


class Setting(Base):
    """One setting as text; ``services.settings.definitions`` knows its type and default."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    changed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Setting {self.key}>"


class MinimumWageRate(Base):
    """An hourly gross minimum wage (WML) for one age from ``valid_from`` (B1/B2).

    The domain's published rates are the seed; an administrator adds a row when a new
    rate is published (the 1 July 2026 rate was not known when the portal was built).
    """

    __tablename__ = "minimum_wage_rate"
    __table_args__ = (UniqueConstraint("valid_from", "age"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date]
    #: 21 stands for "21 years and older"; youth rates use the exact age.
    age: Mapped[int] = mapped_column(default=21)
    hourly: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    source: Mapped[str] = mapped_column(String(500))
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    entered_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<MinimumWageRate {self.valid_from} {self.age}>"
