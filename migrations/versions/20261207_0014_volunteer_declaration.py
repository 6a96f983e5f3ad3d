"""Volunteer work as its own track: the organisation's vrijwilligersverklaring (held or
applied for, UWV's receipt date, for-profit or not) on a volunteer support activity.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:47:28.490886

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "volunteer_declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("uwv_receipt_on", sa.Date(), nullable=True),
        sa.Column("for_profit", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["support_activity.id"],
            name=op.f("fk_volunteer_declaration_activity_id_support_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_declaration")),
        sa.UniqueConstraint(
            "activity_id", name=op.f("uq_volunteer_declaration_activity_id")
        ),
    )


def downgrade():
    op.drop_table("volunteer_declaration")
