"""Counters for failed logins, codes, reset requests and registrations.

They live in the storage named by RATELIMIT_STORAGE_URI (Redis in production, so every
worker shares one count), in a limiter kept on the app itself. Flask-Limiter's own object is
a process-wide singleton: switching it off for one app (RATELIMIT_ENABLED=false) switches it
off for every later one, and apps then share its storage. These are security controls and
must not depend on that, so they keep their own.
"""

from __future__ import annotations

from flask import current_app
from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

_EXTENSION = "portal.throttle"


def _limiter() -> MovingWindowRateLimiter:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    strategy = app.extensions.get(_EXTENSION)
    if strategy is None:
        storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        strategy = app.extensions[_EXTENSION] = MovingWindowRateLimiter(storage)
    return strategy


def limit(count: int, minutes: int) -> RateLimitItemPerMinute:
    """``count`` events within ``minutes`` (a moving window)."""
    return RateLimitItemPerMinute(count, minutes)


def limit_seconds(count: int, seconds: int) -> RateLimitItemPerSecond:
    """``count`` events within ``seconds`` (a moving window)."""
    return RateLimitItemPerSecond(count, seconds)


def count(item: RateLimitItem, scope: str, key: str) -> int:
    """How many events were counted for (scope, key) in the item's moving window."""
    _reset_at, remaining = _limiter().get_window_stats(item, scope, key)
    return item.amount - remaining


def allowed(item: RateLimitItem, scope: str, key: str) -> bool:
    """True while fewer than the limit's events were counted for (scope, key)."""
    return _limiter().test(item, scope, key)


def hit(item: RateLimitItem, scope: str, key: str) -> bool:
    """Count one event; False when the limit was already reached (the event is not counted)."""
    return _limiter().hit(item, scope, key)
