"""per-account login lockout columns on users

Revision ID: b2c3d4e5f6a7
Revises: a1b2c3d4e5f6
Create Date: 2026-11-22 12:30:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "b2c3d4e5f6a7"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "users.lockout_count",
    "users.locked_until",
    "users.failed_login_since",
    "users.failed_login_count",
]


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_login_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("failed_login_since", portal.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("locked_until", portal.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("lockout_count", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("failed_login_count", server_default=None)
        batch_op.alter_column("lockout_count", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("lockout_count")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_login_since")
        batch_op.drop_column("failed_login_count")
