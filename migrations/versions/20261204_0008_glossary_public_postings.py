"""glossary of Dutch skill labels; vacancies the employer publishes as JobPosting

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "skill_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_uri", sa.String(length=120), nullable=False),
        sa.Column("label_nl", sa.String(length=200), nullable=False),
        sa.Column("alt_nl", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user.id"],
            name=op.f("fk_skill_label_changed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_label")),
        sa.UniqueConstraint("skill_uri", name=op.f("uq_skill_label_skill_uri")),
    )
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "public_posting",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_column("public_posting")
    op.drop_table("skill_label")
