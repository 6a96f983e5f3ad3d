"""Access rules of the public algorithm-register page: everyone may read it."""

from types import SimpleNamespace


def world(actors: SimpleNamespace) -> SimpleNamespace:
    """The page needs no objects."""
    return SimpleNamespace()


RULES = [
    (
        "algorithm.register",
        "GET",
        None,
        {
            "anonymous": 200,
            "employer": 200,
            "other_employer": 200,
            "unverified_employer": 200,
            "matchmaker": 200,
            "admin": 200,
            "coa": 200,
        },
    ),
]
