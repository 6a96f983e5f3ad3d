"""Human oversight of the match proposals: what a matchmaker saw and what they decided.

A :class:`SuggestionDecision` is written for every proposal a matchmaker is shown
(``shown``) and for every decision on a pair (``approved``, ``rejected``), with the
score, its parts, the rank in the list, the model that ordered it and who acted. It is
the log the EU AI Act asks of a high-risk system's deployer (art. 26(6): at least six
months; see ``portal.services.matches.decision_log.RETENTION_DAYS``), and the source of
the approval rates by rank and by segment on the Matches page.

References are kept as text next to the foreign keys, so the record survives when a
profile or vacancy is deleted (the keys are then set to NULL).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class DecisionKind(enum.StrEnum):
    SHOWN = "shown"  # the proposal was on a list the matchmaker opened
    APPROVED = "approved"
    REJECTED = "rejected"


class SuggestionDecision(Base):
    __tablename__ = "suggestion_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DecisionKind] = mapped_column(String(20), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(
        ForeignKey("vacancy.id", ondelete="SET NULL"), index=True
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="SET NULL"), index=True
    )
    vacancy_ref: Mapped[str] = mapped_column(String(20))
    candidate_ref: Mapped[str] = mapped_column(String(20))
    #: Position in the list the matchmaker saw (1 = first); None when the pair was
    #: looked up by hand or automated proposals were switched off.
    rank: Mapped[int | None]
    score: Mapped[float | None]
    #: The score parts (reason codes, contributions, parameters) at that moment.
    parts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: "weights" (hand-set), "reranker" (learned order) or "manual" (no proposal).
    model: Mapped[str] = mapped_column(String(20))
    #: Profile completeness, Dutch level and PC4 area at that moment (no identity).
    segment_completeness: Mapped[str] = mapped_column(String(20))
    segment_dutch: Mapped[str] = mapped_column(String(10))
    segment_region: Mapped[str] = mapped_column(String(20))
    #: Coded reason for going against the order (approve rank > 10, reject rank ≤ 3).
    override_reason: Mapped[str | None] = mapped_column(String(40))
    override_note: Mapped[str | None] = mapped_column(String(1000))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SuggestionDecision {self.id} {self.kind} rank={self.rank}>"
