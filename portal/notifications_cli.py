"""``flask notifications send``: send the outbox (cron, every few minutes) and the digests."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

notifications = AppGroup("notifications", help="Meldingen en de e-mail-outbox.")


def queue_due(today: date | None = None) -> tuple[int, int]:
    """Queue what became due: gathered approvals and follow-ups; commits."""
    from portal.extensions import db
    from portal.services.matches import follow_ups
    from portal.services.notifications import batched

    gathered = batched.queue_batched()
    db.session.commit()
    due = follow_ups.notify_due(today)
    db.session.commit()
    return gathered, due


@notifications.command("send")
@click.option(
    "--digests/--no-digests",
    default=False,
    help="Also queue the daily digests first (run once a day with this flag).",
)
@click.option(
    "--limit", default=500, show_default=True, help="At most this many mails."
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Follow-ups due by this day (default: today).",
)
def send(digests: bool, limit: int, today: object) -> None:
    """Send the mails in the outbox that are due; failed ones are retried later."""
    from portal.extensions import db
    from portal.services.notifications import inbox, outbox

    day = today.date() if today is not None else None  # type: ignore[attr-defined]
    gathered, due = queue_due(day)
    click.echo(f"approvals mailed: {gathered}, follow-ups due: {due}")
    if digests:
        queued = inbox.queue_daily_digests()
        db.session.commit()
        click.echo(f"digests queued: {queued}")
    report = outbox.send_pending(limit=limit)
    click.echo(
        f"sent: {report.sent}, to retry: {report.retry}, failed: {report.failed}, "
        f"still pending: {outbox.pending_count()}"
    )
