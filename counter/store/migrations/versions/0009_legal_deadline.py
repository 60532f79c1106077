"""cases.legal_at: the legal deadline (法定时限届满) beside the promised one

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Issue 11 (documents a legal reviewer signs off): the 受理通知书 prints the legal limit's date
beside the promised one. It is computed at acceptance, as ``promised_at`` is, and kept so that
a later print shows the same date; cases accepted before this column stay NULL (the notice
then prints the limit without a date).
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_at', counter.store.models.Moment(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('legal_at')
