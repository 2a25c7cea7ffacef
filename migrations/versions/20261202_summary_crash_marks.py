"""summary: crash marks (a setback marked in one tap, with the optional kind of load)

Revision ID: 9d4b2e6f1a87
Revises: f88f49ac0bb1
Create Date: 2026-12-02 18:10:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = '9d4b2e6f1a87'
down_revision = 'f88f49ac0bb1'
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "crash_marks",
]


def upgrade() -> None:
    op.create_table(
        'crash_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('load_kind', sa.String(length=20), nullable=True),
        sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_crash_marks_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_crash_marks')),
        sa.UniqueConstraint('user_id', 'day', name=op.f('uq_crash_marks_user_id_day')),
    )


def downgrade() -> None:
    op.drop_table('crash_marks')
