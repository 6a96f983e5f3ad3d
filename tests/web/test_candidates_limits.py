"""Employers' views of profiles are rate-limited per account (``limit_profile_views``)."""

from __future__ import annotations

from flask_login import login_required

from portal.services.candidates.employer_view import EMPLOYER_PROFILE_VIEW_LIMIT
from portal.views.candidates import limit_profile_views


def test_profile_views_are_limited_per_account(
    app, login, employer_user, other_employer_user
):
    @login_required
    def shown() -> str:
        return "profiel"

    app.add_url_rule("/test-profiel", "test_profile", limit_profile_views(shown))
    allowed = int(EMPLOYER_PROFILE_VIEW_LIMIT.split()[0])
    client = login(employer_user)
    statuses = [client.get("/test-profiel").status_code for _ in range(allowed + 1)]
    assert statuses[:allowed] == [200] * allowed
    assert statuses[allowed] == 429
    # Another account has its own budget.
    assert login(other_employer_user).get("/test-profiel").status_code == 200


def test_the_limit_budget_is_shared_by_all_profile_routes(app, login, employer_user):
    @login_required
    def first() -> str:
        return "een"

    @login_required
    def second() -> str:
        return "twee"

    app.add_url_rule("/test-een", "test_one", limit_profile_views(first))
    app.add_url_rule("/test-twee", "test_two", limit_profile_views(second))
    allowed = int(EMPLOYER_PROFILE_VIEW_LIMIT.split()[0])
    client = login(employer_user)
    for _ in range(allowed):
        client.get("/test-een")
    assert client.get("/test-twee").status_code == 429
