"""IND and COA events on a person: record them, and apply what follows.

Recording an event writes the eligibility facts it changes (``asylum_rejected``,
``in_coa_reception``, ``residence_permit_on``), ends the person's open matches where the
rule says so, re-runs the eligibility of every open TWV case (or closes it for a status
holder), creates the tasks for employer and matchmaker, and notifies them. The rules
are ``portal.domain.procedure_events``; references only in notifications.

An event recorded by mistake is *voided* in ``event_corrections``, which uses the
helpers here (the facts an event writes, notifying, re-checking a TWV case).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matching.geo import load_postcodes
from portal.domain.procedure_events import rule_for
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    HireStatus,
    Match,
    PermitTask,
    ProcedureEvent,
    ProcedureEventKind,
    TransferRetention,
    TwvCase,
    User,
)
from portal.models.base import local_today
from portal.services import audit
from portal.services.candidates.base import _t
from portal.services.candidates.relocations import record_relocation
from portal.services.notifications import inbox
from portal.services.notifications.recipients import employer_accounts, matchmakers
from portal.services.permits import recipients, withdraw
from portal.services.permits.tasks import create_task
from portal.services.twv import cases as twv
from portal.services.twv.eligibility import eligibility

log = logging.getLogger(__name__)

EVENT_LABELS: dict[ProcedureEventKind, object] = {
    ProcedureEventKind.PERMIT_GRANTED: _l("IND: verblijfsvergunning verleend"),
    ProcedureEventKind.REFUSED_APPEAL: _l("IND: afgewezen, beroep ingesteld"),
    ProcedureEventKind.REFUSED_FINAL: _l("IND: definitief afgewezen"),
    ProcedureEventKind.LEFT_RECEPTION: _l("COA: heeft de opvang verlaten"),
    ProcedureEventKind.TRANSFER_PLANNED: _l("COA: verhuizing gepland"),
    ProcedureEventKind.TRANSFER_DONE: _l("COA: verhuisd naar een ander azc"),
    ProcedureEventKind.RETURNED_TO_RECEPTION: _l("COA: woont weer in de opvang"),
}
#: Kinds that happened: their date cannot lie ahead.
PAST_KINDS = {
    ProcedureEventKind.PERMIT_GRANTED,
    ProcedureEventKind.REFUSED_APPEAL,
    ProcedureEventKind.REFUSED_FINAL,
    ProcedureEventKind.LEFT_RECEPTION,
    ProcedureEventKind.TRANSFER_DONE,
    ProcedureEventKind.RETURNED_TO_RECEPTION,
}
TRANSFER_KINDS = {ProcedureEventKind.TRANSFER_PLANNED, ProcedureEventKind.TRANSFER_DONE}
#: Hires whose work an event touches.
RUNNING_HIRES = (HireStatus.PROPOSED, HireStatus.PLANNED, HireStatus.ACTIVE)
#: Hires of a person who is (about to be) at work: the job-retention track.
WORKING_HIRES = (HireStatus.PLANNED, HireStatus.ACTIVE)
#: Facts that are dates (kept as ISO text in ``ProcedureEvent.facts_before``).
DATE_FACTS = frozenset({"residence_permit_on"})


class EventInvalid(Exception):
    """Input the form could not check; per field, in Dutch."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class EventOutcome:
    """What recording one event did (for the flash message and the tests)."""

    event: ProcedureEvent
    withdrawn: list[Match] = field(default_factory=list)
    tasks: list[PermitTask] = field(default_factory=list)
    notified: list[tuple[int, str]] = field(default_factory=list)  # (user id, kind)
    #: TWV case id -> codes of the blocking checks after the event.
    twv_blocking: dict[int, list[str]] = field(default_factory=dict)
    closed_cases: list[int] = field(default_factory=list)
    retentions: list[TransferRetention] = field(default_factory=list)


def _validate(
    profile: CandidateProfile,
    kind: ProcedureEventKind,
    occurred_on: date,
    to_reception_centre: str,
    to_pc4: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if occurred_on < profile.asylum_application_date:
        errors["occurred_on"] = _t("Deze datum ligt vóór de asielaanvraag.")
    elif kind in PAST_KINDS and occurred_on > local_today():
        errors["occurred_on"] = _t("Deze datum ligt in de toekomst.")
    elif kind == ProcedureEventKind.TRANSFER_PLANNED and occurred_on < local_today():
        errors["occurred_on"] = _t("Een geplande verhuizing ligt vandaag of later.")
    if kind == ProcedureEventKind.LEFT_RECEPTION and not profile.in_coa_reception:
        errors["kind"] = _t(
            "Volgens de portal woont de kandidaat al niet in de opvang."
        )
    elif kind == ProcedureEventKind.RETURNED_TO_RECEPTION and profile.in_coa_reception:
        errors["kind"] = _t("Volgens de portal woont de kandidaat al in de opvang.")
    if kind in TRANSFER_KINDS:
        if not to_reception_centre:
            errors["to_reception_centre"] = _t("Vul het nieuwe azc in.")
        if not load_postcodes().exists(to_pc4):
            errors["to_pc4"] = _t("Deze postcode (4 cijfers) kennen we niet.")
    return errors


def running_hires(profile: CandidateProfile) -> list[Hire]:
    """The person's hires whose work an event touches (proposed, planned, active)."""
    return list(
        db.session.scalars(
            select(Hire)
            .where(Hire.candidate_id == profile.id, Hire.status.in_(RUNNING_HIRES))
            .order_by(Hire.id)
        )
    )


def notify(
    told: list[tuple[int, str]],
    users: list[User],
    kind: str,
    link: str,
    params: dict,
) -> None:
    """Notify each user; ``told`` (an outcome's list) gets (user id, kind) for each."""
    for user in users:
        inbox.notify(user, kind, link=link, params=params)
        told.append((user.id, kind))


def written_facts(event: ProcedureEvent) -> dict[str, object]:
    """The facts an event writes, with the values it writes."""
    values: dict[str, object] = {
        name: event.occurred_on if value == "DATE" else value
        for name, value in rule_for(event.kind).writes.items()
    }
    if event.kind == ProcedureEventKind.PERMIT_GRANTED and event.municipality:
        values["linked_municipality"] = event.municipality
    return values


def _stored_value(name: str, value: object) -> object:
    if name in DATE_FACTS and isinstance(value, date):
        return value.isoformat()
    return value


def _write_facts(profile: CandidateProfile, event: ProcedureEvent) -> None:
    written = written_facts(event)
    event.facts_before = {
        name: _stored_value(name, getattr(profile, name)) for name in written
    }
    for name, value in written.items():
        setattr(profile, name, value)


def _withdraw_matches(
    outcome: EventOutcome, profile: CandidateProfile, reason: str, by: User | None
) -> None:
    for match in withdraw.open_matches(profile.id):
        employers, _ = recipients.for_match(match)
        if withdraw.withdraw_match(match, reason_code=reason, by=by):
            outcome.withdrawn.append(match)
            # The journey told the employer who saw the match (its own home page, the
            # coded reason shown in the reader's language).
            outcome.notified += [(user.id, "match_withdrawn") for user in employers]


def _twv_follow_up(
    outcome: EventOutcome, hire: Hire, event: ProcedureEvent, by: User | None
) -> None:
    case = twv.case_for_hire(hire)
    if case is None or case.closed_on is not None:
        return
    if event.kind == ProcedureEventKind.PERMIT_GRANTED:
        # D10: no TWV needed from the permit date; the track and its reminders end.
        twv.close_case(case, on=event.occurred_on, reason="status_holder", by=by)
        outcome.closed_cases.append(case.id)
        return
    outcome.twv_blocking[case.id] = recheck_case(case, event, by)


def recheck_case(case: TwvCase, event: ProcedureEvent, by: User | None) -> list[str]:
    """Re-run a TWV case's eligibility after an event (or its correction); audited."""
    checks = eligibility(case)
    blocking = [c.code for c in checks if c.severity == "blocking"]
    audit.record_event(
        "twv.eligibility_rechecked",
        actor=by,
        object_type="twv_case",
        object_id=case.id,
        details={"event_id": event.id, "blocking": blocking},
    )
    return blocking


def record_event(
    profile: CandidateProfile,
    *,
    kind: ProcedureEventKind | str,
    occurred_on: date,
    by: User | None,
    source: str = "matchmaker",
    municipality: str = "",
    to_reception_centre: str = "",
    to_pc4: str = "",
) -> EventOutcome:
    """Record one IND/COA event and apply everything that follows from it."""
    kind = ProcedureEventKind(kind)
    to_reception_centre = to_reception_centre.strip()
    to_pc4 = to_pc4.strip()
    errors = _validate(profile, kind, occurred_on, to_reception_centre, to_pc4)
    if errors:
        raise EventInvalid(errors)
    event = ProcedureEvent(
        profile_id=profile.id,
        kind=kind,
        occurred_on=occurred_on,
        municipality=municipality.strip() or None,
        to_reception_centre=to_reception_centre or None,
        to_pc4=to_pc4 or None,
        source=source,
        recorded_by_id=by.id if by is not None else None,
    )
    db.session.add(event)
    db.session.flush()
    audit.record_event(
        "permit.event",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"event_id": event.id, "kind": kind.value},
    )
    outcome = EventOutcome(event=event)
    rule = rule_for(kind)
    _write_facts(profile, event)
    if kind == ProcedureEventKind.TRANSFER_DONE:
        move = record_relocation(
            profile,
            moved_on=occurred_on,
            reception_centre=to_reception_centre,
            pc4=to_pc4,
            by=by,
        )
        event.relocation_id = move.id
    if rule.withdraw_matches is not None:
        _withdraw_matches(outcome, profile, rule.withdraw_matches, by)

    hires = running_hires(profile)
    params = {"candidate": profile.ref, "date": occurred_on.isoformat()}
    for hire in hires:
        for task_rule in rule.hire_tasks:
            outcome.tasks.append(create_task(event, task_rule, hire))
        if kind == ProcedureEventKind.TRANSFER_PLANNED and hire.status in WORKING_HIRES:
            retention = TransferRetention(event_id=event.id, hire_id=hire.id)
            db.session.add(retention)
            outcome.retentions.append(retention)
        _twv_follow_up(outcome, hire, event, by)
        if rule.notify_employers:
            notify(
                outcome.notified,
                employer_accounts(hire.employer_id),
                f"{kind.value}_employer",
                "/permits/taken",
                params,
            )
    working = any(h.status in WORKING_HIRES for h in hires)
    person_tasks = rule.person_tasks
    if not working:
        person_tasks = (*person_tasks, *rule.person_tasks_if_not_working)
    for task_rule in person_tasks:
        outcome.tasks.append(create_task(event, task_rule))
    db.session.flush()

    matchmaker_kind = f"{kind.value}_matchmaker"
    if kind == ProcedureEventKind.TRANSFER_PLANNED and not outcome.retentions:
        # Nobody at work: no statement to send, but matches and travel to follow up.
        matchmaker_kind = "transfer_planned_not_working_matchmaker"
    notify(
        outcome.notified,
        matchmakers_of(profile, hires),
        matchmaker_kind,
        f"/permits/kandidaat/{profile.id}",
        {
            **params,
            "tasks": len(outcome.tasks),
            "withdrawn": len(outcome.withdrawn),
            "hires": len(outcome.retentions),
        },
    )
    log.info("permit event %s (%s) on profile %s", event.id, kind.value, profile.id)
    return outcome


def matchmakers_of(profile: CandidateProfile, hires: list[Hire]) -> list[User]:
    """The matchmakers who recorded the person's hires (else the profile), if active."""
    creators = {h.created_by_id for h in hires} or {profile.created_by_id}
    people: dict[int, User] = {}
    for creator in creators:
        for user in matchmakers(creator):
            people[user.id] = user
    return list(people.values())


def get_event(event_id: int) -> ProcedureEvent | None:
    return db.session.get(ProcedureEvent, event_id)


def events_for(profile: CandidateProfile) -> list[ProcedureEvent]:
    return list(
        db.session.scalars(
            select(ProcedureEvent)
            .where(ProcedureEvent.profile_id == profile.id)
            .order_by(ProcedureEvent.occurred_on.desc(), ProcedureEvent.id.desc())
        )
    )
