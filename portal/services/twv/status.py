"""Where a TWV case stands, and the case's dates in the form the domain rules take.

``case_state`` is pure: a ``CaseSnapshot`` of plain values in, a ``CaseState`` out, so
the dashboard's states and their order are tested at every date boundary without a
database. ``snapshot_of`` and ``case_dates`` turn the ORM rows into those plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from portal.domain.twv_rules import (
    CaseDates,
    decision_overdue,
    expected_decision,
    renewal_due_date,
)
from portal.models import CycleStatus, HireStatus, TwvCase, TwvCycle

Tone = Literal["danger", "warning", "info", "success", "neutral"]

#: A lapse within this many days counts as "this week": the case turns red.
LAPSES_SOON_DAYS = 7

#: Order on the dashboards: the lower, the more urgent.
RANK = {
    "lapsed": 0,
    "lapses_soon": 1,
    "unused_report": 2,
    "overdue": 3,
    "renewal_due": 4,
    "blocked": 5,
    "to_apply": 6,
    "applied": 7,
    "granted": 8,
    "not_needed": 9,
    "closed": 10,
}


@dataclass(frozen=True)
class CycleSnapshot:
    number: int
    status: CycleStatus
    submitted_on: date | None = None
    decided_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    w_valid_until: date | None = None
    opened_on: date | None = None
    unused_since: date | None = None
    uwv_notified_on: date | None = None


@dataclass(frozen=True)
class CaseSnapshot:
    """The plain facts of one case that decide its state."""

    case_id: int
    contract_start: date
    contract_end: date
    cycles: tuple[CycleSnapshot, ...]
    hire_status: HireStatus = HireStatus.PLANNED
    hire_ended_on: date | None = None
    closed_on: date | None = None
    residence_permit_on: date | None = None
    profile_w_valid_until: date | None = None
    #: A blocking eligibility check stops the current cycle (computed by the caller).
    blocked: bool = False


@dataclass(frozen=True)
class CaseState:
    """What the dashboards show: a code, a colour and what matters for the sentence."""

    code: str
    tone: Tone
    sort_date: date
    params: dict[str, object] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return RANK[self.code]

    @property
    def may_work(self) -> bool:
        return self.code not in {"lapsed"}


def _latest_granted(snapshot: CaseSnapshot) -> CycleSnapshot | None:
    granted = [c for c in snapshot.cycles if c.status == CycleStatus.GRANTED]
    return granted[-1] if granted else None


def renewal_needed(twv_end: date, contract_end: date) -> bool:
    """A TWV that ends before the contract must be renewed (D3: it ends with the W-document)."""
    return twv_end < contract_end


def _ended(snapshot: CaseSnapshot) -> bool:
    return snapshot.hire_status in {
        HireStatus.ENDED,
        HireStatus.ENDED_EARLY,
        HireStatus.CANCELLED,
    }


def case_state(snapshot: CaseSnapshot, today: date) -> CaseState:
    """The state of a case on ``today``, for the dashboards (most urgent first by ``rank``)."""
    current = snapshot.cycles[-1]
    granted = _latest_granted(snapshot)
    if snapshot.residence_permit_on and snapshot.residence_permit_on <= today:
        return CaseState(
            "not_needed",
            "success",
            snapshot.residence_permit_on,
            {"permit_on": snapshot.residence_permit_on},
        )
    if _ended(snapshot) or snapshot.closed_on is not None:
        if (
            snapshot.hire_status in {HireStatus.ENDED_EARLY, HireStatus.CANCELLED}
            and granted is not None
            and granted.uwv_notified_on is None
            and snapshot.closed_on is None
        ):
            return CaseState(
                "unused_report",
                "warning",
                snapshot.hire_ended_on or today,
                {"ended_on": snapshot.hire_ended_on},
            )
        return CaseState("closed", "neutral", snapshot.closed_on or today)
    if today > snapshot.contract_end:
        return CaseState("closed", "neutral", snapshot.contract_end)
    if granted is not None and granted.valid_until is not None:
        end = granted.valid_until
        if today > end:
            return CaseState("lapsed", "danger", end, {"valid_until": end})
        if renewal_needed(end, snapshot.contract_end):
            days_left = (end - today).days
            params: dict[str, object] = {"valid_until": end, "days_left": days_left}
            renewal = current if current.number > granted.number else None
            if renewal is not None and renewal.submitted_on is not None:
                params["submitted_on"] = renewal.submitted_on
                params["weeks_waiting"] = (today - renewal.submitted_on).days // 7
            if days_left <= LAPSES_SOON_DAYS:
                return CaseState("lapses_soon", "danger", end, params)
            if renewal is not None and renewal.submitted_on is not None:
                if decision_overdue(renewal.submitted_on, today):
                    return CaseState("overdue", "warning", renewal.submitted_on, params)
                return CaseState("applied", "info", end, params)
            if today >= renewal_due_date(end):
                return CaseState("renewal_due", "warning", end, params)
        if current is granted:
            return CaseState("granted", "success", end, {"valid_until": end})
    if current.status == CycleStatus.SUBMITTED and current.submitted_on is not None:
        dates = expected_decision(current.submitted_on)
        params = {
            "submitted_on": current.submitted_on,
            "weeks_waiting": (today - current.submitted_on).days // 7,
            "legal": dates.legal,
            "practical": dates.practical,
        }
        if decision_overdue(current.submitted_on, today):
            return CaseState("overdue", "warning", current.submitted_on, params)
        return CaseState("applied", "info", dates.legal, params)
    if snapshot.blocked:
        return CaseState("blocked", "warning", snapshot.contract_start)
    return CaseState(
        "to_apply", "info", snapshot.contract_start, {"start": snapshot.contract_start}
    )


def sort_key(state: CaseState, case_id: int) -> tuple[int, date, int]:
    return (state.rank, state.sort_date, case_id)


# -- from the ORM ------------------------------------------------------------------------


def _cycle_snapshot(cycle: TwvCycle) -> CycleSnapshot:
    return CycleSnapshot(
        number=cycle.number,
        status=CycleStatus(cycle.status),
        submitted_on=cycle.submitted_on,
        decided_on=cycle.decided_on,
        valid_from=cycle.valid_from,
        valid_until=cycle.valid_until,
        w_valid_until=cycle.w_valid_until,
        opened_on=cycle.opened_on,
        unused_since=cycle.unused_since,
        uwv_notified_on=cycle.uwv_notified_on,
    )


def snapshot_of(case: TwvCase, *, blocked: bool = False) -> CaseSnapshot:
    hire = case.hire
    return CaseSnapshot(
        case_id=case.id,
        contract_start=hire.contract_start,
        contract_end=hire.contract_end,
        cycles=tuple(_cycle_snapshot(c) for c in case.cycles),
        hire_status=HireStatus(hire.status),
        hire_ended_on=hire.ended_on,
        closed_on=case.closed_on,
        residence_permit_on=case.candidate.residence_permit_on,
        profile_w_valid_until=case.candidate.w_document_valid_until,
        blocked=blocked,
    )


def reminders_closed_on(snapshot: CaseSnapshot) -> date | None:
    """From this day no reminder of the case is sent (closed, status holder, contract over)."""
    ends = [snapshot.contract_end + timedelta(days=1)]
    if snapshot.closed_on is not None:
        ends.append(snapshot.closed_on)
    if snapshot.residence_permit_on is not None:
        ends.append(snapshot.residence_permit_on)
    return min(ends)


def case_dates(snapshot: CaseSnapshot) -> list[CaseDates]:
    """The domain's ``CaseDates`` for every cycle of the case (one reminder schedule each).

    The portal decides which series a cycle carries, so that one date is never reminded
    under two keys:

    - the end-of-TWV series only for a granted TWV that ends before the contract does
      (otherwise no renewal is needed) and only while the job goes on;
    - the W-document series only on the first cycle that relies on that W-document, and
      only when it ends before the contract; a later W-document stops it;
    - after an early end, only the "tell UWV" series (D9) remains.
    """
    ended_early = snapshot.hire_status in {HireStatus.ENDED_EARLY, HireStatus.CANCELLED}
    closed_on = reminders_closed_on(snapshot)
    result = []
    seen_w: set[date] = set()
    for index, cycle in enumerate(snapshot.cycles):
        later = snapshot.cycles[index + 1 :]
        twv_end = None
        if (
            cycle.status == CycleStatus.GRANTED
            and cycle.valid_until is not None
            and renewal_needed(cycle.valid_until, snapshot.contract_end)
            and not ended_early
        ):
            twv_end = cycle.valid_until
        w_valid_until = None
        if (
            cycle.w_valid_until is not None
            and cycle.w_valid_until not in seen_w
            and cycle.w_valid_until < snapshot.contract_end
            and not ended_early
        ):
            w_valid_until = cycle.w_valid_until
        if cycle.w_valid_until is not None:
            seen_w.add(cycle.w_valid_until)
        newer_w = [c.w_valid_until for c in later if c.w_valid_until] + (
            [snapshot.profile_w_valid_until] if snapshot.profile_w_valid_until else []
        )
        new_w_received = cycle.w_valid_until is not None and any(
            w > cycle.w_valid_until for w in newer_w
        )
        result.append(
            CaseDates(
                case_id=snapshot.case_id,
                created_on=cycle.opened_on or snapshot.contract_start,
                cycle=cycle.number,
                submitted_on=(
                    None
                    if cycle.status == CycleStatus.WITHDRAWN
                    else cycle.submitted_on
                ),
                decided_on=cycle.decided_on,
                twv_end=twv_end,
                w_valid_until=w_valid_until,
                next_twv_granted=any(c.status == CycleStatus.GRANTED for c in later),
                new_w_document_received=new_w_received,
                twv_unused_since=cycle.unused_since,
                uwv_notified_on=cycle.uwv_notified_on,
                closed_on=closed_on,
            )
        )
    return result
