"""Access rules for the admin console's audit log and alerts: administrators only."""

from types import SimpleNamespace

ADMIN_200 = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 403,
    "admin": 200,
    "intermediary": 403,
    "coa": 403,
}


ANYONE_400 = dict.fromkeys(ADMIN_200, 400)


def world(actors: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(user_id=actors.matchmaker.id)


RULES = [
    ("admin.audit", "GET", None, ADMIN_200),
    ("admin.audit_export", "GET", None, ADMIN_200),
    ("admin.alerts", "GET", None, ADMIN_200),
    ("admin.alerts", "POST", None, ADMIN_200),  # an empty form re-renders with errors
    ("admin.house_style", "GET", None, ADMIN_200),
    ("admin.house_style", "POST", None, ADMIN_200),  # nothing chosen: re-renders
    ("admin.retention", "GET", None, ADMIN_200),
    ("admin.retention", "POST", None, ADMIN_200),  # unconfirmed: re-renders
    ("admin.invite", "GET", None, ADMIN_200),
    ("admin.invite", "POST", None, ADMIN_200),  # an empty form re-renders with errors
    # The matchmaker has logged in already: not a pending invitation (flash + redirect).
    (
        "admin.resend_invitation",
        "POST",
        lambda w: {"user_id": w.user_id},
        {**ADMIN_200, "admin": 302},
    ),
    # Without an invitation in the session the page says the link does not work.
    ("invitation.accept", "GET", None, ANYONE_400),
    ("invitation.accept", "POST", None, ANYONE_400),
    (
        "invitation.link",
        "GET",
        lambda w: {"token": "x"},
        dict.fromkeys(ADMIN_200, 302),
    ),
]
