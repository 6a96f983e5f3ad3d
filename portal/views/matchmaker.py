"""The Werkplein matchmaker's area: overview, and checking employers that registered."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.admin import RejectEmployerForm
from portal.extensions import db
from portal.services.accounts import employers
from portal.views.access import (
    acting_user,
    found_or_404,
    matchmaker_required,
    staff_required,
)

bp = Blueprint("matchmaker", __name__, url_prefix="/werkplein")


@bp.get("/")
@matchmaker_required
def dashboard() -> str:
    return render_template("matchmaker/dashboard.html", pending=employers.pending())


@bp.get("/werkgevers", endpoint="employers")
@staff_required
def employers_list() -> str:
    return render_template(
        "matchmaker/employers.html",
        rows=employers.overview(),
        reasons={c.value: c.label for c in RejectEmployerForm().reason.choices},
        form=ConfirmForm(),
    )


@bp.post("/werkgevers/<int:employer_id>/verifieren")
@staff_required
def verify_employer(employer_id: int) -> Response:
    employer = found_or_404(employers.get_employer(employer_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    employers.verify(employer, by=acting_user())
    db.session.commit()
    flash(
        _("%(name)s is geverifieerd en kan nu kandidaten zien.", name=employer.name),
        "success",
    )
    return redirect(url_for("matchmaker.employers"))


@bp.route("/werkgevers/<int:employer_id>/afwijzen", methods=["GET", "POST"])
@staff_required
def reject_employer(employer_id: int) -> str | Response:
    """Refuse a registration with a coded reason; the organisation's accounts are switched off."""
    employer = found_or_404(employers.get_employer(employer_id))
    form = RejectEmployerForm()
    if form.validate_on_submit():
        try:
            employers.reject(
                employer,
                form.reason.data,
                by=acting_user(),
                note=form.note.data,
            )
        except employers.InvalidReason:
            form.note.errors.append(_("Leg uit waarom u de aanmelding afwijst."))
        else:
            db.session.commit()
            flash(
                _(
                    "De aanmelding van %(name)s is afgewezen. De accounts van deze organisatie zijn uitgeschakeld.",
                    name=employer.name,
                ),
                "success",
            )
            return redirect(url_for("matchmaker.employers"))
    return render_template(
        "matchmaker/reject_employer.html", employer=employer, form=form
    )
