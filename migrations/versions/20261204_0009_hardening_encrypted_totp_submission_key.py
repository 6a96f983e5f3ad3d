"""hardening: two-factor secrets encrypted at rest; a submission key on vacancies

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-04 21:10:00

The TOTP secret column grows to hold a Fernet token, and every secret stored in plain
text is encrypted here with the newest key of TOTP_ENCRYPTION_KEYS (or the key derived
from SECRET_KEY, see portal/services/accounts/two_factor.py). Run outside an app (no
keys known), the secrets stay plain: the portal still reads them, encrypts each at its
next use, and ``flask users rotate-2fa-keys`` encrypts them all. The downgrade decrypts.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def _config():
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else None


def _rewrite_secrets(change):
    """Apply ``change(secret, config)`` to every stored secret, when keys are known."""
    config = _config()
    if config is None:
        return
    user = sa.table("user", sa.column("id", sa.Integer), sa.column("totp_secret"))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(user.c.id, user.c.totp_secret).where(user.c.totp_secret.is_not(None))
    ).all()
    for row in rows:
        connection.execute(
            user.update()
            .where(user.c.id == row.id)
            .values(totp_secret=change(row.totp_secret, config))
        )


def _encrypt(secret, config):
    from portal.services.accounts import two_factor

    return two_factor.encrypt_secret(two_factor.decrypt_secret(secret, config), config)


def _decrypt(secret, config):
    from portal.services.accounts import two_factor

    return two_factor.decrypt_secret(secret, config)


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )
    _rewrite_secrets(_encrypt)
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("submission_key", sa.String(length=64), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_vacancy_submission_key"), ["submission_key"]
        )


def downgrade():
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_vacancy_submission_key"), type_="unique"
        )
        batch_op.drop_column("submission_key")
    _rewrite_secrets(_decrypt)
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
