"""Two-factor secrets are encrypted at rest, with key rotation, and the migration encrypts old ones."""

from __future__ import annotations

import pyotp
import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.models import Role
from portal.services.accounts import two_factor
from tests.conftest import test_config as base_config
from tests.fixtures.actors import create_user

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enable(user) -> None:
    code = pyotp.TOTP(SECRET).now()
    two_factor.enable(user, SECRET, code)
    db.session.flush()


def _stored(user) -> str:
    return db.session.execute(
        text('SELECT totp_secret FROM "user" WHERE id = :id'), {"id": user.id}
    ).scalar_one()


def test_the_secret_is_stored_encrypted_and_still_works(app_ctx):
    user = create_user(Role.MATCHMAKER)
    _enable(user)
    stored = _stored(user)
    assert SECRET not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert two_factor.decrypt_secret(stored) == SECRET
    user.totp_last_step = None
    assert two_factor.verify(user, pyotp.TOTP(SECRET).now()) is False  # a TOTP code


def test_keys_rotate_newest_first(app_ctx):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app_ctx.config["TOTP_ENCRYPTION_KEYS"] = old
    user = create_user(Role.MATCHMAKER)
    _enable(user)
    app_ctx.config["TOTP_ENCRYPTION_KEYS"] = f"{new}, {old}"
    assert two_factor.decrypt_secret(_stored(user)) == SECRET  # the old key still opens
    assert two_factor.reencrypt_secrets() == 1
    app_ctx.config["TOTP_ENCRYPTION_KEYS"] = new  # the old key dropped
    assert two_factor.decrypt_secret(_stored(user)) == SECRET
    app_ctx.config["TOTP_ENCRYPTION_KEYS"] = old
    with pytest.raises(two_factor.SecretUnreadable):
        two_factor.decrypt_secret(_stored(user))


def test_a_plain_secret_from_before_is_read_and_encrypted_at_first_use(app_ctx):
    user = create_user(Role.MATCHMAKER)
    user.totp_secret = SECRET
    user.totp_enabled_at = user.created_at
    db.session.flush()
    assert two_factor.verify(user, pyotp.TOTP(SECRET).now()) is False
    db.session.flush()
    assert _stored(user).startswith("gAAAAA")


def test_the_cli_rotates(app, app_ctx):
    user = create_user(Role.MATCHMAKER)
    user.totp_secret = SECRET
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "rotate-2fa-keys"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted with the newest key: 1" in result.output
    db.session.expire_all()
    assert two_factor.decrypt_secret(_stored(user)) == SECRET
    assert SECRET not in _stored(user)


def test_the_migration_encrypts_plain_secrets(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    app = create_app(base_config(None, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(revision="0003")
        db.session.execute(
            text(
                'INSERT INTO "user" (email, name, role, password_hash, is_active,'
                " session_token, language, totp_secret, created_at, password_changed_at)"
                " VALUES ('a@example.test', 'A', 'admin', 'x', 1, 't', 'nl', :s,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"s": SECRET},
        )
        db.session.commit()
        upgrade(revision="0009")
        stored = db.session.execute(text('SELECT totp_secret FROM "user"')).scalar_one()
        assert stored.startswith("gAAAAA")
        assert two_factor.decrypt_secret(stored) == SECRET
        db.session.remove()
        db.engine.dispose()
