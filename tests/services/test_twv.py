"""The TWV case service: steps, their rules and effects, renewals, and who may do what."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CycleStatus,
    HireStatus,
    Role,
    StatusChange,
    StepState,
)
from portal.services.matches import hires, journey
from portal.services.twv import case_access
from portal.services.twv import cases as twv
from portal.services.twv import eligibility as twv_eligibility
from portal.services.twv import steps as twv_steps
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.twv import (
    TWV_TODAY,
    create_twv_candidate,
    create_twv_case,
    grant_twv,
)


@pytest.fixture
def clock(app_ctx) -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def actors(clock):
    employer = create_employer()
    return {
        "employer": employer,
        "boss": create_user(Role.EMPLOYER, employer=employer),
        "matchmaker": create_user(Role.MATCHMAKER),
    }


@pytest.fixture
def case(actors):
    return create_twv_case(employer=actors["employer"], matchmaker=actors["matchmaker"])


def done(case, key, by, **kwargs):
    return twv_steps.record_step(case, key, action=StepState.DONE, by=by, **kwargs)


def test_hire_opens_a_case_with_a_first_cycle(case):
    assert case.hire.status == HireStatus.PLANNED
    assert [c.number for c in case.cycles] == [1]
    cycle = case.current_cycle
    assert cycle.status == CycleStatus.PREPARING
    assert cycle.opened_on == TWV_TODAY
    assert cycle.w_valid_until == case.candidate.w_document_valid_until


def test_step_records_state_date_and_who(case, actors):
    row = done(case, "w_document_copy", actors["boss"], on_date=date(2026, 9, 30))
    assert row.state == StepState.DONE
    assert row.on_date == date(2026, 9, 30)
    assert row.done_by_id == actors["boss"].id
    assert row.done_at is not None
    change = db.session.scalar(
        select(StatusChange).where(StatusChange.object_type == "twv_step")
    )
    assert (change.from_state, change.to_state, change.by_id) == (
        "todo",
        "done",
        actors["boss"].id,
    )


def test_employer_may_not_do_the_matchmakers_step(case, actors):
    with pytest.raises(twv.NotAllowed):
        done(case, "eligibility", actors["boss"])
    assert done(case, "eligibility", actors["matchmaker"]).state == StepState.DONE


def test_step_that_needs_a_date_refuses_without_one(case, actors):
    with pytest.raises(twv.InvalidStep) as error:
        done(case, "submitted", actors["boss"])
    assert error.value.field == "on_date"


def test_submission_date_may_not_lie_in_the_future(case, actors):
    with pytest.raises(twv.InvalidStep):
        done(case, "submitted", actors["boss"], on_date=TWV_TODAY + timedelta(days=1))
    done(case, "submitted", actors["boss"], on_date=TWV_TODAY)
    assert case.current_cycle.status == CycleStatus.SUBMITTED
    assert case.current_cycle.submitted_on == TWV_TODAY


def test_required_steps_cannot_be_skipped(case, actors):
    with pytest.raises(twv.InvalidStep):
        twv_steps.record_step(
            case, "submitted", action=StepState.NOT_APPLICABLE, by=actors["boss"]
        )
    row = twv_steps.record_step(
        case, "agency_work", action=StepState.NOT_APPLICABLE, by=actors["boss"]
    )
    assert row.state == StepState.NOT_APPLICABLE


def test_grant_needs_a_submission_first(case, actors):
    with pytest.raises(twv.InvalidStep):
        done(case, "twv_granted", actors["boss"], number="TWV-1")


def test_grant_runs_to_the_w_document_unless_the_decision_says_otherwise(case, actors):
    done(case, "submitted", actors["boss"], on_date=TWV_TODAY)
    done(case, "twv_granted", actors["boss"], number="TWV-1")
    cycle = case.current_cycle
    assert cycle.status == CycleStatus.GRANTED
    assert cycle.valid_until == date(2026, 9, 30)  # the W-document's last day (D3)
    assert cycle.twv_number == "TWV-1"
    assert cycle.step_state("await_decision").state == StepState.DONE

    twv_steps.record_step(case, "twv_granted", action=StepState.TODO, by=actors["boss"])
    done(case, "twv_granted", actors["boss"], number="TWV-1", on_date=date(2026, 8, 31))
    assert case.current_cycle.valid_until == date(2026, 8, 31)


def test_work_may_start_only_once_the_twv_is_granted(case, actors):
    with pytest.raises(twv.InvalidStep) as error:
        done(case, "start_work", actors["boss"], on_date=date(2026, 4, 1))
    assert "pas beginnen" in error.value.message
    grant_twv(
        case,
        by=actors["matchmaker"],
        submitted_on=TWV_TODAY,
        granted_on=date(2026, 3, 25),
    )
    with pytest.raises(twv.InvalidStep):  # the day before the TWV starts
        done(
            case,
            "start_work",
            actors["boss"],
            on_date=date(2026, 3, 24),
            today=date(2026, 3, 25),
        )
    with pytest.raises(twv.InvalidStep):  # the day after it ends
        done(case, "start_work", actors["boss"], on_date=date(2026, 10, 1))
    done(case, "start_work", actors["boss"], on_date=date(2026, 3, 25))
    assert case.hire.status == HireStatus.ACTIVE


def test_undo_in_the_wrong_order_is_refused(case, actors):
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    with pytest.raises(twv.InvalidStep):
        twv_steps.record_step(
            case, "submitted", action=StepState.TODO, by=actors["boss"]
        )


@pytest.mark.parametrize(
    ("application_on", "blocked"),
    [
        (
            date(2025, 10, 1),
            True,
        ),  # start 1 Apr 2026 is exactly 6 months: but today is not
        (date(2025, 9, 2), False),  # today (2 Mar 2026) is exactly 6 months after
        (date(2025, 9, 1), False),
    ],
)
def test_blocking_check_stops_the_submission(actors, application_on, blocked):
    candidate = create_twv_candidate(asylum_application_date=application_on)
    case = create_twv_case(
        employer=actors["employer"],
        matchmaker=actors["matchmaker"],
        candidate=candidate,
    )
    if blocked:
        with pytest.raises(twv.StepBlocked) as error:
            done(case, "submitted", actors["boss"], on_date=TWV_TODAY)
        assert "SUBMISSION_BEFORE_6_MONTHS" in {c.code for c in error.value.checks}
        # drafting is allowed from month 5 (A3b): the preparation steps go ahead
        assert done(case, "draft_contract", actors["boss"]).state == StepState.DONE
    else:
        done(case, "submitted", actors["boss"], on_date=TWV_TODAY)


def test_a_blocking_check_other_than_the_waiting_period_stops_everything(actors):
    candidate = create_twv_candidate(
        w_valid_until=date(2026, 3, 31)
    )  # before the start
    case = create_twv_case(
        employer=actors["employer"],
        matchmaker=actors["matchmaker"],
        candidate=candidate,
    )
    with pytest.raises(twv.StepBlocked):
        done(case, "draft_contract", actors["boss"])


def test_extended_w_document_updates_a_cycle_being_prepared(case, actors):
    case.candidate.w_document_valid_until = date(2027, 3, 31)
    changed = twv.on_w_document_extended(case.candidate, by=actors["matchmaker"])
    assert changed == [case.current_cycle]
    assert case.current_cycle.w_valid_until == date(2027, 3, 31)


def test_extended_w_document_opens_the_renewal_of_a_granted_twv(case, actors):
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    twv.update_w_document(case.candidate, date(2027, 3, 31), by=actors["matchmaker"])
    assert [c.number for c in case.cycles] == [1, 2]
    renewal = case.current_cycle
    assert renewal.status == CycleStatus.PREPARING
    assert renewal.w_valid_until == date(2027, 3, 31)
    # the same date again changes nothing
    assert (
        twv.update_w_document(
            case.candidate, date(2027, 3, 31), by=actors["matchmaker"]
        )
        == []
    )


def test_renewal_twv_starts_the_day_after_the_previous_one(case, actors):
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    twv.update_w_document(case.candidate, date(2027, 3, 31), by=actors["matchmaker"])
    grant_twv(
        case,
        by=actors["matchmaker"],
        submitted_on=date(2026, 7, 1),
        granted_on=date(2026, 8, 1),
    )
    assert case.current_cycle.valid_from == date(2026, 10, 1)  # D6: no gap
    assert case.current_cycle.valid_until == date(2027, 3, 31)


def test_only_a_matchmaker_updates_the_w_document(case, actors):
    with pytest.raises(twv.NotAllowed):
        twv.update_w_document(case.candidate, date(2027, 3, 31), by=actors["boss"])


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 7, 7), False),  # the day before the renewal date (D-84)
        (date(2026, 7, 8), True),
        (date(2026, 7, 9), True),
    ],
)
def test_case_is_due_for_renewal_twelve_weeks_before_the_end(case, actors, today, due):
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    assert (case.id in twv.cases_due_for_renewal(today)) is due


def test_no_renewal_when_the_twv_outlives_the_contract(actors):
    case = create_twv_case(
        employer=actors["employer"],
        matchmaker=actors["matchmaker"],
        contract_end=date(2026, 9, 30),
    )
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    assert twv.cases_due_for_renewal(date(2026, 9, 1)) == []
    with pytest.raises(twv.RenewalNotNeeded):
        twv.open_renewal(case, by=actors["boss"])


def test_early_end_before_the_grant_withdraws_and_closes(case, actors):
    done(case, "submitted", actors["boss"], on_date=TWV_TODAY)
    status = hires.end_early(
        case.hire,
        ended_on=date(2026, 3, 10),
        reason_code="candidate_left",
        by=actors["boss"],
    )
    assert status == HireStatus.CANCELLED
    assert case.current_cycle.status == CycleStatus.WITHDRAWN
    assert case.closed_on == date(2026, 3, 10)
    change = db.session.scalar(
        select(StatusChange).where(
            StatusChange.object_type == "hire", StatusChange.to_state == "cancelled"
        )
    )
    assert change.reason_code == "candidate_left"


def test_early_end_after_the_grant_asks_to_tell_uwv(case, actors):
    grant_twv(
        case, by=actors["matchmaker"], submitted_on=TWV_TODAY, granted_on=TWV_TODAY
    )
    done(case, "start_work", actors["boss"], on_date=TWV_TODAY)
    hires.end_early(
        case.hire,
        ended_on=date(2026, 5, 1),
        reason_code="employer_ended",
        by=actors["boss"],
    )
    assert case.hire.status == HireStatus.ENDED_EARLY
    assert case.closed_on is None
    (task,) = twv.open_tasks(case, today=date(2026, 5, 2))
    assert task.rule == "D9"
    assert not task.escalated
    assert twv.open_tasks(case, today=date(2026, 6, 1))[0].escalated  # day 31

    done(case, "early_end", actors["boss"], on_date=date(2026, 5, 4))
    assert case.current_cycle.uwv_notified_on == date(2026, 5, 4)
    assert case.closed_on == date(2026, 5, 4)
    assert twv.open_tasks(case) == []
    with pytest.raises(twv.CaseClosed):
        done(case, "reba_payslips", actors["boss"])


def test_overviews_show_own_cases_to_employers_and_all_to_matchmakers(case, actors):
    other = create_twv_case(matchmaker=actors["matchmaker"])
    outsider = create_user(Role.EMPLOYER, employer=other.employer)
    assert [r.case.id for r in case_access.case_overviews(actors["boss"])] == [case.id]
    assert [r.case.id for r in case_access.case_overviews(outsider)] == [other.id]
    assert {r.case.id for r in case_access.case_overviews(actors["matchmaker"])} == {
        case.id,
        other.id,
    }
    admin = create_user(Role.ADMIN)
    assert case_access.case_overviews(admin) == []


def test_blocked_steps_pure():
    from portal.domain.twv_rules import Check

    waiting = Check(
        "SUBMISSION_BEFORE_6_MONTHS",
        "blocking",
        {"blocks": "submission", "may_draft": True},
        "",
        "",
    )
    blocked = twv_eligibility.blocked_steps([waiting])
    assert "submitted" in blocked
    assert "draft_contract" not in blocked
    too_early = Check(
        waiting.code, "blocking", {"blocks": "submission", "may_draft": False}, "", ""
    )
    assert "draft_contract" in twv_eligibility.blocked_steps([too_early])
    info = Check("MARKTCONFORM_REMINDER", "info", {}, "", "")
    assert twv_eligibility.blocked_steps([info]) == {}


def test_hourly_wage_at_the_minimum_passes_one_cent_below_fails(actors):
    case = create_twv_case(
        employer=actors["employer"],
        matchmaker=actors["matchmaker"],
        hourly_wage="14.71",
        contract_end=date(2026, 6, 30),
    )
    assert case.hire.hourly_wage == Decimal("14.71")
    with pytest.raises(hires.WageBelowMinimum) as error:
        create_twv_case(
            employer=actors["employer"],
            matchmaker=actors["matchmaker"],
            hourly_wage="14.70",
            contract_end=date(2026, 6, 30),
        )
    assert error.value.minimum == Decimal("14.71")


def test_wage_is_checked_on_each_rate_of_the_contract(actors):
    # 14.40 meets the minimum of 1 Jul 2025 but not the one of 1 Jan 2026 (14.71)
    with pytest.raises(hires.WageBelowMinimum) as error:
        create_twv_case(
            employer=actors["employer"],
            matchmaker=actors["matchmaker"],
            hourly_wage="14.40",
            contract_start=date(2025, 12, 1),
            contract_end=date(2026, 1, 31),
        )
    assert error.value.on == date(2026, 1, 1)


def test_only_a_matchmaker_records_a_hire(actors):
    candidate = create_twv_candidate()
    from tests.fixtures.twv import create_twv_vacancy

    vacancy = create_twv_vacancy(actors["employer"])
    with pytest.raises(hires.NotAllowed):
        journey.record_hire(
            candidate=candidate,
            vacancy=vacancy,
            terms=hires.ContractTerms(
                date(2026, 4, 1), date(2026, 9, 30), 32, Decimal("15.00")
            ),
            by=actors["boss"],
        )


def test_find_candidate_ignores_case(case):
    assert hires.find_candidate(case.candidate.ref.lower()) is case.candidate
    assert hires.find_candidate("WB-NIEMAND") is None
