"""The employer's own area: overview with the work permits, and organisation details."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.services.matches import queries as match_queries
from portal.services.twv import case_access
from portal.views.access import acting_user, employer_required

bp = Blueprint("employer", __name__, url_prefix="/werkgever")


@bp.get("/")
@employer_required
def dashboard() -> str:
    rows = case_access.case_overviews(acting_user())
    return render_template(
        "employer/dashboard.html",
        employer=current_user.employer,
        rows=rows,
        work=match_queries.employer_work(acting_user()),
    )
