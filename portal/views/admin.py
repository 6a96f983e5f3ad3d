"""Administration: accounts (deactivate, roles)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from portal.extensions import db
from portal.models import User
from portal.services import accounts
from portal.views.access import admin_required

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.get("/")
@admin_required
def dashboard() -> str:
    return render_template("admin/dashboard.html")


@bp.get("/accounts")
@admin_required
def users() -> str:
    rows = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=rows, form=ConfirmForm())


@bp.post("/accounts/<int:user_id>/actief")
@admin_required
def toggle_active(user_id: int) -> Response:
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("U kunt uw eigen account niet uitschakelen."), "error")
        return redirect(url_for("admin.users"))
    accounts.set_active(user, not user.is_active, by=current_user._get_current_object())
    db.session.commit()
    flash(_("Account %(email)s is aangepast.", email=user.email), "success")
    return redirect(url_for("admin.users"))
