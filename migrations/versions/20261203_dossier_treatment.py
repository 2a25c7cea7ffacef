"""dossier: the employee's treatment status (who treats, since, how often, waiting list, contact)

Revision ID: 6d2700832e71
Revises: 8e2f4a6c1b93
Create Date: 2026-12-03 10:00:00
"""

from alembic import op
import sqlalchemy as sa
import portal.db


revision = '6d2700832e71'
down_revision = '8e2f4a6c1b93'
branch_labels = None
depends_on = None

#: What downgrade() deletes: migrations/env.py refuses while any of it holds data.
drops = ["dossier_treatments"]


def upgrade() -> None:
    op.create_table(
        'dossier_treatments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('treaters_sealed', sa.Text(), nullable=True),
        sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('row_key', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['employee_id'], ['users.id'], name=op.f('fk_dossier_treatments_employee_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_treatments')),
        sa.UniqueConstraint('employee_id', name=op.f('uq_dossier_treatments_employee_id')),
    )


def downgrade() -> None:
    op.drop_table('dossier_treatments')
