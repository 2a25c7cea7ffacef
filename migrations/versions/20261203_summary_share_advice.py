"""summary: structured advice with a reply to a share, and the weekly capacity self-rating

Revision ID: 3b7e1d9c4a52
Revises: 9d4b2e6f1a87
Create Date: 2026-12-03 02:00:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = '3b7e1d9c4a52'
down_revision = '9d4b2e6f1a87'
branch_labels = None
depends_on = None

#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = ["capacity_ratings", "share_advice"]


def upgrade() -> None:
    op.create_table(
        'share_advice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reply_id', sa.Integer(), nullable=False),
        sa.Column('share_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('agreement', 'next_talk', 'treater', name='advice_kind', native_enum=False, length=20), nullable=False),
        sa.Column('position', sa.SmallInteger(), nullable=False),
        sa.Column('text_sealed', sa.Text(), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('state', sa.Enum('open', 'accepted', 'declined', name='advice_state', native_enum=False, length=20), nullable=False),
        sa.Column('decided_at', portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('row_key', sa.String(length=32), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['agreement_id'], ['consult_agreements.id'], name=op.f('fk_share_advice_agreement_id_consult_agreements'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reply_id'], ['share_replies.id'], name=op.f('fk_share_advice_reply_id_share_replies'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['share_id'], ['shares.id'], name=op.f('fk_share_advice_share_id_shares'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_share_advice')),
    )
    op.create_index(op.f('ix_share_advice_agreement_id'), 'share_advice', ['agreement_id'])
    op.create_index(op.f('ix_share_advice_reply_id'), 'share_advice', ['reply_id'])
    op.create_index(op.f('ix_share_advice_share_id'), 'share_advice', ['share_id'])
    op.create_table(
        'capacity_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('answers_sealed', sa.Text(), nullable=True),
        sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('row_key', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_capacity_ratings_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_ratings')),
        sa.UniqueConstraint('user_id', 'week_of', name=op.f('uq_capacity_ratings_user_id_week_of')),
    )
    op.create_index(op.f('ix_capacity_ratings_user_id'), 'capacity_ratings', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_capacity_ratings_user_id'), table_name='capacity_ratings')
    op.drop_table('capacity_ratings')
    op.drop_index(op.f('ix_share_advice_share_id'), table_name='share_advice')
    op.drop_index(op.f('ix_share_advice_reply_id'), table_name='share_advice')
    op.drop_index(op.f('ix_share_advice_agreement_id'), table_name='share_advice')
    op.drop_table('share_advice')
