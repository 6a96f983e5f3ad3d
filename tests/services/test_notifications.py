"""Notifications and the outbox: texts in the recipient's language, mail exactly once,
nothing lost while the SMTP server is down, and two senders never sending a row twice."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Notification, NotifyFrequency, OutboxMail, OutboxStatus, User
from portal.models.base import utcnow
from portal.services.notifications import inbox, outbox
from tests.conftest import USE_POSTGRES


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _notify(user: User, **params: object) -> Notification:
    return inbox.notify(
        user,
        "candidates_approved",
        link="/matches/werkgever",
        params={"count": 2, "vacancy": "V-0001", **params},
    )


def test_notify_stores_the_notification_and_queues_one_mail(app_ctx, employer_user):
    user = _user(employer_user.id)
    note = _notify(user)
    db.session.commit()
    assert inbox.unread_count(user) == 1
    assert inbox.text_of(note) == "Er zijn 2 nieuwe kandidaten voor uw vacature V-0001."
    rows = db.session.scalars(select(OutboxMail)).all()
    assert [r.to_address for r in rows] == [user.email]
    assert "V-0001" in rows[0].text_body
    assert "http://127.0.0.1:5000/matches/werkgever" in rows[0].text_body
    assert "<a href=" in (rows[0].html_body or "")


def test_mail_is_written_in_the_recipients_language(app_ctx, employer_user):
    user = _user(employer_user.id)
    user.language = "en"
    _notify(user)
    row = db.session.scalars(select(OutboxMail)).one()
    assert "Beste" not in row.text_body
    assert "new candidates" in row.subject


def test_daily_digest_users_get_one_mail_for_several_notifications(
    app_ctx, employer_user
):
    user = _user(employer_user.id)
    user.notify_frequency = NotifyFrequency.DAILY
    for n in range(3):
        _notify(user, vacancy=f"V-000{n}")
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert inbox.queue_daily_digests() == 1
    row = db.session.scalars(select(OutboxMail)).one()
    assert all(f"V-000{n}" in row.text_body for n in range(3))
    # already mailed: a second run queues nothing
    assert inbox.queue_daily_digests() == 0


def test_mark_read_only_touches_the_users_own(app_ctx, employer_user, matchmaker):
    mine = _notify(_user(employer_user.id))
    other = _notify(_user(matchmaker.id))
    assert inbox.mark_read(_user(employer_user.id), [mine.id, other.id]) == 1
    assert inbox.unread_count(_user(matchmaker.id)) == 1


def test_outbox_sends_each_mail_once(app_ctx, employer_user, mail_sink):
    _notify(_user(employer_user.id))
    db.session.commit()
    assert outbox.send_pending().sent == 1
    assert outbox.send_pending().sent == 0
    assert len(mail_sink.messages) == 1
    message = mail_sink.messages[0]
    assert message.is_multipart()  # plain text and HTML
    row = db.session.scalars(select(OutboxMail)).one()
    assert row.status == OutboxStatus.SENT
    assert message["Message-ID"] == row.message_id


def test_smtp_down_loses_nothing_and_sends_once_when_back(
    app_ctx, employer_user, mail_sink
):
    _notify(_user(employer_user.id))
    db.session.commit()
    mail_sink.refuse = True
    report = outbox.send_pending()
    assert (report.sent, report.retry) == (0, 1)
    row = db.session.scalars(select(OutboxMail)).one()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    # not due again before its delay
    assert outbox.send_pending().sent == 0
    mail_sink.refuse = False
    later = utcnow() + timedelta(minutes=5)
    assert outbox.send_pending(now=later).sent == 1
    assert outbox.send_pending(now=later + timedelta(hours=1)).sent == 0
    assert len(mail_sink.messages) == 1


def test_server_unreachable_is_retried_then_given_up(app_ctx, employer_user, app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens
    _notify(_user(employer_user.id))
    db.session.commit()
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.send_pending(now=now)
        now += timedelta(hours=5)
    row = db.session.scalars(select(OutboxMail)).one()
    assert row.status == OutboxStatus.FAILED
    assert row.attempts == outbox.MAX_ATTEMPTS


def test_a_stale_claim_is_sent_again_with_the_same_message_id(
    app_ctx, employer_user, mail_sink
):
    _notify(_user(employer_user.id))
    row = db.session.scalars(select(OutboxMail)).one()
    row.status = OutboxStatus.SENDING  # a sender died after claiming it
    row.claimed_at = utcnow() - outbox.STALE_AFTER - timedelta(seconds=1)
    db.session.commit()
    assert outbox.send_pending().sent == 1
    assert mail_sink.messages[0]["Message-ID"] == row.message_id


@pytest.mark.skipif(
    not USE_POSTGRES, reason="concurrent senders need a server database"
)
def test_two_senders_at_once_send_every_mail_exactly_once(
    app, employer_user, mail_sink
):
    with app.app_context():
        user = _user(employer_user.id)
        for n in range(30):
            _notify(user, vacancy=f"V-{n:04d}")
        db.session.commit()
    barrier = threading.Barrier(2)
    reports = []

    def sender() -> None:
        with app.app_context():
            barrier.wait()
            reports.append(outbox.send_pending())
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r.sent for r in reports) == 30
    ids = [m["Message-ID"] for m in mail_sink.messages]
    assert sorted(set(ids)) == sorted(ids)
    assert len(ids) == 30
