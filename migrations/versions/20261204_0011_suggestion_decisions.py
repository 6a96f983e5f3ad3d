"""suggestion decisions: the human-oversight log of match proposals

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-04 20:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "suggestion_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("vacancy_ref", sa.String(length=20), nullable=False),
        sa.Column("candidate_ref", sa.String(length=20), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("segment_completeness", sa.String(length=20), nullable=False),
        sa.Column("segment_dutch", sa.String(length=10), nullable=False),
        sa.Column("segment_region", sa.String(length=20), nullable=False),
        sa.Column("override_reason", sa.String(length=40), nullable=True),
        sa.Column("override_note", sa.String(length=1000), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate_profile.id"],
            name=op.f("fk_suggestion_decision_candidate_id_candidate_profile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_suggestion_decision_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_suggestion_decision_vacancy_id_vacancy"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_decision")),
    )
    with op.batch_alter_table("suggestion_decision", schema=None) as batch_op:
        for column in ("at", "candidate_id", "decided_by_id", "kind", "vacancy_id"):
            batch_op.create_index(
                batch_op.f(f"ix_suggestion_decision_{column}"), [column], unique=False
            )


def downgrade():
    with op.batch_alter_table("suggestion_decision", schema=None) as batch_op:
        for column in ("vacancy_id", "kind", "decided_by_id", "candidate_id", "at"):
            batch_op.drop_index(batch_op.f(f"ix_suggestion_decision_{column}"))
    op.drop_table("suggestion_decision")
