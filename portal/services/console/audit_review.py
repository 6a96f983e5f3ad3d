"""Reviewing the audit trail: filter, export, and the alerts an admin must look at.

The AP fined a hospital for never reviewing who looked at patient files; this is where an
admin does that review. Alerts: identity reads outside office hours (Monday to Friday,
08:00–18:00 Europe/Amsterdam), and users who read more identities in one day than the
threshold (a setting). Every ``identity.read`` action counts, also the purpose-bound ones
such as ``identity.read.twv_packet`` (the TWV packet an employer or its bureau opens).
The page and the CSV show for whom an intermediary acted (``on_behalf_of``) and the
event's details (ids and codes: which fields, which case).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, or_, select

from portal.extensions import db
from portal.models import AuditEvent, Employer, Setting, User
from portal.models.base import AMSTERDAM
from portal.services import audit

IDENTITY_READ = "identity.read"
THRESHOLD_KEY = "audit.identity_reads_per_day"
THRESHOLD_DEFAULT = 25
OFFICE_START, OFFICE_END = time(8, 0), time(18, 0)
PAGE_SIZE = 200
EXPORT_LIMIT = 50_000
CSV_COLUMNS = [
    "at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "ip_address",
    "request_id",
    "on_behalf_of_id",
    "on_behalf_of",
    "details",
]


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer asks for; every part is optional."""

    actor: str = ""  # e-mail address (part of it) or user id
    object_type: str = ""
    object_id: int | None = None
    action: str = ""  # exact action or a prefix such as "identity."
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Alert:
    kind: str  # "outside_office_hours" or "many_reads"
    actor: User | None
    day: date
    count: int
    first_at: datetime


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM).astimezone(UTC)


def _query(f: AuditFilter) -> Select[tuple[AuditEvent, User | None]]:
    query = select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id)
    actor = f.actor.strip()
    if actor.isdigit():
        query = query.where(AuditEvent.actor_id == int(actor))
    elif actor:
        query = query.where(User.email.ilike(f"%{actor}%"))
    if f.object_type:
        query = query.where(AuditEvent.object_type == f.object_type)
    if f.object_id is not None:
        query = query.where(AuditEvent.object_id == f.object_id)
    if f.action:
        action = f.action.strip()
        query = query.where(
            or_(AuditEvent.action == action, AuditEvent.action.startswith(action))
        )
    if f.since:
        query = query.where(AuditEvent.at >= _day_start(f.since))
    if f.until:
        query = query.where(AuditEvent.at < _day_start(f.until + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def events(
    f: AuditFilter, *, limit: int = PAGE_SIZE
) -> list[tuple[AuditEvent, User | None]]:
    """The newest events matching the filter (at most ``limit``)."""
    return [(e, u) for e, u in db.session.execute(_query(f).limit(limit))]


def choices() -> tuple[list[str], list[str]]:
    """(actions, object types) that occur in the log, for the filter's lists."""
    actions = db.session.scalars(select(AuditEvent.action).distinct()).all()
    types = db.session.scalars(
        select(AuditEvent.object_type)
        .where(AuditEvent.object_type.is_not(None))
        .distinct()
    ).all()
    return sorted(actions), sorted(t for t in types if t)


def is_identity_read() -> ColumnElement[bool]:
    """``identity.read`` and every purpose-bound read (``identity.read.<purpose>``)."""
    return or_(
        AuditEvent.action == IDENTITY_READ,
        AuditEvent.action.startswith(IDENTITY_READ + "."),
    )


def on_behalf_of_id(event: AuditEvent) -> int | None:
    value = (event.details or {}).get("on_behalf_of")
    return value if isinstance(value, int) else None


def on_behalf_names(events: list[AuditEvent]) -> dict[int, str]:
    """Employer id -> name for the events an intermediary did on an employer's behalf."""
    ids = {i for i in (on_behalf_of_id(e) for e in events) if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Employer.id, Employer.name).where(Employer.id.in_(ids))
    ).all()
    return {row[0]: row[1] for row in rows}


def shown_details(event: AuditEvent) -> list[tuple[str, str]]:
    """The event's details as (key, value) text, on-behalf-of apart (its own column)."""
    rows = []
    for key, value in sorted((event.details or {}).items()):
        if key == "on_behalf_of":
            continue
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        rows.append((key, str(value)))
    return rows


def export_csv(f: AuditFilter, *, by: User) -> str:
    """The filtered log as CSV; the export itself is an audit event."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = events(f, limit=EXPORT_LIMIT)
    names = on_behalf_names([event for event, _user in rows])
    for event, user in rows:
        acting_for = on_behalf_of_id(event)
        writer.writerow(
            [
                event.at.astimezone(AMSTERDAM).isoformat(timespec="seconds"),
                event.actor_id or "",
                user.email if user else "",
                event.action,
                event.object_type or "",
                event.object_id if event.object_id is not None else "",
                event.ip_address or "",
                event.request_id or "",
                acting_for if acting_for is not None else "",
                names.get(acting_for, "") if acting_for is not None else "",
                json.dumps(event.details or {}, sort_keys=True, default=str),
            ]
        )
    audit.record_event("audit.export", actor=by, details={"count": len(rows)})
    return out.getvalue()


def threshold() -> int:
    row = db.session.get(Setting, THRESHOLD_KEY)
    try:
        return int(row.value) if row else THRESHOLD_DEFAULT
    except ValueError:
        return THRESHOLD_DEFAULT


def set_threshold(value: int, *, by: User) -> None:
    if not 1 <= value <= 10_000:
        raise ValueError("threshold out of range")
    row = db.session.get(Setting, THRESHOLD_KEY)
    if row is None:
        row = Setting(key=THRESHOLD_KEY, value=str(value))
        db.session.add(row)
    row.value = str(value)
    row.changed_by_id = by.id
    audit.record_event(
        "settings.changed", actor=by, details={"key": THRESHOLD_KEY, "value": value}
    )
    db.session.flush()


def outside_office_hours(at: datetime) -> bool:
    local = at.astimezone(AMSTERDAM)
    return local.weekday() >= 5 or not OFFICE_START <= local.time() < OFFICE_END


def alerts(*, days: int = 30, today: date | None = None) -> list[Alert]:
    """Identity reads of the last ``days`` days that an admin should look at, newest first."""
    today = today or datetime.now(AMSTERDAM).date()
    since = _day_start(today - timedelta(days=days - 1))
    reads = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(is_identity_read(), AuditEvent.at >= since)
        .order_by(AuditEvent.at)
    ).all()
    limit = threshold()
    per_day: Counter[tuple[int | None, date]] = Counter()
    first: dict[tuple[int | None, date], tuple[datetime, User | None]] = {}
    late: dict[tuple[int | None, date], int] = Counter()
    for event, user in reads:
        key = (event.actor_id, event.at.astimezone(AMSTERDAM).date())
        per_day[key] += 1
        first.setdefault(key, (event.at, user))
        if outside_office_hours(event.at):
            late[key] += 1
    found = [
        Alert("outside_office_hours", first[k][1], k[1], n, first[k][0])
        for k, n in late.items()
    ]
    found += [
        Alert("many_reads", first[k][1], k[1], n, first[k][0])
        for k, n in per_day.items()
        if n > limit
    ]
    return sorted(found, key=lambda a: (a.day, a.first_at), reverse=True)


#: The account changes an admin makes, shown under the accounts list.
ACCOUNT_ACTIONS = (
    "user.created",
    "user.invited",
    "user.invitation_resent",
    "user.invitation_accepted",
    "user.activated",
    "user.deactivated",
    "user.role_changed",
    "user.two_factor_reset",
    "user.two_factor_enabled",
)


def account_history(
    limit: int = 50,
) -> list[tuple[AuditEvent, User | None, User | None]]:
    """The latest account changes: (event, who did it, whose account), newest first."""
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.action.in_(ACCOUNT_ACTIONS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    ids = {e.object_id for e, _u in rows if e.object_type == "user" and e.object_id}
    subjects = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    return [(e, u, subjects.get(e.object_id) if e.object_id else None) for e, u in rows]
