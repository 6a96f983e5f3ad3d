"""The municipality's house style (theme) of the portal: an admin setting.

Themes are CSS classes in ``portal/static/css/themes.css`` (design tokens for the NL Design
System components). Every page needs the theme, so each process keeps it for
``MAX_AGE_SECONDS`` instead of asking the database on every request; a change made in this
process applies at once.
"""

from __future__ import annotations

import threading
import time

from flask import current_app

from portal.extensions import db
from portal.models import Setting, User
from portal.services import audit

KEY = "theme"
THEMES = ("neutral", "amstelveen", "amsterdam")
DEFAULT = "neutral"
MAX_AGE_SECONDS = 30.0

_lock = threading.Lock()
#: (theme, when read, which app): tests run several apps (databases) in one process.
_cached: tuple[str, float, int] | None = None


def _app_id() -> int:
    return id(current_app._get_current_object())  # type: ignore[attr-defined]


class UnknownTheme(ValueError):
    pass


def forget() -> None:
    """Drop the cached theme (a new app, for example in tests, reads its own database)."""
    global _cached
    with _lock:
        _cached = None


def current() -> str:
    """The theme in use: the stored setting, or the neutral default."""
    global _cached
    cached = _cached
    if (
        cached is not None
        and cached[2] == _app_id()
        and time.monotonic() - cached[1] < MAX_AGE_SECONDS
    ):
        return cached[0]
    row = db.session.get(Setting, KEY)
    value = row.value if row is not None and row.value in THEMES else DEFAULT
    with _lock:
        _cached = (value, time.monotonic(), _app_id())
    return value


def set_theme(value: str, *, by: User) -> None:
    global _cached
    if value not in THEMES:
        raise UnknownTheme(value)
    row = db.session.get(Setting, KEY)
    before = row.value if row is not None else None
    if row is None:
        row = Setting(key=KEY, value=value)
        db.session.add(row)
    row.value = value
    row.changed_by_id = by.id
    db.session.flush()
    audit.record_event(
        "settings.changed",
        actor=by,
        details={"key": KEY, "from": before, "to": value},
    )
    with _lock:
        _cached = (value, time.monotonic(), _app_id())
