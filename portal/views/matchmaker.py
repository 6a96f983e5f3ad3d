"""The Werkplein matchmaker's area: overview and verification of employers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from portal.extensions import db
from portal.models import Employer
from portal.services import employers
from portal.views.access import matchmaker_required, staff_required

bp = Blueprint("matchmaker", __name__, url_prefix="/werkplein")


@bp.get("/")
@matchmaker_required
def dashboard() -> str:
    pending = db.session.scalars(
        select(Employer).where(Employer.is_verified.is_(False))
    ).all()
    return render_template("matchmaker/dashboard.html", pending=pending)


@bp.get("/werkgevers", endpoint="employers")
@staff_required
def employers_list() -> str:
    rows = db.session.scalars(
        select(Employer).order_by(Employer.is_verified, Employer.name)
    ).all()
    return render_template(
        "matchmaker/employers.html", employers=rows, form=ConfirmForm()
    )


@bp.post("/werkgevers/<int:employer_id>/verifieren")
@staff_required
def verify_employer(employer_id: int) -> Response:
    employer = db.get_or_404(Employer, employer_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    employers.verify(employer, by=current_user._get_current_object())
    db.session.commit()
    flash(
        _("%(name)s is geverifieerd en kan nu kandidaten zien.", name=employer.name),
        "success",
    )
    return redirect(url_for("matchmaker.employers"))
