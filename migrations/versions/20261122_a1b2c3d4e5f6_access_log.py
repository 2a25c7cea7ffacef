"""access log: append-only, hash-chained access events and the chain head

Revision ID: a1b2c3d4e5f6
Revises: 33cbba48cb6f
Create Date: 2026-11-22 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db
from portal.audit.models import APPEND_ONLY_SQL, GENESIS

revision = "a1b2c3d4e5f6"
down_revision = "33cbba48cb6f"
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "audit_head",
    "access_events",
]


def upgrade() -> None:
    op.create_table(
        "access_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("share_id", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_events")),
        sa.UniqueConstraint("seq", name=op.f("uq_access_events_seq")),
    )
    op.create_index(
        "ix_access_events_employee_id_occurred_at",
        "access_events",
        ["employee_id", "occurred_at"],
        unique=False,
    )
    audit_head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "last_hash": GENESIS}])
    for statement in APPEND_ONLY_SQL.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_table("audit_head")
    op.drop_index("ix_access_events_employee_id_occurred_at", table_name="access_events")
    op.drop_table("access_events")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS access_events_append_only()")
