"""``flask notifications send``: send the outbox (cron, every few minutes) and the digests."""

from __future__ import annotations

import click
from flask.cli import AppGroup

notifications = AppGroup("notifications", help="Meldingen en de e-mail-outbox.")


@notifications.command("send")
@click.option(
    "--digests/--no-digests",
    default=False,
    help="Also queue the daily digests first (run once a day with this flag).",
)
@click.option(
    "--limit", default=500, show_default=True, help="At most this many mails."
)
def send(digests: bool, limit: int) -> None:
    """Send the mails in the outbox that are due; failed ones are retried later."""
    from portal.extensions import db
    from portal.services.notifications import inbox, outbox

    if digests:
        queued = inbox.queue_daily_digests()
        db.session.commit()
        click.echo(f"digests queued: {queued}")
    report = outbox.send_pending(limit=limit)
    click.echo(
        f"sent: {report.sent}, to retry: {report.retry}, failed: {report.failed}, "
        f"still pending: {outbox.pending_count()}"
    )
