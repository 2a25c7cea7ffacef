"""summary: inbox details of a share, crash marks in the logbook, build-up plans

Revision ID: 5c1e9a7d3b20
Revises: e8a365e2c7b9
Create Date: 2026-12-02 17:35:00
"""

from alembic import op
import sqlalchemy as sa


revision = '5c1e9a7d3b20'
down_revision = 'e8a365e2c7b9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meta_sealed', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_column('meta_sealed')
