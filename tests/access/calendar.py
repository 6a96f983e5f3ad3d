"""Access rules of the calendar feed: public, the secret token in the URL is the key."""

from types import SimpleNamespace

from tests.fixtures.twv import create_twv_case


def world(actors: SimpleNamespace) -> SimpleNamespace:
    create_twv_case(employer=actors.employer.employer, matchmaker=actors.matchmaker)
    return SimpleNamespace(token=actors.employer.employer.calendar_token)


RULES = [
    (
        "calendar.feed",
        "GET",
        lambda w: {"token": w.token},
        {
            "anonymous": 200,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 200,
            "admin": 200,
            "intermediary": 200,
            "coa": 200,
        },
    ),
]
