"""An IND or COA event recorded by mistake: void it, and undo what followed from it.

:func:`void_event` (a matchmaker, with a coded reason) gives the facts the event wrote
back to what the other events (or the values before it) say, takes a transfer's
relocation back, cancels the event's open tasks, reopens a TWV case it closed, re-runs
the eligibility of the person's running hires, and notifies the employers and
matchmakers. Matches it ended stay ended (matching proposes them anew). Recording an
event is ``events``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from portal.domain.procedure_events import rule_for
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    PermitTask,
    ProcedureEvent,
    ProcedureEventKind,
    User,
)
from portal.models.base import utcnow
from portal.services import audit, reasons
from portal.services.candidates.base import _t
from portal.services.candidates.relocations import remove_relocation
from portal.services.notifications.recipients import employer_accounts
from portal.services.permits.events import (
    DATE_FACTS,
    EventInvalid,
    events_for,
    matchmakers_of,
    notify,
    recheck_case,
    running_hires,
    written_facts,
)
from portal.services.permits.tasks import cancel_task, tasks_for_event
from portal.services.twv import cases as twv

log = logging.getLogger(__name__)

#: Values of the facts before any event wrote them (the model's defaults): what a
#: correction restores for an event recorded before ``facts_before`` was kept.
DEFAULT_FACTS: dict[str, object] = {
    "asylum_rejected": False,
    "in_coa_reception": True,
    "residence_permit_on": None,
    "linked_municipality": None,
}


class EventNotAllowed(Exception):
    """Only a matchmaker marks an event as recorded in error."""


@dataclass
class VoidOutcome:
    """What marking one event as recorded in error did."""

    event: ProcedureEvent
    #: fact -> the value it has again
    restored: dict[str, object] = field(default_factory=dict)
    cancelled_tasks: list[PermitTask] = field(default_factory=list)
    reopened_cases: list[int] = field(default_factory=list)
    relocation_removed: bool = False
    twv_blocking: dict[int, list[str]] = field(default_factory=dict)
    notified: list[tuple[int, str]] = field(default_factory=list)


def _loaded_value(name: str, value: object) -> object:
    if name in DATE_FACTS and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _restore_facts(
    profile: CandidateProfile, event: ProcedureEvent
) -> dict[str, object]:
    """Give back the facts a voided event wrote; those changed since stay as they are.

    A fact still holding the voided event's value takes the value of the latest other
    valid event that writes it (by date, then recording order), else the value it had
    before the first event that ever wrote it (``facts_before``), else the default.
    """
    everything = sorted(events_for(profile), key=lambda e: e.id)  # recording order
    others = sorted(
        (e for e in everything if e.id != event.id and not e.is_voided),
        key=lambda e: (e.occurred_on, e.id),
    )
    restored: dict[str, object] = {}
    for name, value in written_facts(event).items():
        if getattr(profile, name) != value:
            continue  # changed since (a later event or a matchmaker): not ours to undo
        writers = [e for e in others if name in written_facts(e)]
        if writers:
            new = written_facts(writers[-1])[name]
        else:
            before = next(
                (
                    e.facts_before[name]
                    for e in everything
                    if e.facts_before and name in e.facts_before
                ),
                DEFAULT_FACTS[name],
            )
            new = _loaded_value(name, before)
        setattr(profile, name, new)
        restored[name] = new
    return restored


def void_event(
    event: ProcedureEvent, *, reason_code: str, by: User | None
) -> VoidOutcome:
    """Mark an event as recorded in error (coded reason) and undo what followed from it."""
    if by is None or not by.is_matchmaker:
        raise EventNotAllowed("only matchmakers correct events")
    if event.is_voided:
        raise EventInvalid(
            {"reason_code": _t("Deze gebeurtenis is al als vergissing gemarkeerd.")}
        )
    if not reasons.is_valid("event_error", reason_code):
        raise EventInvalid({"reason_code": _t("Kies een reden.")})
    profile = event.profile
    event.voided_at = utcnow()
    event.voided_by_id = by.id
    event.void_reason_code = reason_code
    audit.record_change(
        "procedure_event",
        event.id,
        from_state="recorded",
        to_state="voided",
        by=by,
        reason_code=reason_code,
    )
    outcome = VoidOutcome(event=event)
    outcome.restored = _restore_facts(profile, event)
    if event.relocation_id is not None:
        move = next(
            (m for m in profile.relocations if m.id == event.relocation_id), None
        )
        event.relocation_id = None
        if move is not None:
            remove_relocation(move, by=by)
            outcome.relocation_removed = True
    for task in tasks_for_event(event):
        cancel_task(task, by=by, reason_code=reason_code)
        outcome.cancelled_tasks.append(task)

    hires = running_hires(profile)
    for hire in hires:
        case = twv.case_for_hire(hire)
        if case is None:
            continue
        if (
            event.kind == ProcedureEventKind.PERMIT_GRANTED
            and case.closed_on == event.occurred_on
            and case.close_reason_code == "status_holder"
        ):
            case.closed_on = None
            case.close_reason_code = None
            audit.record_change(
                "twv_case",
                case.id,
                from_state="closed",
                to_state="open",
                by=by,
                reason_code=reason_code,
            )
            outcome.reopened_cases.append(case.id)
        if case.closed_on is None:
            outcome.twv_blocking[case.id] = recheck_case(case, event, by)
    db.session.flush()

    params = {"candidate": profile.ref, "date": event.occurred_on.isoformat()}
    if rule_for(event.kind).notify_employers:
        for hire in hires:
            notify(
                outcome.notified,
                employer_accounts(hire.employer_id),
                "event_voided_employer",
                "/permits/taken",
                params,
            )
    notify(
        outcome.notified,
        matchmakers_of(profile, hires),
        "event_voided_matchmaker",
        f"/permits/kandidaat/{profile.id}",
        {**params, "tasks": len(outcome.cancelled_tasks)},
    )
    log.info("permit event %s voided on profile %s", event.id, profile.id)
    return outcome
