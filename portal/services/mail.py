"""Sending e-mail over SMTP with the MAIL_* settings.

In demo mode (``WERKBRUG_ENV=demo``, or ``MAIL_BACKEND=mailbox``) nothing leaves the
machine: every mail (password reset, reminders, the outbox) is stored in the
``demo_mail`` table instead, and an administrator reads it on the portal's mailbox
page. The row is part of the caller's transaction, like any other fact.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from email.message import EmailMessage
from email.utils import make_msgid

from flask import Flask, current_app, g, has_request_context

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The mail server could not be reached or refused the message."""


def send_mail(
    to: list[str] | str,
    subject: str,
    body: str,
    *,
    html: str | None = None,
    message_id: str | None = None,
    timeout: float | None = None,
) -> str:
    """Send a plain-text message (with an HTML alternative when given); returns its
    Message-ID. Raises MailError on failure.

    A caller that may retry passes a fixed ``message_id``, so a message that reached the
    server before a crash is recognisable as the same message when it is sent again.
    """
    config = current_app.config
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="werkbrug")
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if uses_mailbox():
        return _to_mailbox(message, body, html)
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout or 10
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning(
            "mail to %d recipient(s) failed: %s", len(recipients), type(exc).__name__
        )
        raise MailError(str(exc)) from exc
    log.info("mail sent to %d recipient(s)", len(recipients))
    return str(message["Message-ID"])


# -- the outbox: mail sent after the request ------------------------------------------------
#: One sending thread per process, so a request never waits for (or is timed by) SMTP.
_outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkbrug-mail")
_pending: set[Future[None]] = set()
_pending_lock = threading.Lock()
#: How long the sending thread waits before it starts on a message.
OUTBOX_SETTLE_SECONDS = 0.05
#: Where a request keeps its messages until it ends (``flask.g``).
_HELD = "werkbrug_mail_held"


#: A queued message, or None for an empty turn (:func:`send_nothing_later`).
_Job = tuple[Flask, str, str, str, str] | None


def _send_queued(job: _Job) -> None:
    # Let the request that queued the message finish its answer first: a sending thread
    # that runs at once takes turns with it for the interpreter (GIL) and shows in its time.
    time.sleep(OUTBOX_SETTLE_SECONDS)
    if job is None:
        return
    app, to, subject, body, about = job
    with app.app_context():
        try:
            send_mail(to, subject, body)
            if uses_mailbox():  # the demo mailbox row is this thread's own transaction
                from portal.extensions import db

                db.session.commit()
        except MailError:
            log.warning("queued mail (%s) could not be sent", about)


def send_later(to: str, subject: str, body: str, *, about: str) -> None:
    """Queue a message; it is sent by the outbox thread, after the request's own work.

    For mail whose sending time must not show in the response: the password reset and the
    registration notice would otherwise tell by their timing whether an account exists.
    Inside a request the message is held until the request ends (:func:`release_held`,
    a teardown hook), and the thread waits a moment before it starts: a sending thread
    that runs at once takes turns with the request for the interpreter, and that alone
    made the answer for a known address measurably slower. ``about`` names the message in
    the log without personal data ("password reset for user 12"). A message still queued
    when the process ends is lost; both uses can simply be asked again.
    """
    _hold((current_app._get_current_object(), to, subject, body, about))  # type: ignore[attr-defined]


def send_nothing_later() -> None:
    """Give the outbox thread an empty turn, for the path that has no mail to send.

    Handing a job to the thread (and waking it) costs the request a little; a reset for
    an unknown address calls this where a known one calls :func:`send_later`, so both
    answers take the same time.
    """
    _hold(None)


def _hold(job: _Job) -> None:
    if has_request_context():
        g.setdefault(_HELD, []).append(job)
        return
    _submit(job)


def release_held(_error: BaseException | None = None) -> None:
    """Hand the messages held during this request to the outbox thread (teardown hook)."""
    for job in g.pop(_HELD, []):
        _submit(job)


def _submit(job: _Job) -> None:
    future = _outbox.submit(_send_queued, job)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def _forget(future: Future[None]) -> None:
    with _pending_lock:
        _pending.discard(future)


def flush_outbox(timeout: float = 10.0) -> None:
    """Wait until every queued message was handed to the mail server (tests, CLI)."""
    with _pending_lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)


def uses_mailbox() -> bool:
    """Whether mail goes to the demo mailbox instead of the SMTP server."""
    config = current_app.config
    backend = config.get("MAIL_BACKEND") or (
        "mailbox" if config.get("WERKBRUG_ENV") == "demo" else "smtp"
    )
    return backend == "mailbox"


def _to_mailbox(message: EmailMessage, body: str, html: str | None) -> str:
    from portal.extensions import db
    from portal.models import DemoMail

    db.session.add(
        DemoMail(
            to_address=str(message["To"])[:1000],
            subject=str(message["Subject"])[:300],
            text_body=body,
            html_body=html,
            message_id=str(message["Message-ID"]),
        )
    )
    db.session.flush()
    log.info("mail kept in the demo mailbox")
    return str(message["Message-ID"])
