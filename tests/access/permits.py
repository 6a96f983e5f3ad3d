"""Access rules of the permit pages: IND/COA events (matchmakers), tasks (employers their
own, matchmakers theirs) and the employment statement (matchmakers)."""

from datetime import timedelta
from types import SimpleNamespace

from portal.models import PermitTask
from portal.models.base import local_today
from portal.services.permits import events
from tests.fixtures.twv import create_twv_case

OUT = {"anonymous": 302, "admin": 403, "coa": 403, "intermediary": 403}


def world(actors: SimpleNamespace) -> SimpleNamespace:
    case = create_twv_case(
        employer=actors.employer.employer, matchmaker=actors.matchmaker
    )
    case.hire.status = "active"
    profile = case.candidate
    planned = events.record_event(
        profile,
        kind="transfer_planned",
        occurred_on=local_today() + timedelta(days=7),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        by=actors.matchmaker,
    )
    refused = events.record_event(
        profile, kind="refused_final", occurred_on=local_today(), by=actors.matchmaker
    )
    task = next(
        t for t in refused.tasks if isinstance(t, PermitTask) and t.kind == "stop_work"
    )
    return SimpleNamespace(
        case_id=case.id,
        profile_id=profile.id,
        task_id=task.id,
        retention_id=planned.retentions[0].id,
        event_id=refused.event.id,
    )


def _matchmaker(status: int) -> dict[str, int]:
    return {
        **OUT,
        "employer": 403,
        "other_employer": 403,
        "unverified_employer": 403,
        "matchmaker": status,
    }


RULES = [
    (
        "permits.person",
        "GET",
        lambda w: {"profile_id": w.profile_id},
        _matchmaker(200),
    ),
    # An empty form re-renders with its errors.
    (
        "permits.person",
        "POST",
        lambda w: {"profile_id": w.profile_id},
        _matchmaker(200),
    ),
    (
        "permits.task_list",
        "GET",
        None,
        {
            **OUT,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 200,
        },
    ),
    # The employer's own task; another organisation, and matchmakers (not their task),
    # get 404 as if it did not exist.
    (
        "permits.task_done",
        "POST",
        lambda w: {"task_id": w.task_id},
        {
            **OUT,
            "employer": 302,
            "other_employer": 404,
            "unverified_employer": 404,
            "matchmaker": 404,
        },
    ),
    (
        "permits.statement",
        "GET",
        lambda w: {"retention_id": w.retention_id},
        _matchmaker(200),
    ),
    (
        "permits.statement",
        "POST",
        lambda w: {"retention_id": w.retention_id},
        _matchmaker(200),
    ),
    # An empty form is refused with a message on the person's page (a redirect).
    (
        "permits.void_event",
        "POST",
        lambda w: {"event_id": w.event_id},
        _matchmaker(302),
    ),
    # An empty form stores "no agency" and redirects back.
    (
        "permits.procedure_facts",
        "POST",
        lambda w: {"profile_id": w.profile_id},
        _matchmaker(302),
    ),
    (
        "permits.agency",
        "GET",
        lambda w: {"case_id": w.case_id},
        {
            **OUT,
            "employer": 200,
            "other_employer": 404,
            "unverified_employer": 404,
            "matchmaker": 200,
        },
    ),
    (
        "permits.agency",
        "POST",
        lambda w: {"case_id": w.case_id},
        {
            **OUT,
            "employer": 302,
            "other_employer": 404,
            "unverified_employer": 404,
            "matchmaker": 302,
        },
    ),
]
