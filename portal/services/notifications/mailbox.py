"""The demo mailbox: what the portal "sent" in demo mode, for the administrator's page."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import DemoMail
from portal.services import mail


def enabled() -> bool:
    return mail.uses_mailbox()


def messages(limit: int = 100) -> list[DemoMail]:
    """The newest mails first."""
    return list(
        db.session.scalars(select(DemoMail).order_by(DemoMail.id.desc()).limit(limit))
    )


def get(mail_id: int) -> DemoMail | None:
    return db.session.get(DemoMail, mail_id)
