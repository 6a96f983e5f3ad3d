"""Password hashing with argon2id, and the password policy.

Production uses argon2-cffi's RFC 9106 low-memory profile (t=3, m=64 MiB, p=4), above the
OWASP/ASVS minimum (m=19 MiB, t=2, p=1). Tests configure PASSWORD_HASH="cheap" because
hashing otherwise dominates the suite; that profile is refused outside TESTING.

The policy follows ASVS 5.0 V6.2: at least 12 and at most 128 characters, every character
allowed, no composition rules, and a refusal of very common passwords and of the user's own
e-mail address. Length is also checked by the forms; the rest only here.
"""

from __future__ import annotations

import enum
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_MEMORY_KIB = 19 * 1024
MIN_TIME_COST = 2
MIN_LENGTH = 12
MAX_LENGTH = 128


class PasswordProblem(enum.StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"
    CONTAINS_EMAIL = "contains_email"


class WeakPassword(ValueError):
    """The new password does not meet the policy; ``problem`` says why."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


@cache
def common_passwords() -> frozenset[str]:
    """The refused passwords shipped in ``data/common_passwords.txt`` (squashed)."""
    text = (
        resources.files("portal")
        .joinpath("data", "common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        _squash(line)
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def check_policy(password: str, *, email: str | None = None) -> None:
    """Raise WeakPassword when the password may not be used (for this e-mail address)."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        raise WeakPassword(PasswordProblem.TOO_LONG)
    squashed = _squash(password)
    if squashed in common_passwords():
        raise WeakPassword(PasswordProblem.TOO_COMMON)
    if email:
        address = _squash(email)
        local = address.partition("@")[0]
        if address in squashed or (len(local) >= 4 and squashed.startswith(local)):
            raise WeakPassword(PasswordProblem.CONTAINS_EMAIL)


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
