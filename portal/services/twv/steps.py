"""The guided checklist of a TWV cycle: each step's state, date and who did it, and its effects.

Recording a step applies the domain rules: a blocking eligibility check stops it, the
submission date starts the decision term (D1), the grant sets the TWV's dates (D3, D6),
work may start only within a granted TWV, and telling UWV about an early end closes the
case (D9). An employer may do the employer's steps, a matchmaker every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.domain.twv_rules import (
    CHECKLIST_STEPS,
    N_,
    Check,
    ChecklistStep,
    next_twv_start,
    twv_end_date,
)
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CycleStatus,
    Hire,
    HireStatus,
    StepState,
    TwvCase,
    TwvCycle,
    TwvStepState,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services import audit
from portal.services.twv.case_access import acting_for, may_see_case
from portal.services.twv.cases import (
    CLOSE_UWV_NOTIFIED,
    REQUIRED_STEPS,
    InvalidStep,
    NotAllowed,
    StepBlocked,
    close_case,
    require_open,
    set_cycle_status,
)
from portal.services.twv.eligibility import blocked_steps, eligibility

#: The domain's steps by their stable key.
STEPS = {step.key: step for step in CHECKLIST_STEPS}


def case_for_page(case_id: int) -> TwvCase | None:
    """A case with what its page shows loaded up front: hire, vacancy, employer, candidate
    (one query), cycles with their steps (a second one) instead of one per relationship."""
    return db.session.scalar(
        select(TwvCase)
        .where(TwvCase.id == case_id)
        .options(
            joinedload(TwvCase.hire).joinedload(Hire.vacancy),
            joinedload(TwvCase.employer),
            joinedload(TwvCase.candidate).joinedload(CandidateProfile.identity),
            selectinload(TwvCase.cycles)
            .joinedload(TwvCycle.steps)
            .joinedload(TwvStepState.done_by),
        )
    )


@dataclass(frozen=True)
class StepView:
    """One step of a cycle as the page shows it."""

    step: ChecklistStep
    state: StepState
    row: TwvStepState | None
    blocked_by: tuple[Check, ...]
    may_act: bool


def may_do_step(user: User, step: ChecklistStep) -> bool:
    """A matchmaker may do every step; the employer (or its intermediary) the employer's."""
    if user.is_matchmaker:
        return True
    return (user.is_employer or user.is_intermediary) and step.actor != "matchmaker"


def step_views(
    case: TwvCase, cycle: TwvCycle, *, user: User, checks: list[Check]
) -> list[StepView]:
    """The checklist of one cycle with each step's state, who did it, and what blocks it."""
    is_current = cycle is case.current_cycle and case.closed_on is None
    blocks = blocked_steps(checks) if cycle.status == CycleStatus.PREPARING else {}
    views = []
    for step in CHECKLIST_STEPS:
        row = cycle.step_state(step.key)
        state = StepState(row.state) if row is not None else StepState.TODO
        blocked_by = tuple(blocks.get(step.key, ())) if state == StepState.TODO else ()
        views.append(
            StepView(
                step=step,
                state=state,
                row=row,
                blocked_by=blocked_by,
                may_act=is_current and may_do_step(user, step),
            )
        )
    return views


def record_step(
    case: TwvCase,
    step_key: str,
    *,
    action: StepState,
    by: User,
    on_date: date | None = None,
    number: str | None = None,
    today: date | None = None,
) -> TwvStepState:
    """Mark a step of the current cycle done, not applicable, or back to do.

    An intermediary acts for the case's employer: every row it causes says so
    (``on_behalf_of``). Raises KeyError for an unknown step, NotAllowed, CaseClosed,
    StepBlocked or InvalidStep (with the field and a Dutch message).
    """
    if by.is_intermediary and not may_see_case(by, case):
        raise NotAllowed(f"{by!r} has no delegation for case {case.id}")
    with audit.on_behalf_of(acting_for(by, case)):
        return _record_step(
            case,
            step_key,
            action=action,
            by=by,
            on_date=on_date,
            number=number,
            today=today,
        )


def _record_step(
    case: TwvCase,
    step_key: str,
    *,
    action: StepState,
    by: User,
    on_date: date | None,
    number: str | None,
    today: date | None,
) -> TwvStepState:
    today = today or local_today()
    step = STEPS[step_key]  # KeyError for an unknown step
    if not may_do_step(by, step):
        raise NotAllowed(f"{by!r} may not do step {step_key}")
    require_open(case)
    cycle = case.current_cycle
    row = cycle.step_state(step_key)
    before = StepState(row.state) if row is not None else StepState.TODO
    if action == StepState.DONE:
        if cycle.status == CycleStatus.PREPARING:
            blockers = blocked_steps(eligibility(case, cycle, today=today)).get(
                step_key
            )
            if blockers:
                raise StepBlocked(blockers)
        _validate_done(step, on_date=on_date, number=number)
        _apply_done(
            case, cycle, step_key, on_date=on_date, number=number, by=by, today=today
        )
    elif action == StepState.NOT_APPLICABLE:
        if step_key in REQUIRED_STEPS:
            raise InvalidStep("action", N_("Deze stap is altijd nodig."))
    else:
        _undo(case, cycle, step_key, by=by)
    if row is None:
        row = TwvStepState(step_key=step_key)
        cycle.steps.append(row)
    row.state = action
    row.on_date = on_date if action == StepState.DONE and step.needs_date else None
    if action == StepState.DONE and step_key == "twv_granted":
        row.on_date = cycle.valid_until
    row.number = number if action == StepState.DONE and step.needs_number else None
    row.done_by_id = by.id
    row.done_at = utcnow()
    db.session.flush()
    audit.record_change(
        "twv_step",
        row.id,
        from_state=before.value,
        to_state=action.value,
        by=by,
        note=f"case:{case.id}:cycle:{cycle.number}:{step_key}",
    )
    return row


def _validate_done(
    step: ChecklistStep, *, on_date: date | None, number: str | None
) -> None:
    if step.needs_date and on_date is None and step.key != "twv_granted":
        raise InvalidStep("on_date", N_("Vul een datum in."))
    if step.needs_number and not number:
        raise InvalidStep("number", N_("Vul het nummer van de werkvergunning in."))


def _apply_done(
    case: TwvCase,
    cycle: TwvCycle,
    key: str,
    *,
    on_date: date | None,
    number: str | None,
    by: User,
    today: date,
) -> None:
    """The effect of a done step on the cycle and the hire."""
    if key == "submitted":
        assert on_date is not None  # noqa: S101 - checked by _validate_done
        if on_date > today:
            raise InvalidStep("on_date", N_("Deze datum ligt in de toekomst."))
        if cycle.status not in {CycleStatus.PREPARING, CycleStatus.SUBMITTED}:
            raise InvalidStep("action", N_("Er is al een besluit van UWV ingevuld."))
        cycle.submitted_on = on_date
        set_cycle_status(cycle, CycleStatus.SUBMITTED, by=by)
    elif key == "twv_granted":
        _grant(case, cycle, stated_end=on_date, number=number, by=by, today=today)
    elif key == "start_work":
        assert on_date is not None  # noqa: S101
        _start_work(case, cycle, on_date, by=by)
    elif key == "early_end":
        assert on_date is not None  # noqa: S101
        _uwv_notified(case, on_date, by=by)


def _grant(
    case: TwvCase,
    cycle: TwvCycle,
    *,
    stated_end: date | None,
    number: str | None,
    by: User,
    today: date,
) -> None:
    """D3/D6: the TWV runs to the stated end or the W-document's; a renewal follows on."""
    if cycle.status != CycleStatus.SUBMITTED or cycle.submitted_on is None:
        raise InvalidStep(
            "action", N_("Vul eerst in op welke dag u de aanvraag hebt ingediend.")
        )
    if stated_end is None and cycle.w_valid_until is None:
        raise InvalidStep("on_date", N_("Vul een datum in."))
    end = twv_end_date(cycle.w_valid_until or stated_end, stated_end)  # type: ignore[arg-type]
    valid_from = today
    earlier = [c for c in case.cycles if c.number < cycle.number and c.valid_until]
    if earlier:
        valid_from = max(today, next_twv_start(earlier[-1].valid_until))  # type: ignore[arg-type]
    if end < valid_from:
        raise InvalidStep(
            "on_date",
            N_("De werkvergunning moet na %(valid_from)s nog geldig zijn."),
            valid_from=valid_from,
        )
    cycle.twv_number = number
    cycle.decided_on = today
    cycle.valid_from = valid_from
    cycle.valid_until = end
    set_cycle_status(cycle, CycleStatus.GRANTED, by=by)
    waiting = cycle.step_state("await_decision")
    if waiting is None:
        waiting = TwvStepState(step_key="await_decision", state=StepState.TODO)
        cycle.steps.append(waiting)
    if waiting.state == StepState.TODO:
        waiting.state = StepState.DONE
        waiting.done_by_id = by.id
        waiting.done_at = utcnow()


def _start_work(case: TwvCase, cycle: TwvCycle, on_date: date, *, by: User) -> None:
    """Work may start only once the TWV is granted, and only while it is valid."""
    if cycle.status != CycleStatus.GRANTED or cycle.valid_from is None:
        raise InvalidStep(
            "on_date",
            N_("Uw werknemer mag pas beginnen als de werkvergunning er is."),
        )
    if not cycle.valid_from <= on_date <= cycle.valid_until:  # type: ignore[operator]
        raise InvalidStep(
            "on_date",
            N_(
                "De werkvergunning geldt van %(valid_from)s tot en met %(valid_until)s. Kies een dag daartussen."
            ),
            valid_from=cycle.valid_from,
            valid_until=cycle.valid_until,
        )
    hire = case.hire
    if hire.status == HireStatus.PLANNED:
        hire.status = HireStatus.ACTIVE
        audit.record_change(
            "hire", hire.id, from_state="planned", to_state="active", by=by
        )


def _uwv_notified(case: TwvCase, on_date: date, *, by: User) -> None:
    """D9 done: UWV knows the TWV is not used; with the job over, the case closes."""
    granted = [c for c in case.cycles if c.status == CycleStatus.GRANTED]
    if granted:
        granted[-1].uwv_notified_on = on_date
    if case.hire.status in {HireStatus.ENDED_EARLY, HireStatus.CANCELLED}:
        close_case(case, on=on_date, reason=CLOSE_UWV_NOTIFIED, by=by)


def _undo(case: TwvCase, cycle: TwvCycle, key: str, *, by: User) -> None:
    """Back to "to do"; a step whose data a later step relies on cannot be undone."""
    if key == "submitted":
        if cycle.status != CycleStatus.SUBMITTED:
            raise InvalidStep("action", N_("Maak eerst de latere stappen ongedaan."))
        cycle.submitted_on = None
        set_cycle_status(cycle, CycleStatus.PREPARING, by=by)
    elif key == "twv_granted" and cycle.status == CycleStatus.GRANTED:
        started = cycle.step_state("start_work")
        if started is not None and started.state == StepState.DONE:
            raise InvalidStep("action", N_("Maak eerst de latere stappen ongedaan."))
        cycle.twv_number = None
        cycle.decided_on = None
        cycle.valid_from = None
        cycle.valid_until = None
        set_cycle_status(cycle, CycleStatus.SUBMITTED, by=by)
