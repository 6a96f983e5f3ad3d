"""Access rules for the foundation's blueprints: public, auth, employer, matchmaker, admin.

Every actor in the walker is a fresh account without two-factor login, so the pages that
need a pending login or an enabled authenticator answer with a redirect.
"""

from types import SimpleNamespace


def world(actors: SimpleNamespace) -> SimpleNamespace:
    """The walker's actors are enough: an account to act on and an employer to check."""
    return SimpleNamespace(
        user_id=actors.employer.id,
        unverified_employer_id=actors.unverified_employer.employer_id,
    )


ANYONE_200 = {
    "anonymous": 200,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 200,
    "admin": 200,
    "intermediary": 200,
    "coa": 200,
}
ANYONE_302 = dict.fromkeys(ANYONE_200, 302)
ANYONE_400 = dict.fromkeys(ANYONE_200, 400)
#: Only for visitors who are not logged in; the others go to their dashboard.
ANONYMOUS_ONLY = {**ANYONE_302, "anonymous": 200}
#: Any logged-in role; anonymous visitors go to the login page.
LOGGED_IN_200 = {**ANYONE_200, "anonymous": 302}
LOGGED_IN_302 = ANYONE_302
EMPLOYERS_200 = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 403,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}
MATCHMAKER_200 = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 200,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}
STAFF_200 = {**MATCHMAKER_200, "admin": 200}
STAFF_302 = {**STAFF_200, "matchmaker": 302, "admin": 302}
ADMIN_200 = {**MATCHMAKER_200, "matchmaker": 403, "admin": 200}
ADMIN_302 = {**ADMIN_200, "admin": 302}
ADMIN_400 = {**ADMIN_200, "admin": 400}

RULES = [
    # public
    ("public.home", "GET", None, ANONYMOUS_ONLY),
    ("public.privacy", "GET", None, ANYONE_200),
    ("public.accessibility", "GET", None, ANYONE_200),
    ("public.set_language", "GET", lambda w: {"code": "en"}, ANYONE_302),
    ("public.healthz", "GET", None, ANYONE_200),
    # auth: logging in
    ("auth.login", "GET", None, ANONYMOUS_ONLY),
    ("auth.login", "POST", None, ANONYMOUS_ONLY),
    ("auth.two_factor", "GET", None, ANYONE_302),
    ("auth.two_factor", "POST", None, ANYONE_302),
    ("auth.logout", "POST", None, ANYONE_302),
    (
        "auth.keepalive",
        "POST",
        None,
        {**dict.fromkeys(ANYONE_200, 204), "anonymous": 302},
    ),
    # auth: registering and forgotten passwords
    ("auth.register", "GET", None, ANONYMOUS_ONLY),
    ("auth.register", "POST", None, ANONYMOUS_ONLY),
    ("auth.forgot_password", "GET", None, ANYONE_200),
    ("auth.forgot_password", "POST", None, ANYONE_200),
    ("auth.reset_link", "GET", lambda w: {"token": "not-a-token"}, ANYONE_302),
    ("auth.reset_password", "GET", None, ANYONE_400),
    ("auth.reset_password", "POST", None, ANYONE_400),
    # auth: one's own account
    ("auth.account", "GET", None, LOGGED_IN_200),
    ("auth.change_password", "GET", None, LOGGED_IN_200),
    ("auth.change_password", "POST", None, LOGGED_IN_200),
    ("auth.two_factor_setup", "GET", None, LOGGED_IN_200),
    ("auth.two_factor_setup", "POST", None, LOGGED_IN_200),
    ("auth.two_factor_disable", "GET", None, LOGGED_IN_302),
    ("auth.two_factor_disable", "POST", None, LOGGED_IN_302),
    ("auth.recovery_codes", "GET", None, LOGGED_IN_302),
    ("auth.recovery_codes", "POST", None, LOGGED_IN_302),
    # employer
    ("employer.dashboard", "GET", None, EMPLOYERS_200),
    # matchmaker
    ("matchmaker.dashboard", "GET", None, MATCHMAKER_200),
    ("matchmaker.employers", "GET", None, STAFF_200),
    (
        "matchmaker.verify_employer",
        "POST",
        lambda w: {"employer_id": w.unverified_employer_id},
        STAFF_302,
    ),
    (
        "matchmaker.reject_employer",
        "GET",
        lambda w: {"employer_id": w.unverified_employer_id},
        STAFF_200,
    ),
    (
        "matchmaker.reject_employer",
        "POST",
        lambda w: {"employer_id": w.unverified_employer_id},
        STAFF_200,
    ),
    # admin
    ("admin.dashboard", "GET", None, ADMIN_200),
    ("admin.users", "GET", None, ADMIN_200),
    ("admin.toggle_active", "POST", lambda w: {"user_id": w.user_id}, ADMIN_302),
    ("admin.set_role", "POST", lambda w: {"user_id": w.user_id}, ADMIN_400),
    ("admin.reset_two_factor", "POST", lambda w: {"user_id": w.user_id}, ADMIN_302),
]
