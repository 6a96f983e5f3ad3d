"""journey: one-time form tokens, demo mailbox, follow-up notified_at

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-04 20:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "used_form_token",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=100), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_used_form_token_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_used_form_token")),
    )
    with op.batch_alter_table("used_form_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_used_form_token_used_at"), ["used_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_used_form_token_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "demo_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.String(length=1000), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_mail")),
    )
    with op.batch_alter_table("demo_mail", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demo_mail_created_at"), ["created_at"], unique=False
        )

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_column("notified_at")

    with op.batch_alter_table("demo_mail", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demo_mail_created_at"))
    op.drop_table("demo_mail")

    with op.batch_alter_table("used_form_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_used_form_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_used_form_token_used_at"))
    op.drop_table("used_form_token")
