"""Logging in in two steps: TOTP codes from an authenticator app, plus recovery codes.

A code is accepted for the current 30-second step and one step either side (clock drift),
and never twice: the step of the last accepted code is kept on the user. Ten recovery codes
are shown once at enrolment; only their argon2 hashes are stored, and each works once.
Failed attempts are counted per account in the limiter's shared storage.

The TOTP secret is stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package) under the keys in TOTP_ENCRYPTION_KEYS, newest first: the first
encrypts, every one of them decrypts, so a new key is put in front and the old ones stay
until ``flask users rotate-2fa-keys`` has re-encrypted every secret. Without the variable
the key is derived from SECRET_KEY (development and the demo; set it in production).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import RecoveryCode, Role, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit
from portal.services.accounts import passwords, throttle
from portal.services.accounts import users as accounts

log = logging.getLogger(__name__)

ISSUER = "Werkbrug"
RECOVERY_CODE_COUNT = 10
#: Failed codes per account before it is locked out for the window.
MAX_ATTEMPTS = 5
WINDOW_MINUTES = 15
#: Accept the code of the step before and after the current one (clock drift).
VALID_WINDOW = 1
#: No 0/O or 1/I/L: recovery codes are read off paper.
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class TwoFactorError(Exception):
    """Base class for two-factor errors shown to the user."""


class InvalidCode(TwoFactorError):
    """The code is wrong, too old, or was already used."""


class TooManyAttempts(TwoFactorError):
    """Too many wrong codes for this account; try again later."""


class AlreadyEnabled(TwoFactorError):
    """Two-factor login is already on for this account."""


class RequiredForRole(TwoFactorError):
    """Matchmakers and admins may not switch two-factor login off."""


#: A secret stored before encryption: base32 as pyotp makes it (upper case, 16–64 long).
_PLAINTEXT_SECRET = re.compile(r"[A-Z2-7]{16,64}")


class SecretUnreadable(TwoFactorError):
    """A stored secret decrypts with none of the keys (a key was dropped too soon)."""


def fernet_keys(config: dict[str, object]) -> list[bytes]:
    """The keys of TOTP_ENCRYPTION_KEYS (comma separated, newest first), or one from SECRET_KEY."""
    raw = str(config.get("TOTP_ENCRYPTION_KEYS") or "")
    keys = [key.strip().encode() for key in raw.split(",") if key.strip()]
    if keys:
        return keys
    digest = hashlib.sha256(
        b"werkbrug.totp-secret:" + str(config["SECRET_KEY"]).encode()
    )
    return [base64.urlsafe_b64encode(digest.digest())]


def _box(config: dict[str, object] | None = None) -> MultiFernet:
    keys = fernet_keys(config if config is not None else current_app.config)
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_secret(secret: str, config: dict[str, object] | None = None) -> str:
    return _box(config).encrypt(secret.encode()).decode("ascii")


def decrypt_secret(stored: str, config: dict[str, object] | None = None) -> str:
    """The plain secret; a secret stored before encryption is returned as it is."""
    if _PLAINTEXT_SECRET.fullmatch(stored):
        return stored
    try:
        return _box(config).decrypt(stored.encode()).decode("ascii")
    except InvalidToken as exc:
        raise SecretUnreadable(
            "no key in TOTP_ENCRYPTION_KEYS opens this secret"
        ) from exc


def reencrypt_secrets(config: dict[str, object] | None = None) -> int:
    """Encrypt every stored secret with the newest key (plain ones too); returns how many."""
    box = _box(config)
    changed = 0
    for user in db.session.scalars(select(User).where(User.totp_secret.is_not(None))):
        stored = user.totp_secret or ""
        if _PLAINTEXT_SECRET.fullmatch(stored):
            user.totp_secret = box.encrypt(stored.encode()).decode("ascii")
        else:
            user.totp_secret = box.rotate(stored.encode()).decode("ascii")
        changed += 1
    db.session.flush()
    log.info("two-factor secrets re-encrypted: %d", changed)
    return changed


def required_for(user: User) -> bool:
    """Staff must use two-factor login, unless the demo lifted the requirement."""
    return bool(current_app.config["TWO_FACTOR_REQUIRED"]) and user.role in {
        Role.MATCHMAKER,
        Role.ADMIN,
    }


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI for an ``<img>`` (the CSP allows ``img-src data:``)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type over by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _check_allowed(user: User) -> None:
    if not throttle.allowed(
        throttle.limit(MAX_ATTEMPTS, WINDOW_MINUTES), "two-factor", str(user.id)
    ):
        raise TooManyAttempts


def _count_failure(user: User, *, ip_address: str | None) -> None:
    throttle.hit(
        throttle.limit(MAX_ATTEMPTS, WINDOW_MINUTES), "two-factor", str(user.id)
    )
    audit.record_event(
        "auth.two_factor_failed",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code equals ``code`` within the drift window, or None."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        expected = totp.generate_otp(current + offset)
        if hmac.compare_digest(expected, code):
            return current + offset
    return None


def _accept_totp(user: User, secret: str, code: str) -> bool:
    if not (len(code) == 6 and code.isdigit()):
        return False
    step = _matching_step(secret, code, utcnow())
    if step is None or (
        user.totp_last_step is not None and step <= user.totp_last_step
    ):
        return False
    user.totp_last_step = step
    return True


def _accept_recovery_code(user: User, code: str) -> bool:
    if len(code) != 10:
        return False
    for recovery in user.recovery_codes:
        if recovery.used_at is None and passwords.verify_password(
            recovery.code_hash, code
        ):
            recovery.used_at = utcnow()
            return True
    return False


def _new_recovery_codes(user: User) -> list[str]:
    user.recovery_codes.clear()
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    for code in codes:
        user.recovery_codes.append(
            RecoveryCode(code_hash=passwords.hash_password(code))
        )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(
    user: User, secret: str, code: str, *, ip_address: str | None = None
) -> list[str]:
    """Switch two-factor login on after a correct first code; returns the recovery codes."""
    if user.has_two_factor:
        raise AlreadyEnabled
    _check_allowed(user)
    user.totp_last_step = None
    if not _accept_totp(user, secret, _normalise(code)):
        _count_failure(user, ip_address=ip_address)
        raise InvalidCode
    user.totp_secret = encrypt_secret(secret)
    user.totp_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.record_event(
        "user.two_factor_enabled",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    accounts.notify_security_change(user, "two_factor_enabled")
    return codes


def verify(user: User, code: str, *, ip_address: str | None = None) -> bool:
    """Check a login code or recovery code; returns True when a recovery code was used."""
    _check_allowed(user)
    normalised = _normalise(code)
    if user.totp_secret and _accept_totp(
        user, decrypt_secret(user.totp_secret), normalised
    ):
        if _PLAINTEXT_SECRET.fullmatch(user.totp_secret):  # stored before encryption
            user.totp_secret = encrypt_secret(user.totp_secret)
        return False
    if _accept_recovery_code(user, normalised):
        audit.record_event(
            "auth.recovery_code_used",
            actor=user,
            object_type="user",
            object_id=user.id,
            ip_address=ip_address,
            details={"left": remaining_recovery_codes(user)},
        )
        return True
    _count_failure(user, ip_address=ip_address)
    raise InvalidCode


def remaining_recovery_codes(user: User) -> int:
    return sum(1 for code in user.recovery_codes if code.used_at is None)


def regenerate_recovery_codes(
    user: User, *, ip_address: str | None = None
) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.record_event(
        "user.recovery_codes_renewed",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    accounts.notify_security_change(user, "recovery_codes_renewed")
    return codes


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()


def disable(user: User, *, ip_address: str | None = None) -> None:
    """The user switches two-factor login off (employers; staff only in the demo)."""
    if required_for(user):
        raise RequiredForRole
    _clear(user)
    audit.record_event(
        "user.two_factor_disabled",
        actor=user,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    accounts.notify_security_change(user, "two_factor_disabled")


def reset(user: User, *, by: User | None, ip_address: str | None = None) -> None:
    """An admin clears a lost authenticator; the user's sessions end and enrolment restarts."""
    _clear(user)
    user.session_token = new_token()
    audit.record_event(
        "user.two_factor_reset",
        actor=by,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    accounts.notify_security_change(user, "two_factor_reset")
