"""evaluation: residents per reception centre, imported pilot figures

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04 20:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "centre_residents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reception_centre", sa.String(length=120), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user.id"],
            name=op.f("fk_centre_residents_changed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_residents")),
        sa.UniqueConstraint(
            "reception_centre", name=op.f("uq_centre_residents_reception_centre")
        ),
    )
    op.create_table(
        "evaluation_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=80), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("format_version", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user.id"],
            name=op.f("fk_evaluation_import_imported_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_import")),
    )
    with op.batch_alter_table("evaluation_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_import_municipality"),
            ["municipality"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("evaluation_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_import_municipality"))
    op.drop_table("evaluation_import")
    op.drop_table("centre_residents")
