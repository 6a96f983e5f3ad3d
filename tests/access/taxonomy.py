"""Access rules for the ESCO search: any logged-in role, nobody anonymous."""

from types import SimpleNamespace


def world(actors: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace()


LOGGED_IN = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 200,
    "admin": 200,
    "intermediary": 200,
    "coa": 200,
}

RULES = [
    ("taxonomy.occupations_json", "GET", None, LOGGED_IN),
    ("taxonomy.skills_json", "GET", None, LOGGED_IN),
    ("taxonomy.occupations", "GET", None, LOGGED_IN),
    ("taxonomy.skills", "GET", None, LOGGED_IN),
]
