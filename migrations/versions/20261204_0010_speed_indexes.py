"""speed: indexes for the list, search and fingerprint queries

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-04 21:20:00

- candidate_profile.updated_at: max(updated_at) is the matching index's freshness token,
  read by every page with proposals;
- candidate_occupation.esco_uri: the candidate search looks profiles up by occupation;
- match.decided_at: count/max of the decided matches is the re-ranker's token.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_profile_updated_at"), ["updated_at"], unique=False
        )
    with op.batch_alter_table("candidate_occupation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_occupation_esco_uri"), ["esco_uri"], unique=False
        )
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_decided_at"), ["decided_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_decided_at"))
    with op.batch_alter_table("candidate_occupation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_occupation_esco_uri"))
    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_profile_updated_at"))
