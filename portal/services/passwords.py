"""Password hashing with argon2id.

Production uses argon2-cffi's RFC 9106 low-memory profile (t=3, m=64 MiB, p=4), above the
OWASP/ASVS minimum (m=19 MiB, t=2, p=1). Tests configure PASSWORD_HASH="cheap" because
hashing otherwise dominates the suite; that profile is refused outside TESTING.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_MEMORY_KIB = 19 * 1024
MIN_TIME_COST = 2


@cache
def _hasher(profile: str) -> PasswordHasher:
    if profile == "cheap":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    return PasswordHasher(
        time_cost=3, memory_cost=64 * 1024, parallelism=4, type=Type.ID
    )


def hasher() -> PasswordHasher:
    profile = current_app.config["PASSWORD_HASH"]
    if profile == "cheap" and not current_app.config.get("TESTING"):
        raise RuntimeError("the cheap password hash is for tests only")
    return _hasher(profile)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify() -> None:
    """Spend the same time on an unknown e-mail as on a wrong password (no user enumeration)."""
    verify_password(
        _dummy_hash(current_app.config["PASSWORD_HASH"]), "not the password"
    )


@cache
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash("dummy password for timing")
