"""TWV cases: one per hire, with a cycle per application (the first TWV and each renewal).

The rules come from ``portal.domain.twv_rules``; this module applies them to the rows
and records every change (audit trail): opening cases and renewals, reacting to a new
W-document or an early end, closing, and the open tasks. The eligibility gate is in
``eligibility``, who sees which case and the overviews in ``case_access``, the steps of
the checklist in ``steps``. Employer and matchmaker act on the same case.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.domain.twv_rules import (
    Check,
    TaskSpec,
    renewal_due_date,
    transfer_check_task,
    unused_twv_task,
)
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CycleStatus,
    Hire,
    HireStatus,
    TwvCase,
    TwvCycle,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services import audit
from portal.services.twv.case_access import acting_for, may_see_case
from portal.services.twv.status import renewal_needed

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

#: Steps that can never be "not applicable": they are the application itself.
REQUIRED_STEPS = frozenset(
    {"eligibility", "submitted", "await_decision", "twv_granted", "start_work"}
)

#: Why a case or cycle ends without a TWV in use; the "no" of the audit trail.
CLOSE_UWV_NOTIFIED = "uwv_notified"
CLOSE_HIRE_ENDED = "hire_ended"


class TwvError(Exception):
    """Base class of the TWV errors the views turn into messages."""


class NotAllowed(TwvError):
    """This user may not do this on this case."""


class CaseClosed(TwvError):
    """The case is closed or the cycle is not the current one."""


class StepBlocked(TwvError):
    """A blocking eligibility check stops this step."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__(", ".join(c.code for c in checks))
        self.checks = checks


class InvalidStep(TwvError):
    """The step cannot be recorded like this; ``message`` is a Dutch msgid with params."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.params = params


class RenewalNotNeeded(TwvError):
    """No granted TWV that ends before the contract: nothing to renew."""


# -- opening cases and cycles ------------------------------------------------------------


def open_case(hire: Hire, *, by: User | None, today: date | None = None) -> TwvCase:
    """Open the TWV case of a new hire, with its first cycle."""
    today = today or local_today()
    case = TwvCase(
        hire=hire,
        employer_id=hire.employer_id,
        candidate_id=hire.candidate_id,
        created_by_id=by.id if by is not None else None,
    )
    case.cycles.append(
        TwvCycle(
            number=1,
            opened_on=today,
            w_valid_until=hire.candidate.w_document_valid_until,
        )
    )
    db.session.add(case)
    db.session.flush()
    audit.record_change("twv_case", case.id, from_state=None, to_state="open", by=by)
    log.info("twv case %s opened for hire %s", case.id, hire.id)
    return case


def open_renewal(
    case: TwvCase, *, by: User | None, today: date | None = None
) -> TwvCycle:
    """Start the next cycle of the same checklist: a new TWV after the current one.

    ``by``: the employer, its bureau (recorded on behalf of the employer), a matchmaker,
    or None for the daily job.
    """
    today = today or local_today()
    if by is not None and not may_see_case(by, case):
        raise NotAllowed(f"{by!r} may not renew case {case.id}")
    with audit.on_behalf_of(acting_for(by, case) if by is not None else None):
        return _open_renewal(case, by=by, today=today)


def _open_renewal(case: TwvCase, *, by: User | None, today: date) -> TwvCycle:
    require_open(case)
    current = case.current_cycle
    if (
        current.status != CycleStatus.GRANTED
        or current.valid_until is None
        or not renewal_needed(current.valid_until, case.hire.contract_end)
    ):
        raise RenewalNotNeeded(f"case {case.id} has nothing to renew")
    cycle = TwvCycle(
        number=current.number + 1,
        opened_on=today,
        w_valid_until=case.candidate.w_document_valid_until,
    )
    case.cycles.append(cycle)
    db.session.flush()
    audit.record_change(
        "twv_case",
        case.id,
        from_state=f"cycle:{current.number}",
        to_state=f"cycle:{cycle.number}",
        by=by,
    )
    log.info("twv case %s: renewal cycle %s opened", case.id, cycle.number)
    return cycle


def cases_due_for_renewal(today: date) -> list[int]:
    """Ids of cases whose granted TWV reached its renewal date without a next cycle (D4)."""
    due = []
    for case in db.session.scalars(_open_cases_query()):
        current = case.current_cycle
        if (
            current.status == CycleStatus.GRANTED
            and current.valid_until is not None
            and case.hire.status in {HireStatus.PLANNED, HireStatus.ACTIVE}
            and renewal_needed(current.valid_until, case.hire.contract_end)
            and today >= renewal_due_date(current.valid_until)
        ):
            due.append(case.id)
    return due


def on_w_document_extended(
    profile: CandidateProfile, *, by: User | None, today: date | None = None
) -> list[TwvCycle]:
    """React to a new W-document date on the profile (the matchmaker changed it).

    A cycle still being prepared or waiting for UWV now relies on the new date. When the
    current TWV is granted and the new W-document runs past it while the contract goes
    on, the renewal opens as a new cycle. Returns the cycles changed or opened.
    """
    today = today or local_today()
    new_w = profile.w_document_valid_until
    changed: list[TwvCycle] = []
    if new_w is None:
        return changed
    cases = db.session.scalars(
        _open_cases_query().where(TwvCase.candidate_id == profile.id)
    )
    for case in cases:
        current = case.current_cycle
        if current.status in {CycleStatus.PREPARING, CycleStatus.SUBMITTED}:
            if current.w_valid_until != new_w:
                audit.record_event(
                    "twv.w_document_updated",
                    actor=by,
                    object_type="twv_cycle",
                    object_id=current.id,
                    details={"case_id": case.id, "cycle": current.number},
                )
                current.w_valid_until = new_w
                changed.append(current)
        elif (
            current.status == CycleStatus.GRANTED
            and current.valid_until is not None
            and new_w > current.valid_until
            and renewal_needed(current.valid_until, case.hire.contract_end)
        ):
            changed.append(open_renewal(case, by=by, today=today))
    db.session.flush()
    return changed


def update_w_document(
    profile: CandidateProfile,
    valid_until: date,
    *,
    by: User,
    today: date | None = None,
) -> list[TwvCycle]:
    """The matchmaker enters a new W-document end date from the case page."""
    if not by.is_matchmaker:
        raise NotAllowed("only a matchmaker updates the W-document")
    before = profile.w_document_valid_until
    profile.w_document_valid_until = valid_until
    profile.updated_at = utcnow()
    audit.record_event(
        "candidate.update",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"fields": ["w_document_valid_until"], "via": "twv"},
    )
    if before == valid_until:
        return []
    return on_w_document_extended(profile, by=by, today=today)


def on_hire_ended(
    hire: Hire, *, by: User | None, reason_code: str, today: date | None = None
) -> None:
    """The job ended early or never started: stop the application, or start D9.

    A cycle that is not granted yet is withdrawn. A granted TWV is now unused; the
    employer must tell UWV in writing (D9), and the case stays open until that is done.
    Without any granted TWV the case closes at once.
    """
    case = case_for_hire(hire)
    if case is None or case.closed_on is not None:
        return
    ended_on = hire.ended_on or today or local_today()
    current = case.current_cycle
    if current.status in {CycleStatus.PREPARING, CycleStatus.SUBMITTED}:
        set_cycle_status(current, CycleStatus.WITHDRAWN, by=by, reason=reason_code)
    granted = [c for c in case.cycles if c.status == CycleStatus.GRANTED]
    if granted and granted[-1].uwv_notified_on is None:
        granted[-1].unused_since = ended_on
    else:
        close_case(case, on=ended_on, reason=CLOSE_HIRE_ENDED, by=by)
    db.session.flush()


def set_cycle_status(
    cycle: TwvCycle, status: CycleStatus, *, by: User | None, reason: str | None = None
) -> None:
    """Move a cycle to another status, with who did it and, for a "no", why."""
    before = cycle.status
    if before == status:
        return
    cycle.status = status
    if reason is not None:
        cycle.reason_code = reason
    db.session.flush()
    audit.record_change(
        "twv_cycle",
        cycle.id,
        from_state=str(before),
        to_state=status.value,
        by=by,
        reason_code=reason,
    )


def close_case(case: TwvCase, *, on: date, reason: str, by: User | None) -> None:
    """End the track: no more steps and no more reminders from ``on``."""
    case.closed_on = on
    case.close_reason_code = reason
    audit.record_change(
        "twv_case",
        case.id,
        from_state="open",
        to_state="closed",
        by=by,
        reason_code=reason,
    )


def require_open(case: TwvCase) -> None:
    """Raise CaseClosed for a case that no longer changes."""
    if case.closed_on is not None:
        raise CaseClosed(f"case {case.id} is closed")


# -- tasks and lookups ------------------------------------------------------------------


def open_tasks(case: TwvCase, *, today: date | None = None) -> list[TaskSpec]:
    """Open tasks of the case: D8 after a move to another azc, D9 while a TWV is unused."""
    today = today or local_today()
    tasks = []
    at_risk = case.hire.at_risk_since
    if at_risk is not None and case.closed_on is None:
        moved_on = at_risk.astimezone(AMSTERDAM).date()
        tasks.append(transfer_check_task(case.id, moved_on))
    for cycle in case.cycles:
        if cycle.unused_since is not None and cycle.uwv_notified_on is None:
            tasks.append(
                unused_twv_task(case.id, cycle.number, cycle.unused_since, today)
            )
    return tasks


def case_for_hire(hire: Hire) -> TwvCase | None:
    return db.session.scalar(select(TwvCase).where(TwvCase.hire_id == hire.id))


def _open_cases_query() -> Select[tuple[TwvCase]]:
    return (
        select(TwvCase)
        .where(TwvCase.closed_on.is_(None))
        .options(
            selectinload(TwvCase.cycles),
            selectinload(TwvCase.hire),
            selectinload(TwvCase.candidate),
        )
        .order_by(TwvCase.id)
    )
