"""Access rules for the glossary: matchmakers and admins, nobody else."""

from types import SimpleNamespace

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
STAFF_POST = {**STAFF, "matchmaker": 400, "admin": 400}
SKILL = "http://data.europa.eu/esco/skill/2846ad39-6535-48cf-a4c4-64f0ae9066c1"


def world(actors: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace()


RULES = [
    ("glossary.index", "GET", None, STAFF),
    ("glossary.edit", "GET", lambda w: {"uri": SKILL}, STAFF),
    ("glossary.edit", "POST", lambda w: {"uri": SKILL}, STAFF),
    ("glossary.export", "GET", None, STAFF),
    ("glossary.import_file", "GET", None, STAFF),
    ("glossary.import_file", "POST", None, STAFF),
    (
        "glossary.delete",
        "POST",
        lambda w: {"entry_id": 999},
        {**STAFF, "matchmaker": 404, "admin": 404},
    ),
]
