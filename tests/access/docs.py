"""Access rules for the documentation pages: public."""

from types import SimpleNamespace

PUBLIC = dict.fromkeys(
    (
        "anonymous",
        "employer",
        "other_employer",
        "unverified_employer",
        "matchmaker",
        "admin",
        "intermediary",
        "coa",
    ),
    200,
)


def world(actors: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace()


RULES = [("docs.formats", "GET", None, PUBLIC)]
