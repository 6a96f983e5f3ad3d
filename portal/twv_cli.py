"""``flask twv send-reminders``: the daily reminder job (cron), and what it reports.

The job owns its transactions: it commits after recording the reminders, after each
claim and after each delivery (the notifications and their queued mails commit with the
reminder's ``sent``), so a reminder's key is stored before its mail is queued and a
crash in the middle loses nothing (a claimed reminder is freed after the lease). At the
end it sends the mails it queued through the outbox; a mail the SMTP server refused
stays in the outbox, which ``flask notifications send`` retries (never twice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db

log = logging.getLogger(__name__)

twv = AppGroup("twv", help="Werkvergunningen (TWV).")


@dataclass
class JobReport:
    renewals_opened: int = 0
    recorded: int = 0
    superseded: int = 0
    cancelled: int = 0
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def run_reminder_job(today: date | None = None) -> JobReport:
    """Open due renewals, record due reminders, then claim and send them one by one."""
    from portal.models import Reminder, ReminderStatus, TwvCase
    from portal.services.notifications import outbox
    from portal.services.twv import cases as twv_service
    from portal.services.twv import reminders

    today = today or twv_service.local_today()
    report = JobReport()
    for case_id in twv_service.cases_due_for_renewal(today):
        case = db.session.get(TwvCase, case_id)
        try:
            twv_service.open_renewal(case, by=None, today=today)
            db.session.commit()
            report.renewals_opened += 1
        except (IntegrityError, twv_service.TwvError):
            db.session.rollback()  # a concurrent run opened it first
    planned = reminders.plan(today)
    db.session.commit()
    report.recorded = len(planned.recorded)
    report.superseded = len(planned.superseded)
    report.cancelled = len(planned.cancelled)
    with outbox.collect() as queued:
        for reminder_id in reminders.claimable_ids():
            if not reminders.claim(reminder_id):
                db.session.rollback()
                continue
            db.session.commit()
            status = reminders.deliver(reminder_id, today=today)
            db.session.commit()
            key = db.session.scalar(
                select(Reminder.key).where(Reminder.id == reminder_id)
            )
            (report.sent if status == ReminderStatus.SENT else report.failed).append(
                key
            )
    if queued:
        outbox.send_pending(ids=queued)
    return report


@twv.command("send-reminders")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Doe alsof het deze dag is (YYYY-MM-DD); standaard vandaag.",
)
def send_reminders(today: object) -> None:
    """Send the TWV reminders that are due (run daily by cron; safe to repeat)."""
    day = today.date() if today is not None else None  # type: ignore[attr-defined]
    report = run_reminder_job(day)
    click.echo(
        f"renewals opened: {report.renewals_opened}; recorded: {report.recorded}; "
        f"sent: {len(report.sent)}; failed: {len(report.failed)}; "
        f"superseded: {report.superseded}; cancelled: {report.cancelled}"
    )
    for key in report.failed:
        click.echo(f"failed (retried next run): {key}", err=True)
