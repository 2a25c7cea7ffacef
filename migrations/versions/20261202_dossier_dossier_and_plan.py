"""dossier entries, the plan van aanpak, and shares by code

Revision ID: 5cf3c0f39ef8
Revises: 72b34faae247
Create Date: 2026-12-02 17:45:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = "5cf3c0f39ef8"
down_revision = "72b34faae247"
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "code_shares",
    "dossier_plan_revisions",
    "dossier_plan_steps",
    "dossier_plans",
    "dossier_entries",
]


def _sealed(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=True)


def upgrade() -> None:
    op.create_table(
        "dossier_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("how", sa.String(length=20), nullable=True),
        sa.Column("is_sent", sa.Boolean(), nullable=False),
        _sealed("who_role_sealed"),
        _sealed("who_name_sealed"),
        _sealed("title_sealed"),
        _sealed("said_sealed"),
        _sealed("agreed_sealed"),
        _sealed("follows_sealed"),
        sa.Column("file_type", sa.String(length=40), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        _sealed("file_name_sealed"),
        _sealed("file_sealed"),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["users.id"],
            name=op.f("fk_dossier_entries_employee_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_entries")),
    )
    op.create_index(
        "ix_dossier_entries_employee_id_happened_on",
        "dossier_entries",
        ["employee_id", "happened_on"],
    )
    op.create_table(
        "dossier_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("drawn_up_on", sa.Date(), nullable=False),
        sa.Column("goal", sa.String(length=20), nullable=False),
        sa.Column("is_agreed", sa.Boolean(), nullable=False),
        _sealed("own_view_sealed"),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["users.id"],
            name=op.f("fk_dossier_plans_employee_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_plans")),
        sa.UniqueConstraint("employee_id", name=op.f("uq_dossier_plans_employee_id")),
    )
    op.create_table(
        "dossier_plan_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        _sealed("what_sealed"),
        _sealed("who_sealed"),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["dossier_plans.id"],
            name=op.f("fk_dossier_plan_steps_plan_id_dossier_plans"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_plan_steps")),
    )
    op.create_index(op.f("ix_dossier_plan_steps_plan_id"), "dossier_plan_steps", ["plan_id"])
    op.create_table(
        "dossier_plan_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("revised_on", sa.Date(), nullable=False),
        _sealed("reason_sealed"),
        sa.Column("is_agreed", sa.Boolean(), nullable=False),
        _sealed("own_view_sealed"),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["dossier_plans.id"],
            name=op.f("fk_dossier_plan_revisions_plan_id_dossier_plans"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_plan_revisions")),
    )
    op.create_index(
        op.f("ix_dossier_plan_revisions_plan_id"), "dossier_plan_revisions", ["plan_id"]
    )
    op.create_table(
        "code_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        _sealed("recipient_name_sealed"),
        _sealed("recipient_role_sealed"),
        _sealed("recipient_org_sealed"),
        _sealed("title_sealed"),
        _sealed("snapshot_sealed"),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("is_one_time", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("open_count", sa.Integer(), nullable=False),
        sa.Column("first_opened_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_opened_at", portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("row_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["users.id"],
            name=op.f("fk_code_shares_employee_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_shares")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_code_shares_token_hash")),
    )
    op.create_index(op.f("ix_code_shares_employee_id"), "code_shares", ["employee_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_code_shares_employee_id"), table_name="code_shares")
    op.drop_table("code_shares")
    op.drop_index(op.f("ix_dossier_plan_revisions_plan_id"), table_name="dossier_plan_revisions")
    op.drop_table("dossier_plan_revisions")
    op.drop_index(op.f("ix_dossier_plan_steps_plan_id"), table_name="dossier_plan_steps")
    op.drop_table("dossier_plan_steps")
    op.drop_table("dossier_plans")
    op.drop_index("ix_dossier_entries_employee_id_happened_on", table_name="dossier_entries")
    op.drop_table("dossier_entries")
