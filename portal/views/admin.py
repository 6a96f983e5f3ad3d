"""Administration: accounts (switch on and off, staff roles, reset two-factor login)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from forms._base import ConfirmForm
from forms.admin import RoleForm
from forms.console import (
    AuditFilterForm,
    InviteStaffForm,
    RetentionConfirmForm,
    ThemeForm,
    ThresholdForm,
)
from portal.extensions import db
from portal.models import Role, User
from portal.services import mail
from portal.services.accounts import invitations, two_factor
from portal.services.accounts import users as accounts
from portal.services.console import audit_review, retention_runs, theme
from portal.views.access import acting_user, admin_required, found_or_404

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.record_once
def _theme_from_the_database(state) -> None:  # type: ignore[no-untyped-def]
    """A new app (each test, each worker) reads the theme of its own database."""
    theme.forget()


@bp.app_context_processor
def _theme() -> dict[str, str]:
    """Every page's <html> carries the municipality's theme class."""
    return {"theme": theme.current()}


def _not_self(user: User, message: str) -> Response | None:
    """An admin cannot lock themselves out by switching off or demoting their own account."""
    if user.id == current_user.id:
        flash(message, "error")
        return redirect(url_for("admin.users"))
    return None


@bp.get("/")
@admin_required
def dashboard() -> str:
    return render_template("admin/dashboard.html")


@bp.get("/accounts")
@admin_required
def users() -> str:
    rows = accounts.users_for_admin()
    return render_template(
        "admin/users.html",
        users=rows,
        pending={u.id for u in rows if invitations.is_pending(u)},
        history=audit_review.account_history(),
        form=ConfirmForm(),
        role_form=RoleForm(),
        staff_roles=accounts.STAFF_ROLES,
    )


@bp.post("/accounts/<int:user_id>/actief")
@admin_required
def toggle_active(user_id: int) -> Response:
    user = found_or_404(accounts.get_user(user_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if refused := _not_self(user, _("U kunt uw eigen account niet uitschakelen.")):
        return refused
    accounts.set_active(user, not user.is_active, by=acting_user())
    db.session.commit()
    flash(_("Account %(email)s is aangepast.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.post("/accounts/<int:user_id>/rol")
@admin_required
def set_role(user_id: int) -> Response:
    user = found_or_404(accounts.get_user(user_id))
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    if refused := _not_self(user, _("U kunt uw eigen rol niet wijzigen.")):
        return refused
    try:
        accounts.set_role(user, Role(form.role.data), by=acting_user())
    except accounts.RoleChangeNotAllowed:
        flash(_("De rol van een werkgeversaccount kan niet worden gewijzigd."), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(_("De rol van %(email)s is gewijzigd.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.post("/accounts/<int:user_id>/twee-stappen-resetten")
@admin_required
def reset_two_factor(user_id: int) -> Response:
    user = found_or_404(accounts.get_user(user_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if refused := _not_self(
        user, _("Uw eigen inloggen in twee stappen wijzigt u op uw accountpagina.")
    ):
        return refused
    two_factor.reset(user, by=acting_user(), ip_address=request.remote_addr)
    db.session.commit()
    flash(
        _(
            "Inloggen in twee stappen van %(email)s is gewist. Bij de volgende keer inloggen stelt deze persoon het opnieuw in.",
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for("admin.users"))


# -- inviting staff ------------------------------------------------------------------------


def _invitation_link(token: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for("invitation.link", token=token)


@bp.route("/accounts/uitnodigen", methods=["GET", "POST"])
@admin_required
def invite() -> Response | str:
    form = InviteStaffForm()
    if form.validate_on_submit():
        try:
            invitations.invite_staff(
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                by=acting_user(),
                link_for=_invitation_link,
            )
        except accounts.EmailTaken:
            form.email.errors.append(_("Er is al een account met dit e-mailadres."))
        except mail.MailError:
            db.session.rollback()
            flash(
                _(
                    "De uitnodiging kon niet worden verstuurd. Probeer het later opnieuw."
                ),
                "error",
            )
        else:
            db.session.commit()
            flash(
                _(
                    "%(email)s is uitgenodigd en krijgt een e-mail.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/invite.html", form=form)


@bp.post("/accounts/<int:user_id>/opnieuw-uitnodigen")
@admin_required
def resend_invitation(user_id: int) -> Response:
    user = found_or_404(accounts.get_user(user_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        invitations.resend(user, by=acting_user(), link_for=_invitation_link)
    except invitations.InvalidInvitation:
        flash(_("Deze persoon heeft al een wachtwoord gekozen."), "error")
        return redirect(url_for("admin.users"))
    except mail.MailError:
        db.session.rollback()
        flash(
            _("De uitnodiging kon niet worden verstuurd. Probeer het later opnieuw."),
            "error",
        )
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(
        _("Een nieuwe uitnodiging is naar %(email)s gestuurd.", email=user.email),
        "success",
    )
    return redirect(url_for("admin.users"))


# -- audit log ---------------------------------------------------------------------------


def _audit_filter() -> tuple[AuditFilterForm, audit_review.AuditFilter]:
    form = AuditFilterForm(request.args)
    actions, types = audit_review.choices()
    form.what.choices = [SelectChoice("", _("Alles"))] + [
        SelectChoice(a, a) for a in actions
    ]
    form.object_type.choices = [SelectChoice("", _("Alle soorten"))] + [
        SelectChoice(t, t) for t in types
    ]
    if not form.validate():
        return form, audit_review.AuditFilter()
    return form, audit_review.AuditFilter(
        actor=form.actor.data or "",
        object_type=form.object_type.data or "",
        object_id=form.object_id.data,
        action=form.what.data or "",
        since=form.since.data,
        until=form.until.data,
    )


@bp.get("/auditlog")
@admin_required
def audit() -> str:
    form, chosen = _audit_filter()
    events = audit_review.events(chosen)
    return render_template(
        "admin/audit.html",
        form=form,
        events=events,
        on_behalf=audit_review.on_behalf_names([event for event, _user in events]),
        on_behalf_of_id=audit_review.on_behalf_of_id,
        shown_details=audit_review.shown_details,
        page_size=audit_review.PAGE_SIZE,
        export_args=request.args.to_dict(),
    )


@bp.get("/auditlog.csv")
@admin_required
def audit_export() -> Response:
    _form, chosen = _audit_filter()
    body = audit_review.export_csv(chosen, by=acting_user())
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="auditlog.csv"'},
    )


@bp.route("/auditlog/signalen", methods=["GET", "POST"])
@admin_required
def alerts() -> Response | str:
    form = ThresholdForm()
    if form.validate_on_submit():
        audit_review.set_threshold(form.threshold.data, by=acting_user())
        db.session.commit()
        flash(_("De grens is opgeslagen."), "success")
        return redirect(url_for("admin.alerts"))
    if request.method == "GET":
        form.threshold.data = audit_review.threshold()
    return render_template("admin/alerts.html", form=form, alerts=audit_review.alerts())


# -- retention ---------------------------------------------------------------------------


@bp.route("/bewaartermijn", methods=["GET", "POST"])
@admin_required
def retention() -> Response | str:
    months = int(current_app.config["RETENTION_MONTHS"])
    form = RetentionConfirmForm()
    if form.validate_on_submit():
        result = retention_runs.run(months, form.profile_ids, by=acting_user())
        db.session.commit()
        flash(
            ngettext(
                "De identiteit van %(num)s kandidaat is verwijderd.",
                "De identiteit van %(num)s kandidaten is verwijderd.",
                len(result.profile_ids),
            ),
            "success",
        )
        return redirect(url_for("admin.retention"))
    return render_template(
        "admin/retention.html",
        form=form,
        preview=retention_runs.preview(months),
        runs=retention_runs.past_runs(),
    )


# -- house style ---------------------------------------------------------------------------


@bp.route("/huisstijl", methods=["GET", "POST"])
@admin_required
def house_style() -> Response | str:
    form = ThemeForm()
    if form.validate_on_submit():
        theme.set_theme(form.theme.data, by=acting_user())
        db.session.commit()
        flash(_("De huisstijl is opgeslagen."), "success")
        return redirect(url_for("admin.house_style"))
    if request.method == "GET":
        form.theme.data = theme.current()
    return render_template("admin/house_style.html", form=form)
