"""Access rules of the TWV area: employers see their own cases, matchmakers all, admins none,
an intermediary the cases of the employers that delegated to it."""

from types import SimpleNamespace

from tests.fixtures.twv import create_twv_case


def world(actors: SimpleNamespace) -> SimpleNamespace:
    case = create_twv_case(
        employer=actors.employer.employer, matchmaker=actors.matchmaker
    )
    other = create_twv_case(
        employer=actors.other_employer.employer, matchmaker=actors.matchmaker
    )
    return SimpleNamespace(case_id=case.id, other_case_id=other.id)


def _case(w: SimpleNamespace) -> dict[str, object]:
    return {"case_id": w.case_id}


def _other(w: SimpleNamespace) -> dict[str, object]:
    return {"case_id": w.other_case_id}


def _other_step(w: SimpleNamespace) -> dict[str, object]:
    return {"case_id": w.other_case_id, "step_key": "draft_contract"}


def _step(w: SimpleNamespace) -> dict[str, object]:
    return {"case_id": w.case_id, "step_key": "draft_contract"}


def _own_case(status: int) -> dict[str, int]:
    """The owner and the matchmakers; another organisation gets 404, as if it did not exist."""
    return {
        "anonymous": 302,
        "employer": status,
        "other_employer": 404,
        "unverified_employer": 404,
        "matchmaker": status,
        "admin": 403,
        # actors.intermediary works actors.employer's cases (a delegation in force)
        "intermediary": status,
        "coa": 403,
    }


def _employer_and_matchmaker(status: int) -> dict[str, int]:
    """Ending the work stays with the employer and the matchmaker."""
    return {**_own_case(status), "intermediary": 403}


def _other_case(status: int) -> dict[str, int]:
    """A case of another employer, that did not delegate: the intermediary gets 404."""
    return {
        "anonymous": 302,
        "employer": 404,
        "other_employer": status,
        "unverified_employer": 404,
        "matchmaker": status,
        "admin": 403,
        "intermediary": 404,
        "coa": 403,
    }


def _matchmaker_only(status: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": 403,
        "other_employer": 403,
        "unverified_employer": 403,
        "matchmaker": status,
        "admin": 403,
        "intermediary": 403,
        "coa": 403,
    }


def _employers_only(status: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": status,
        "other_employer": status,
        "unverified_employer": status,
        "matchmaker": 403,
        "admin": 403,
        "intermediary": 403,
        "coa": 403,
    }


RULES = [
    (
        "twv.index",
        "GET",
        None,
        {
            "anonymous": 302,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 200,
            "admin": 403,
            "intermediary": 200,
            "coa": 403,
        },
    ),
    ("twv.case", "GET", _case, _own_case(200)),
    ("twv.case", "GET", _other, _other_case(200)),
    ("twv.step", "POST", _other_step, _other_case(200)),
    # An empty form says nothing about what to do: the case page comes back with the error.
    ("twv.step", "POST", _step, _own_case(200)),
    ("twv.print", "GET", _case, _own_case(200)),
    ("twv.new_hire", "GET", None, _matchmaker_only(200)),
    ("twv.new_hire", "POST", None, _matchmaker_only(200)),
    ("twv.end_hire", "GET", _case, _employer_and_matchmaker(200)),
    ("twv.end_hire", "POST", _case, _employer_and_matchmaker(200)),
    # Nothing granted yet, so nothing to renew: a message and back to the case. The
    # bureau starts a renewal for the employer that delegated to it.
    ("twv.renewal", "POST", _case, _own_case(302)),
    ("twv.renewal", "POST", _other, _other_case(302)),
    ("twv.w_document", "POST", _case, _matchmaker_only(200)),
    ("twv.calendar_settings", "GET", None, _employers_only(200)),
    ("twv.calendar_settings", "POST", None, _employers_only(302)),
]
