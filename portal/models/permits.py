"""The permit's life: IND and COA events on a person, the tasks they create, COA as a
partner (accounts linked to reception centres, referrals) and job retention across a
COA transfer.

Every row is dated and attributed. Free text about a person is not stored here; the
referral holds the minimum a matchmaker's intake needs, and is audited on every view.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.models.candidate import CandidateProfile
from portal.models.hire import Hire
from portal.models.user import User


class ProcedureEventKind(enum.StrEnum):
    """What happened in the person's asylum procedure or reception."""

    PERMIT_GRANTED = "permit_granted"  # IND: residence permit → status holder
    REFUSED_APPEAL = "refused_appeal"  # IND: first-instance refusal, appeal lodged
    REFUSED_FINAL = "refused_final"  # IND: final refusal → right to work ends
    LEFT_RECEPTION = "left_reception"  # the person left COA reception
    TRANSFER_PLANNED = "transfer_planned"  # COA plans a move to another centre
    TRANSFER_DONE = "transfer_done"  # the move happened
    RETURNED_TO_RECEPTION = (
        "returned_to_reception"  # back in COA reception after leaving
    )


class ProcedureEvent(Base):
    """One dated IND or COA event on a profile; it re-runs the person's eligibility.

    An event recorded by mistake is not deleted: it is marked *voided* (who, when, a coded
    reason), the facts it wrote go back to what the other events say, and the person's
    eligibility is re-run. A voided event no longer counts anywhere.
    """

    __tablename__ = "procedure_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ProcedureEventKind] = mapped_column(String(30))
    #: The day it happens or happened (a planned transfer: the planned day).
    occurred_on: Mapped[date]
    #: permit_granted: the municipality the person is linked to for housing.
    municipality: Mapped[str | None] = mapped_column(String(80))
    #: transfer_*: the new reception centre and its postcode (4 digits).
    to_reception_centre: Mapped[str | None] = mapped_column(String(120))
    to_pc4: Mapped[str | None] = mapped_column(String(4))
    #: transfer_done: the Relocation row it created.
    relocation_id: Mapped[int | None] = mapped_column(
        ForeignKey("relocation.id", ondelete="SET NULL")
    )
    #: Who recorded it: "matchmaker" or "coa".
    source: Mapped[str] = mapped_column(String(20), default="matchmaker")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The profile's facts this event changed, as they were before it (ISO dates):
    #: what a correction restores when no other event says otherwise.
    facts_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Marked as recorded in error: when, by whom and why (reasons.py, use "event_error").
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    void_reason_code: Mapped[str | None] = mapped_column(String(60))

    profile: Mapped[CandidateProfile] = relationship()

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def __repr__(self) -> str:
        return f"<ProcedureEvent {self.id} {self.kind}>"


class PermitTask(Base):
    """A to-do an event created for the employer or the matchmaker; ``key`` is unique,
    so recording the same event twice does not create the same task twice."""

    __tablename__ = "permit_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("procedure_event.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True
    )
    hire_id: Mapped[int | None] = mapped_column(
        ForeignKey("hire.id", ondelete="CASCADE"), index=True
    )
    #: stop_work, regular_contract, notify_uwv, follow_up, transfer_check, ...
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(20))  # employer | matchmaker
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    #: Set when the task's event was recorded in error (the correction's reason code):
    #: the task is closed without being done.
    cancel_reason_code: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[ProcedureEvent] = relationship()
    hire: Mapped[Hire | None] = relationship()

    def __repr__(self) -> str:
        return f"<PermitTask {self.id} {self.kind}>"


class CoaPartner(Base):
    """A COA account (Role.COA): verified by an admin, linked to reception centres."""

    __tablename__ = "coa_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    #: [{"name": "azc Amstelveen", "pc4": "1186"}, ...]
    centres: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def centre_names(self) -> list[str]:
        return [str(c["name"]) for c in self.centres]


class ReferralStatus(enum.StrEnum):
    SENT = "sent"  # COA referred the resident; a matchmaker has not yet acted
    INTAKE = "intake"  # a matchmaker turned it into an intake (a candidate profile)
    DECLINED = "declined"  # not taken up (coded reason)
    WITHDRAWN = "withdrawn"  # COA withdrew it (coded reason)


class Referral(Base):
    """COA's participation desk refers a resident, with consent, to the Werkplein.

    Holds the minimum the intake needs. The name and V-number are personal data: only
    the referring COA account and matchmakers see them, and every view is audited.
    """

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    coa_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reception_centre: Mapped[str] = mapped_column(String(120))
    pc4: Mapped[str] = mapped_column(String(4))
    referred_on: Mapped[date]
    name: Mapped[str] = mapped_column(String(200))
    v_number: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(30))
    asylum_application_date: Mapped[date]
    asylum_registration_date: Mapped[date | None]
    w_document_valid_until: Mapped[date | None]
    available_from: Mapped[date]
    hours_per_week: Mapped[int]
    #: Languages as "code:level" pairs, e.g. "ar:C2,en:B1,nl:A2".
    languages: Mapped[str] = mapped_column(String(200), default="")
    consent_on: Mapped[date]
    status: Mapped[ReferralStatus] = mapped_column(
        String(20), default=ReferralStatus.SENT
    )
    reason_code: Mapped[str | None] = mapped_column(String(60))
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="SET NULL")
    )
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    handled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[CandidateProfile | None] = relationship()

    def __repr__(self) -> str:
        return f"<Referral {self.id} {self.status}>"


class RetentionOutcome(enum.StrEnum):
    KEPT_JOB = "kept_job"
    LOST_JOB = "lost_job"


class TransferRetention(Base):
    """Job retention across a planned COA transfer of a working person.

    The employment statement (employer, workplace postcode, contract dates, hours) is
    produced only with the person's consent and is frozen in ``statement`` when made,
    so what was sent to COA stays known. The outcome counts in the evaluation.
    """

    __tablename__ = "transfer_retention"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("procedure_event.id", ondelete="CASCADE"), index=True
    )
    hire_id: Mapped[int] = mapped_column(
        ForeignKey("hire.id", ondelete="CASCADE"), index=True
    )
    consent_on: Mapped[date | None]
    statement: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    statement_made_on: Mapped[date | None]
    sent_to_coa_on: Mapped[date | None]
    outcome: Mapped[RetentionOutcome | None] = mapped_column(String(20))
    outcome_on: Mapped[date | None]
    outcome_reason_code: Mapped[str | None] = mapped_column(String(60))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[ProcedureEvent] = relationship()
    hire: Mapped[Hire] = relationship()
