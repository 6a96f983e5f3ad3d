"""IND/COA events recorded in error: the facts before an event, who voided it and why;
tasks of a voided event are cancelled with the correction's reason. (The kind
"returned_to_reception" is a new value of a string column: no schema change.)

Revision ID: 0013
Revises: 0005
Create Date: 2026-12-07 18:17:26.603675

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("permit_task", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cancel_reason_code", sa.String(length=60), nullable=True)
        )

    with op.batch_alter_table("procedure_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts_before", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("void_reason_code", sa.String(length=60), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_procedure_event_voided_by_id_user"),
            "user",
            ["voided_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("procedure_event", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_procedure_event_voided_by_id_user"), type_="foreignkey"
        )
        batch_op.drop_column("void_reason_code")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")
        batch_op.drop_column("facts_before")

    with op.batch_alter_table("permit_task", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason_code")
