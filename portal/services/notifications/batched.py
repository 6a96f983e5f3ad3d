"""Notifications that gather several events into one: "3 new candidates for V-0012".

A matchmaker approving five candidates for a vacancy in one sitting must not send the
employer five mails. :func:`notify_batched` adds to the recipient's open notification of
the same kind and key (not yet read, not yet mailed) and only counts; the mail goes out
once nothing was added for ``NOTIFY_BATCH_MINUTES`` (:func:`queue_batched`, run by
``flask notifications send`` and after each request). Daily-digest users get it in
their digest as usual.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, NotifyFrequency, User
from portal.models.base import utcnow
from portal.services.notifications import inbox, kinds

#: Kinds whose events are gathered (by their ``key`` parameter).
BATCHED_KINDS = frozenset({"candidates_approved"})


def _window() -> timedelta:
    return timedelta(minutes=float(current_app.config.get("NOTIFY_BATCH_MINUTES", 10)))


def notify_batched(
    user: User, kind: str, *, key: str, link: str, params: dict[str, object]
) -> Notification:
    """Count one more event into the user's open notification of ``kind`` and ``key``."""
    if kind not in kinds.KINDS or kind not in BATCHED_KINDS:
        raise KeyError(kind)
    if has_request_context():
        g.gathered_notification = True
    now = utcnow()
    open_notes = db.session.scalars(
        select(Notification).where(
            Notification.user_id == user.id,
            Notification.kind == kind,
            Notification.read_at.is_(None),
            Notification.mailed_at.is_(None),
        )
    ).all()
    for note in open_notes:
        if note.params.get("key") == key:
            values = dict(note.params)
            values["count"] = int(values.get("count", 0)) + 1
            values["last"] = now.isoformat()
            note.params = values
            db.session.flush()
            return note
    note = Notification(
        user_id=user.id,
        kind=kind,
        link=link,
        params={**params, "key": key, "count": 1, "last": now.isoformat()},
    )
    db.session.add(note)
    db.session.flush()
    return note


def uncount_batched(user: User, kind: str, *, key: str) -> Notification | None:
    """One event of the user's open notification of ``kind`` and ``key`` taken back.

    The count goes down, never below zero; a notification left with nothing to tell is
    removed. One already mailed or read stays as it was (it told the truth then).
    Returns the open notification, or None when there is none (left).
    """
    if kind not in BATCHED_KINDS:
        raise KeyError(kind)
    for note in db.session.scalars(
        select(Notification).where(
            Notification.user_id == user.id,
            Notification.kind == kind,
            Notification.read_at.is_(None),
            Notification.mailed_at.is_(None),
        )
    ).all():
        if note.params.get("key") != key:
            continue
        count = int(note.params.get("count", 0)) - 1
        if count <= 0:
            db.session.delete(note)
            db.session.flush()
            return None
        note.params = {**note.params, "count": count}
        db.session.flush()
        return note
    return None


def queue_batched(now: datetime | None = None) -> int:
    """Mail each gathered notification nothing was added to for the batch window."""
    now = now or utcnow()
    quiet_since = now - _window()
    notes = db.session.scalars(
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.kind.in_(sorted(BATCHED_KINDS)),
            Notification.mailed_at.is_(None),
            Notification.read_at.is_(None),
            User.is_active.is_(True),
            User.notify_frequency != NotifyFrequency.DAILY,
        )
        .order_by(Notification.id)
    ).all()
    sent = 0
    for note in notes:
        last = datetime.fromisoformat(str(note.params.get("last") or note.created_at))
        if last.tzinfo is None and quiet_since.tzinfo is not None:
            last = last.replace(tzinfo=quiet_since.tzinfo)
        elif last.tzinfo is not None and quiet_since.tzinfo is None:
            last = last.replace(tzinfo=None)
        if last > quiet_since:
            continue
        inbox.mail_one(note)
        sent += 1
    return sent
