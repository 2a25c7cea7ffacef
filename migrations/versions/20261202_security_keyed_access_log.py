"""keyed access-log chain, the reader's name at the time of reading, pending logins

Rows written before this revision keep chain_version 1 (plain SHA-256) and still verify;
new rows are MACed with the audit key (chain_version 2) and carry the reader's sealed name.

Revision ID: 72b34faae247
Revises: e8a365e2c7b9
Create Date: 2026-12-02 17:45:00
"""

from alembic import op
import sqlalchemy as sa

import portal.db


revision = "72b34faae247"
down_revision = "e8a365e2c7b9"
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "pending_logins",
    "access_events.actor_name_sealed",
    "access_events.row_key",
    "access_events.key_id",
    "access_events.chain_version",
]


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the append-only triggers stay in place.
    op.add_column(
        "access_events",
        sa.Column("chain_version", sa.Integer(), server_default="1", nullable=False),
    )
    op.add_column("access_events", sa.Column("key_id", sa.String(length=20), nullable=True))
    op.add_column("access_events", sa.Column("row_key", sa.String(length=32), nullable=True))
    op.add_column("access_events", sa.Column("actor_name_sealed", sa.Text(), nullable=True))
    op.create_table(
        "pending_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_logins_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_logins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pending_logins_token_hash")),
    )
    with op.batch_alter_table("pending_logins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_logins_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_logins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_logins_user_id"))
    op.drop_table("pending_logins")
    # Rows stay; keyed rows then no longer verify under the old plain chain, which the
    # operator is told by flask audit verify. The readers' names at the time are lost.
    op.drop_column("access_events", "actor_name_sealed")
    op.drop_column("access_events", "row_key")
    op.drop_column("access_events", "key_id")
    op.drop_column("access_events", "chain_version")
