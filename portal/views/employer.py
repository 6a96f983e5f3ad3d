"""The employer's own area: overview with the work permits, and organisation details."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.services.twv import cases as twv
from portal.views.access import employer_required

bp = Blueprint("employer", __name__, url_prefix="/werkgever")


@bp.get("/")
@employer_required
def dashboard() -> str:
    rows = twv.case_overviews(current_user._get_current_object())
    return render_template(
        "employer/dashboard.html", employer=current_user.employer, rows=rows
    )
