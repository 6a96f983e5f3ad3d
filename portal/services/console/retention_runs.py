"""Retention in the admin console: who is due (a dry run), the confirmed run, past runs.

The rule and the anonymising itself are the candidates area's (``retention.purge``); this
module adds what the console shows: the preview rows and the log of past runs (every real
run, from cron or from here, is a ``retention.purge_run`` audit event).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User
from portal.services.candidates import retention


@dataclass(frozen=True)
class Due:
    profile_id: int
    ref: str
    left_on: date | None


@dataclass(frozen=True)
class Preview:
    months: int
    cutoff: date
    due: list[Due]


def preview(months: int) -> Preview:
    """The dry run: who would lose their identity now (pseudonymous refs only)."""
    profiles = retention.due_for_purge(months)
    return Preview(
        months=months,
        cutoff=retention.purge_cutoff(months),
        due=[Due(p.id, p.ref, p.left_on) for p in profiles],
    )


def run(months: int, previewed: Collection[int], *, by: User) -> retention.PurgeResult:
    """The confirmed run, done by an admin (logged with the admin as actor).

    Removes exactly the candidates of the preview the admin confirmed (``previewed``),
    each checked again to be still due; someone who became due after the preview
    waits for the next preview or the weekly run.
    """
    return retention.purge(months, by=by, only=previewed)


@dataclass(frozen=True)
class Run:
    at: datetime
    by: User | None  # None: the weekly cron job
    cutoff: date | None
    count: int


def past_runs(limit: int = 50) -> list[Run]:
    """Every real run, newest first."""
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.action == retention.RUN_ACTION)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    runs = []
    for event, user in rows:
        cutoff = event.details.get("cutoff")
        runs.append(
            Run(
                at=event.at,
                by=user,
                cutoff=date.fromisoformat(cutoff) if cutoff else None,
                count=int(event.details.get("count", 0)),
            )
        )
    return runs
