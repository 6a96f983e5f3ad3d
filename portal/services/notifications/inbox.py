"""Each user's notifications: written by the other areas with :func:`notify`, listed and
marked read in the portal, and mailed at once or as a daily digest.

Texts carry references (``WB-7Q4K``, ``V-0012``) and counts, never a name or another
personal detail, because an e-mail leaves the portal's access control.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, ScalarSelect, event, func, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Notification, NotifyFrequency, User
from portal.models.base import utcnow
from portal.services.notifications import kinds, outbox

log = logging.getLogger(__name__)


def _locale_of(user: User) -> str:
    return user.language or current_app.config["BABEL_DEFAULT_LOCALE"]


def _mail(user: User, items: Sequence[Notification], *, digest: bool) -> None:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with force_locale(_locale_of(user)):
        lines = [
            (
                kinds.render(n.kind, n.params),
                base + n.link,
                kinds.details(n.kind, n.params),
            )
            for n in items
        ]
        subject = (
            _("Werkbrug: %(count)s nieuwe meldingen", count=len(items))
            if digest
            else _(
                "Werkbrug: %(text)s",
                text=kinds.subject(items[0].kind, items[0].params) or lines[0][0],
            )
        )
        context = {"user": user, "lines": lines, "digest": digest, "base": base}
        # The bare Jinja environment: mail is rendered from cron too, outside a request,
        # so the page context processors (navigation, current user) must not run.
        env = current_app.jinja_env
        text = env.get_template("mail/notification.txt").render(**context)
        html = env.get_template("mail/notification.html").render(**context)
    outbox.queue_mail(user.email, subject, text, html_body=html, user=user)
    now = utcnow()
    for n in items:
        n.mailed_at = now


def notify(
    user: User, kind: str, *, link: str, params: dict[str, object] | None = None
) -> Notification:
    """Tell ``user`` about something; mailed now unless they chose a daily digest."""
    if kind not in kinds.KINDS:
        raise KeyError(kind)
    note = Notification(
        user_id=user.id, kind=kind, params=dict(params or {}), link=link
    )
    db.session.add(note)
    db.session.flush()
    if user.is_active and user.notify_frequency != NotifyFrequency.DAILY:
        _mail(user, [note], digest=False)
    log.info("notification %s (%s) for user %s", note.id, kind, user.id)
    return note


def mail_one(note: Notification) -> None:
    """Mail one stored notification now (a gathered one, once it is complete)."""
    user = db.session.get(User, note.user_id)
    if user is not None and user.is_active:
        _mail(user, [note], digest=False)


def queue_daily_digests(now: datetime | None = None) -> int:
    """One mail per daily-digest user with notifications not yet mailed; returns how many."""
    now = now or utcnow()
    users = db.session.scalars(
        select(User)
        .join(Notification, Notification.user_id == User.id)
        .where(
            User.notify_frequency == NotifyFrequency.DAILY,
            User.is_active.is_(True),
            Notification.mailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at <= now,
        )
        .distinct()
    ).all()
    for user in users:
        items = db.session.scalars(
            select(Notification)
            .where(
                Notification.user_id == user.id,
                Notification.mailed_at.is_(None),
                Notification.read_at.is_(None),
            )
            .order_by(Notification.created_at, Notification.id)
        ).all()
        _mail(user, items, digest=True)
    return len(users)


def for_user(user: User, *, limit: int = 50) -> list[Notification]:
    """The user's notifications, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


# -- the header's unread count: once per request -------------------------------------------
# The count is loaded with the logged-in user (``unread_count_column``), kept in the
# session's ``info`` and dropped as soon as this session writes a notification or rolls
# back; a request's session ends with the request.
_UNREAD = "werkbrug.unread"


def unread_count_column(user_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The user's unread count as a column, to load it in the same query as the user."""
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def remember_unread(user_id: int, count: int) -> None:
    """Keep a count just read (with the user) for the rest of this session."""
    db.session.info.setdefault(_UNREAD, {})[user_id] = int(count or 0)


def unread_count(user: User) -> int:
    known = db.session.info.get(_UNREAD, {}).get(user.id)
    if known is not None:
        return int(known)
    count = (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )
    remember_unread(user.id, count)
    return int(count)


@event.listens_for(Session, "after_flush")
def _forget_unread_on_write(session: Session, _context: object) -> None:
    if _UNREAD in session.info and any(
        isinstance(obj, Notification)
        for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        session.info.pop(_UNREAD, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_unread_on_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_UNREAD, None)


def mark_read(user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when ``ids`` is None)."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        query = query.where(Notification.id.in_(list(ids)))
    result = db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    db.session.info.pop(_UNREAD, None)
    return int(result.rowcount or 0)


def text_of(note: Notification) -> str:
    """The notification's text in the current language (for the portal's list)."""
    return kinds.render(note.kind, note.params)


def open_link(user: User, note_id: int) -> str | None:
    """Mark one of the user's notifications read and return its link (None: not theirs)."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
    return note.link


def set_frequency(user: User, frequency: NotifyFrequency) -> None:
    """How often the user gets mail: at once, or one digest a day."""
    user.notify_frequency = frequency
    db.session.flush()
    log.info("user %s notify frequency %s", user.id, frequency)
