"""Access rules of the transparency pages.

The register page, its JSON export and the instructions for use are public; the
printable candidate notice is for matchmakers and administrators; reviewing the notice
templates is for administrators.
"""

from types import SimpleNamespace


def world(actors: SimpleNamespace) -> SimpleNamespace:
    """The page needs no objects."""
    return SimpleNamespace()


EVERYONE = {
    "anonymous": 200,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 200,
    "admin": 200,
    "intermediary": 200,
    "coa": 200,
}
STAFF = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 200,
    "admin": 200,
    "intermediary": 403,
    "coa": 403,
}
ADMIN = {**STAFF, "matchmaker": 403}

RULES = [
    ("algorithm.register", "GET", None, EVERYONE),
    ("algorithm.register_json", "GET", None, EVERYONE),
    ("algorithm.instructions", "GET", None, EVERYONE),
    ("algorithm.notices", "GET", None, STAFF),
    ("algorithm.notice", "GET", lambda w: {"lang": "ar"}, STAFF),
    ("algorithm.notice_templates", "GET", None, ADMIN),
]
