"""summary: inbox details of a share, crash marks in the logbook, build-up plans

Revision ID: 5c1e9a7d3b20
Revises: 7c0ac4b1d2e9
Create Date: 2026-12-02 17:35:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = '5c1e9a7d3b20'
down_revision = '7c0ac4b1d2e9'
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "buildup_steps",
    "shares.meta_sealed",
]


def upgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meta_sealed', sa.Text(), nullable=True))
    op.create_table(
        'buildup_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('minutes_per_day', sa.Integer(), nullable=False),
        sa.Column('days_per_week', sa.SmallInteger(), nullable=False),
        sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('minutes_per_day BETWEEN 0 AND 1440', name=op.f('ck_buildup_steps_buildup_minutes_range')),
        sa.CheckConstraint('days_per_week BETWEEN 0 AND 7', name=op.f('ck_buildup_steps_buildup_days_range')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_buildup_steps_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_buildup_steps')),
    )
    op.create_index('ix_buildup_steps_user_id_starts_on', 'buildup_steps', ['user_id', 'starts_on'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_buildup_steps_user_id_starts_on', table_name='buildup_steps')
    op.drop_table('buildup_steps')
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('meta_sealed')
