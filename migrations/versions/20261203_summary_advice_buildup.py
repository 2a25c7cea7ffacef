"""summary: a build-up period as structured advice with a reply to a share

Revision ID: 8e2f4a6c1b93
Revises: 3b7e1d9c4a52
Create Date: 2026-12-03 09:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '8e2f4a6c1b93'
down_revision = '3b7e1d9c4a52'
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "share_advice.minutes_per_day",
    "share_advice.days_per_week",
]


def upgrade() -> None:
    # The kind column is a plain string (no native enum, no check constraint): the new kind
    # "build_up" needs no change to it.
    with op.batch_alter_table('share_advice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_per_day', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('days_per_week', sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    # The older code cannot read build-up advice; it goes with its numbers (only with
    # -x allow-data-loss while there is any, see drops above).
    op.execute("DELETE FROM share_advice WHERE kind = 'build_up'")
    with op.batch_alter_table('share_advice', schema=None) as batch_op:
        batch_op.drop_column('days_per_week')
        batch_op.drop_column('minutes_per_day')
