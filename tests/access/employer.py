"""Access rules of the employer's dashboard (it shows the organisation's TWV cases)."""

from types import SimpleNamespace

from tests.fixtures.twv import create_twv_case


def world(actors: SimpleNamespace) -> SimpleNamespace:
    create_twv_case(employer=actors.employer.employer, matchmaker=actors.matchmaker)
    return SimpleNamespace()


RULES = [
    (
        "employer.dashboard",
        "GET",
        None,
        {
            "anonymous": 302,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 403,
            "admin": 403,
            "intermediary": 403,
            "coa": 403,
        },
    ),
]
