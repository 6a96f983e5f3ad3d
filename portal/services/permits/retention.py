"""Job retention across a planned COA transfer.

A planned transfer of a person at work opens a retention row per job (events.py). With
the person's consent the matchmaker makes the employment statement for COA: employer,
workplace postcode, contract dates and hours, so COA can place the person within reach
of the job (COA aims for within 50 km of the workplace: Amstelveen B&W, 18 Feb 2025;
not found elsewhere, README §5.4). The statement is frozen when made; the outcome (kept
the job or lost it) is recorded and counted by the evaluation.

One definition of a job lost through a COA move, everywhere: a hire that ended with the
reason ``relocated_by_coa``. Recording the outcome "lost job" therefore *ends the hire*
(``hires.end_early``, on the outcome's date, with that reason): the TWV case closes as
for any early end, the employer is reminded to tell UWV, and the evaluation counts it once
("Banen verloren door een verhuizing door COA"). The outcome's own coded reason (travel,
hours, ...) says why the move cost the job.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    HireStatus,
    ProcedureEvent,
    RetentionOutcome,
    TransferRetention,
    User,
)
from portal.models.base import local_today
from portal.services import audit, reasons
from portal.services.candidates.base import _t
from portal.services.matches import hires as hire_service
from portal.services.permits.events import EventInvalid

#: COA's aim for a placement after a permit (pilot documents; ASSUMED elsewhere).
COA_TARGET_KM = 50
#: The end reason of a hire lost through a COA move (the evaluation counts these).
JOB_LOST_REASON = "relocated_by_coa"
RUNNING = (HireStatus.PLANNED, HireStatus.ACTIVE)


def _lost_through_move(reason_code: str | None) -> bool:
    return reasons.LEGACY.get(reason_code or "", reason_code) == JOB_LOST_REASON


class RetentionNotAllowed(Exception):
    """Only matchmakers handle the statement; no statement without consent."""


def _require_matchmaker(user: User) -> None:
    if not user.is_matchmaker:
        raise RetentionNotAllowed("only matchmakers handle employment statements")


def get_retention(retention_id: int) -> TransferRetention | None:
    return db.session.get(TransferRetention, retention_id)


def retentions_for_profile(profile_id: int) -> list[TransferRetention]:
    return list(
        db.session.scalars(
            select(TransferRetention)
            .join(ProcedureEvent, ProcedureEvent.id == TransferRetention.event_id)
            .where(ProcedureEvent.profile_id == profile_id)
            .order_by(TransferRetention.id)
        )
    )


def record_consent(retention: TransferRetention, *, on: date, by: User) -> None:
    """The person agreed that the statement goes to COA (dated, attributed)."""
    _require_matchmaker(by)
    if on > local_today():
        raise EventInvalid({"consent_on": _t("Deze datum ligt in de toekomst.")})
    retention.consent_on = on
    retention.recorded_by_id = by.id
    audit.record_change(
        "transfer_retention", retention.id, from_state=None, to_state="consent", by=by
    )
    db.session.flush()


def statement_of(retention: TransferRetention) -> dict[str, Any]:
    """What the statement says: employer, workplace postcode, contract dates, hours."""
    hire = retention.hire
    vacancy = hire.vacancy
    workplace = (vacancy.pc4 if vacancy is not None and vacancy.pc4 else None) or (
        hire.employer.workplace_pc4
    )
    return {
        "candidate": hire.candidate.ref,
        "employer": hire.employer.name,
        "kvk_number": hire.employer.kvk_number,
        "workplace_pc4": workplace,
        "contract_start": hire.contract_start.isoformat(),
        "contract_end": hire.contract_end.isoformat(),
        "hours_per_week": hire.hours_per_week,
        "transfer_on": retention.event.occurred_on.isoformat(),
        "target_km": COA_TARGET_KM,
    }


def make_statement(retention: TransferRetention, *, by: User) -> dict[str, Any]:
    """Freeze the statement; refused without the person's consent."""
    _require_matchmaker(by)
    if retention.consent_on is None:
        raise RetentionNotAllowed("no consent for the employment statement")
    retention.statement = statement_of(retention)
    retention.statement_made_on = local_today()
    audit.record_event(
        "retention.statement_made",
        actor=by,
        object_type="transfer_retention",
        object_id=retention.id,
    )
    db.session.flush()
    return retention.statement


def mark_sent(retention: TransferRetention, *, on: date, by: User) -> None:
    _require_matchmaker(by)
    if retention.statement is None:
        raise RetentionNotAllowed("make the statement first")
    retention.sent_to_coa_on = on
    audit.record_change(
        "transfer_retention", retention.id, from_state="made", to_state="sent", by=by
    )
    db.session.flush()


def record_outcome(
    retention: TransferRetention,
    *,
    outcome: RetentionOutcome | str,
    on: date,
    by: User,
    reason_code: str | None = None,
) -> None:
    """Kept the job or lost it; a loss needs a coded reason (use ``hire_ended``).

    A loss ends the hire with the reason ``relocated_by_coa`` (see the module's
    docstring); a hire that already ended for another reason, or a loss already recorded
    (the hire has ended), cannot be turned around here.
    """
    _require_matchmaker(by)
    outcome = RetentionOutcome(outcome)
    if outcome == RetentionOutcome.LOST_JOB and not reasons.is_valid(
        "hire_ended", reason_code, note="-"
    ):
        raise EventInvalid({"reason_code": _t("Kies een reden.")})
    if on > local_today():
        raise EventInvalid({"on": _t("Deze datum ligt in de toekomst.")})
    hire = retention.hire
    before = retention.outcome
    if before == RetentionOutcome.LOST_JOB and outcome != before:
        raise EventInvalid(
            {
                "outcome": _t(
                    "Het werk is al als verloren vastgelegd; de aanstelling is beëindigd."
                )
            }
        )
    ended_by_move = _lost_through_move(hire.end_reason_code)
    if outcome == RetentionOutcome.KEPT_JOB and ended_by_move:
        raise EventInvalid(
            {
                "outcome": _t(
                    "De aanstelling is beëindigd omdat de kandidaat is verhuisd door "
                    "het COA."
                )
            }
        )
    if outcome == RetentionOutcome.LOST_JOB and before != outcome:
        if hire.status in RUNNING:
            hire_service.end_early(
                hire, ended_on=on, reason_code=JOB_LOST_REASON, by=by
            )
        elif not ended_by_move:
            raise EventInvalid(
                {
                    "outcome": _t(
                        "Deze aanstelling liep al niet meer (om een andere reden dan "
                        "de verhuizing). Werk verloren door de verhuizing kan alleen "
                        "voor een lopende aanstelling."
                    )
                }
            )
    retention.outcome = outcome
    retention.outcome_on = on
    retention.outcome_reason_code = (
        reason_code if outcome == RetentionOutcome.LOST_JOB else None
    )
    retention.recorded_by_id = by.id
    audit.record_change(
        "transfer_retention",
        retention.id,
        from_state=str(before) if before else None,
        to_state=outcome.value,
        by=by,
        reason_code=retention.outcome_reason_code,
    )
    db.session.flush()


def outcome_counts(start: date, end: date, centre: str | None = None) -> dict[str, int]:
    """For the evaluation: jobs of working people facing a COA transfer planned for a day
    between two dates (both included), by outcome: kept the job, lost it, not yet known.

    One row per job (a transfer of someone with two jobs counts twice); events recorded
    in error do not count. ``centre`` limits to people registered at that reception
    centre (the centre on the profile). One SQL aggregate.
    """
    stmt = (
        select(TransferRetention.outcome, func.count(TransferRetention.id))
        .join(ProcedureEvent, ProcedureEvent.id == TransferRetention.event_id)
        .where(
            ProcedureEvent.occurred_on.between(start, end),
            ProcedureEvent.voided_at.is_(None),
        )
        .group_by(TransferRetention.outcome)
    )
    if centre:
        stmt = stmt.join(
            CandidateProfile, CandidateProfile.id == ProcedureEvent.profile_id
        ).where(CandidateProfile.reception_centre == centre)
    counts = {"kept_job": 0, "lost_job": 0, "open": 0}
    for outcome, n in db.session.execute(stmt).all():
        counts[str(outcome) if outcome else "open"] += int(n)
    return counts
