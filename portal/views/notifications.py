"""Every logged-in user's notifications (the list, the unread count in the header, mark
read, how often mail comes), sending the mail a request queued, and the demo mailbox."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.journey import NotifyFrequencyForm
from portal.extensions import db
from portal.models import NotifyFrequency
from portal.services.notifications import batched, inbox, mailbox, outbox
from portal.views.access import (
    acting_user,
    admin_required,
    any_role_required,
    found_or_404,
)

log = logging.getLogger(__name__)

bp = Blueprint("notifications", __name__, url_prefix="/meldingen")


@bp.app_context_processor
def unread_badge() -> dict[str, Any]:
    """The header's unread count (one cheap COUNT per page, only when logged in)."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return inbox.unread_count(acting_user())

    return {"unread_notifications": count}


@bp.after_app_request
def send_queued_mail(response: Response) -> Response:
    """Send the mails this request queued, with a short timeout; cron sends the rest.

    Runs after the view committed: anything not committed by now was not meant to be
    kept, so it is rolled back first. A failure is logged, never shown to the user.
    """
    ids = g.pop("queued_mail_ids", None)
    gathered = g.pop("gathered_notification", False)
    if not ids and not gathered:
        return response
    try:
        db.session.rollback()
        if gathered and current_app.config.get("NOTIFY_BATCH_MINUTES", 10) <= 0:
            batched.queue_batched()
            db.session.commit()
            ids = [*(ids or []), *g.pop("queued_mail_ids", [])]
        if ids:
            outbox.send_pending(
                ids=list(ids), timeout=current_app.config["MAIL_REQUEST_TIMEOUT"]
            )
    except Exception:
        log.warning("sending queued mail after the request failed", exc_info=True)
        db.session.rollback()
    return response


@bp.get("/")
@any_role_required
def index() -> str:
    user = acting_user()
    items = inbox.for_user(user)
    return render_template(
        "notifications/index.html",
        items=[(n, inbox.text_of(n)) for n in items],
        form=ConfirmForm(),
    )


@bp.post("/gelezen")
@any_role_required
def mark_read() -> Response:
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("notifications.index"))
    raw = request.form.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    inbox.mark_read(acting_user(), ids)
    db.session.commit()
    flash(_("Gemarkeerd als gelezen."), "success")
    return redirect(url_for("notifications.index"))


@bp.get("/<int:note_id>")
@any_role_required
def open_note(note_id: int) -> Response:
    """Open a notification: mark it read and follow its link inside the portal."""
    user = acting_user()
    link = inbox.open_link(user, note_id)
    db.session.commit()
    if link is None or not link.startswith("/") or link.startswith(("//", "/\\")):
        return redirect(url_for("notifications.index"))
    return redirect(link)


@bp.route("/instellingen", methods=["GET", "POST"])
@any_role_required
def settings() -> Response | str:
    user = acting_user()
    form = NotifyFrequencyForm()
    if request.method == "GET":
        form.notify_frequency.data = str(user.notify_frequency)
    if form.validate_on_submit():
        inbox.set_frequency(user, NotifyFrequency(form.notify_frequency.data))
        db.session.commit()
        flash(_("Opgeslagen: zo krijgt u voortaan e-mail over meldingen."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


# -- the demo mailbox (administrators) ----------------------------------------------------
@bp.get("/postvak")
@admin_required
def demo_mailbox() -> str:
    return render_template(
        "notifications/mailbox.html",
        enabled=mailbox.enabled(),
        messages=mailbox.messages(),
    )


@bp.get("/postvak/<int:mail_id>")
@admin_required
def demo_mail(mail_id: int) -> str:
    message = found_or_404(mailbox.get(mail_id))
    links = re.findall(r"https?://[^\s<>\"]+", message.text_body)
    return render_template("notifications/mail.html", message=message, links=links)
