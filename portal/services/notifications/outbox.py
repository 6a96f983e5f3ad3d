"""The transactional outbox: every e-mail is a row first, sent later, exactly once.

``queue_mail`` adds a row in the caller's transaction, so the mail exists if and only if
the fact it announces was committed. ``send_pending`` (``flask notifications send``,
from cron, and after a request that queued mail) claims rows one by one with a
conditional UPDATE, commits the claim, sends, and commits the result:

- SMTP down: the row goes back to pending with a growing delay; nothing is lost.
- Two senders at once: the UPDATE ... WHERE status = 'pending' succeeds for one of them
  only (on SQLite and PostgreSQL alike), so no row is sent twice.
- A sender that dies between the SMTP server's "250" and its commit leaves a claim that
  turns stale after ``STALE_AFTER``; the row is then sent again with the same
  Message-ID, so the receiving side can recognise the duplicate. That window is the only
  way a message can arrive twice.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from flask import g, has_request_context
from sqlalchemy import func, or_, select, update

from portal.extensions import db
from portal.models import OutboxMail, OutboxStatus, User
from portal.models.base import utcnow
from portal.services import mail

log = logging.getLogger(__name__)

#: After this many failed attempts a row is marked failed (and shown to admins).
MAX_ATTEMPTS = 8
#: A claim older than this is taken to be from a sender that died.
STALE_AFTER = timedelta(minutes=10)


#: Ids of the mails queued inside :func:`collect` (a job that sends what it queued).
_COLLECTED: ContextVar[list[int] | None] = ContextVar("outbox_collected", default=None)


@contextmanager
def collect() -> Iterator[list[int]]:
    """Gather the ids of the mails queued inside the block (e.g. to send them at once)."""
    ids: list[int] = []
    token = _COLLECTED.set(ids)
    try:
        yield ids
    finally:
        _COLLECTED.reset(token)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most 4 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def queue_mail(
    to_address: str,
    subject: str,
    text_body: str,
    *,
    html_body: str | None = None,
    user: User | None = None,
) -> OutboxMail:
    """Add a mail to the outbox in the current transaction (sent after the commit)."""
    row = OutboxMail(
        to_address=to_address,
        subject=subject[:300],
        text_body=text_body,
        html_body=html_body,
        user_id=user.id if user is not None else None,
        message_id=make_msgid(domain="werkbrug"),
    )
    db.session.add(row)
    db.session.flush()
    collected = _COLLECTED.get()
    if collected is not None:
        collected.append(row.id)
    if has_request_context():
        # Sent after the response where cheap (views/notifications.py), else by cron.
        g.setdefault("queued_mail_ids", []).append(row.id)
    log.info("mail %s queued", row.id)
    return row


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        (OutboxMail.status == OutboxStatus.PENDING)
        & (OutboxMail.next_attempt_at <= now),
        (OutboxMail.status == OutboxStatus.SENDING)
        & (OutboxMail.claimed_at < now - STALE_AFTER),
    )


def _claim(row_id: int, now: datetime, sender: str) -> bool:
    """Take the row for this sender; False when another sender has it or it is done."""
    result = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == row_id, _claimable(now))
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=now,
            claimed_by=sender,
            attempts=OutboxMail.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_pending(
    *,
    limit: int = 200,
    now: datetime | None = None,
    ids: list[int] | None = None,
    timeout: float | None = None,
) -> SendReport:
    """Send what is due (or only ``ids``); commits after every claim and every result."""
    now = now or utcnow()
    sender = secrets.token_hex(8)
    query = select(OutboxMail.id).where(_claimable(now)).order_by(OutboxMail.id)
    if ids is not None:
        query = query.where(OutboxMail.id.in_(ids))
    due = list(db.session.scalars(query.limit(limit)))
    db.session.commit()
    report = SendReport()
    for row_id in due:
        if not _claim(row_id, now, sender):
            continue
        row = db.session.get(OutboxMail, row_id)
        if row is None:  # pragma: no cover - deleted between claim and read
            continue
        try:
            mail.send_mail(
                row.to_address,
                row.subject,
                row.text_body,
                html=row.html_body,
                message_id=row.message_id,
                timeout=timeout,
            )
        except mail.MailError as exc:
            row.last_error = type(exc.__cause__ or exc).__name__[:300]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = OutboxStatus.FAILED
                report.failed += 1
                log.error(
                    "mail %s failed for good after %s attempts", row.id, row.attempts
                )
            else:
                row.status = OutboxStatus.PENDING
                row.next_attempt_at = now + retry_delay(row.attempts)
                report.retry += 1
        else:
            row.status = OutboxStatus.SENT
            row.sent_at = utcnow()
            report.sent += 1
        db.session.commit()
    return report


def pending_count() -> int:
    """Mails not yet sent (waiting, or claimed by a sender right now)."""
    return (
        db.session.scalar(
            select(func.count(OutboxMail.id)).where(
                OutboxMail.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
            )
        )
        or 0
    )
