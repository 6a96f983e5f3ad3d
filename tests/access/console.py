"""Access rules for the admin console's audit log and alerts: administrators only."""

from types import SimpleNamespace

ADMIN_200 = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 403,
    "admin": 200,
}


def world(actors: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace()


RULES = [
    ("admin.audit", "GET", None, ADMIN_200),
    ("admin.audit_export", "GET", None, ADMIN_200),
    ("admin.alerts", "GET", None, ADMIN_200),
    ("admin.alerts", "POST", None, ADMIN_200),  # an empty form re-renders with errors
]
