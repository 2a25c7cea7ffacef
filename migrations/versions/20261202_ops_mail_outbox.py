"""e-mail outbox: every e-mail queued in the transaction that causes it

Revision ID: f88f49ac0bb1
Revises: 5c1e9a7d3b20
Create Date: 2026-12-02 17:40:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = 'f88f49ac0bb1'
down_revision = '5c1e9a7d3b20'
branch_labels = None
depends_on = None
#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = [
    "mail_outbox",
]


def upgrade() -> None:
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('message_sealed', sa.Text(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=80), nullable=True),
    sa.Column('row_key', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_outbox_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    # Unsent e-mails would be lost: refuse while any wait (send them first: flask mail send).
    waiting = op.get_bind().execute(
        sa.text("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
    ).scalar()
    if waiting:
        raise RuntimeError(f"{waiting} e-mail(s) still queued: run flask mail send first")
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_outbox_user_id'))
        batch_op.drop_index(batch_op.f('ix_mail_outbox_next_attempt_at'))
    op.drop_table('mail_outbox')
