"""Whether the portal's own dependencies answer (for ``/healthz``)."""

from __future__ import annotations

import logging

from sqlalchemy import text

from portal.extensions import db

log = logging.getLogger(__name__)


def database_answers() -> bool:
    """True when the database runs a trivial query; any failure means "not healthy"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check failed")
        db.session.rollback()
        return False
    return True
