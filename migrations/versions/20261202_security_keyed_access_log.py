"""keyed access-log chain and the reader's name at the time of reading

Rows written before this revision keep chain_version 1 (plain SHA-256) and still verify;
new rows are MACed with the audit key (chain_version 2) and carry the reader's sealed name.

Revision ID: 72b34faae247
Revises: e8a365e2c7b9
Create Date: 2026-12-02 17:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = "72b34faae247"
down_revision = "e8a365e2c7b9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the append-only triggers stay in place.
    op.add_column(
        "access_events",
        sa.Column("chain_version", sa.Integer(), server_default="1", nullable=False),
    )
    op.add_column("access_events", sa.Column("key_id", sa.String(length=20), nullable=True))
    op.add_column("access_events", sa.Column("row_key", sa.String(length=32), nullable=True))
    op.add_column("access_events", sa.Column("actor_name_sealed", sa.Text(), nullable=True))


def downgrade() -> None:
    # Rows stay; keyed rows then no longer verify under the old plain chain, which the
    # operator is told by flask audit verify. The readers' names at the time are lost.
    op.drop_column("access_events", "actor_name_sealed")
    op.drop_column("access_events", "row_key")
    op.drop_column("access_events", "key_id")
    op.drop_column("access_events", "chain_version")
