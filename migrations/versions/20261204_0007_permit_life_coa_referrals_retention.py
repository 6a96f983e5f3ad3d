"""The permit's life: IND/COA events and their tasks, COA partners and referrals, job
retention across transfers; registration date, accelerated procedure, Wtta admission.

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-04 20:19:04.268297

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "coa_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("centres", sa.JSON(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_coa_partner_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["user.id"],
            name=op.f("fk_coa_partner_verified_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coa_partner")),
        sa.UniqueConstraint("user_id", name=op.f("uq_coa_partner_user_id")),
    )
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("coa_user_id", sa.Integer(), nullable=True),
        sa.Column("reception_centre", sa.String(length=120), nullable=False),
        sa.Column("pc4", sa.String(length=4), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("v_number", sa.String(length=20), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("asylum_application_date", sa.Date(), nullable=False),
        sa.Column("asylum_registration_date", sa.Date(), nullable=True),
        sa.Column("w_document_valid_until", sa.Date(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason_code", sa.String(length=60), nullable=True),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coa_user_id"],
            ["user.id"],
            name=op.f("fk_referral_coa_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["user.id"],
            name=op.f("fk_referral_handled_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["candidate_profile.id"],
            name=op.f("fk_referral_profile_id_candidate_profile"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("ref", name=op.f("uq_referral_ref")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_coa_user_id"), ["coa_user_id"], unique=False
        )

    op.create_table(
        "procedure_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("municipality", sa.String(length=80), nullable=True),
        sa.Column("to_reception_centre", sa.String(length=120), nullable=True),
        sa.Column("to_pc4", sa.String(length=4), nullable=True),
        sa.Column("relocation_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["candidate_profile.id"],
            name=op.f("fk_procedure_event_profile_id_candidate_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_procedure_event_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["relocation_id"],
            ["relocation.id"],
            name=op.f("fk_procedure_event_relocation_id_relocation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_event")),
    )
    with op.batch_alter_table("procedure_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_procedure_event_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "permit_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("hire_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["done_by_id"],
            ["user.id"],
            name=op.f("fk_permit_task_done_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["procedure_event.id"],
            name=op.f("fk_permit_task_event_id_procedure_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hire_id"],
            ["hire.id"],
            name=op.f("fk_permit_task_hire_id_hire"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["candidate_profile.id"],
            name=op.f("fk_permit_task_profile_id_candidate_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_task")),
        sa.UniqueConstraint("key", name=op.f("uq_permit_task_key")),
    )
    with op.batch_alter_table("permit_task", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permit_task_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_permit_task_hire_id"), ["hire_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_permit_task_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "transfer_retention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("hire_id", sa.Integer(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("statement", sa.JSON(), nullable=True),
        sa.Column("statement_made_on", sa.Date(), nullable=True),
        sa.Column("sent_to_coa_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("outcome_reason_code", sa.String(length=60), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["procedure_event.id"],
            name=op.f("fk_transfer_retention_event_id_procedure_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hire_id"],
            ["hire.id"],
            name=op.f("fk_transfer_retention_hire_id_hire"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_transfer_retention_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_retention")),
    )
    with op.batch_alter_table("transfer_retention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_retention_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_transfer_retention_hire_id"), ["hire_id"], unique=False
        )

    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("asylum_registration_date", sa.Date(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "accelerated_procedure",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )

    with op.batch_alter_table("twv_case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "via_agency", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("wtta_admission_number", sa.String(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("wtta_checked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("wtta_checked_by_id", sa.Integer(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_twv_case_wtta_checked_by_id_user"),
            "user",
            ["wtta_checked_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("twv_case", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_twv_case_wtta_checked_by_id_user"), type_="foreignkey"
        )
        batch_op.drop_column("wtta_checked_by_id")
        batch_op.drop_column("wtta_checked_on")
        batch_op.drop_column("wtta_admission_number")
        batch_op.drop_column("via_agency")

    with op.batch_alter_table("candidate_profile", schema=None) as batch_op:
        batch_op.drop_column("accelerated_procedure")
        batch_op.drop_column("asylum_registration_date")

    with op.batch_alter_table("transfer_retention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_retention_hire_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_retention_event_id"))

    op.drop_table("transfer_retention")
    with op.batch_alter_table("permit_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_task_profile_id"))
        batch_op.drop_index(batch_op.f("ix_permit_task_hire_id"))
        batch_op.drop_index(batch_op.f("ix_permit_task_event_id"))

    op.drop_table("permit_task")
    with op.batch_alter_table("procedure_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_event_profile_id"))

    op.drop_table("procedure_event")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_coa_user_id"))

    op.drop_table("referral")
    op.drop_table("coa_partner")
