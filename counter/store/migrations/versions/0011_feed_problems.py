"""feed_problems: status-feed items kept aside for a person (平台数据问题)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Issue 12 (the platform's answers are checked): a status-feed item that does not have the
documented shape, names a case this store does not know, or cannot be applied is no longer
dropped (or, worse, stops the feed for good): it is stored here with the item as the platform
sent it (bounded), the reason, when and after which cursor it arrived, until an administrator
marks it handled (标记已处理, audited). ``digest`` is unique: a page read again adds nothing.
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_problems',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('received_at', counter.store.models.Moment(), nullable=False),
    sa.Column('cursor', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('raw_size', sa.Integer(), nullable=False),
    sa.Column('resolved_at', counter.store.models.Moment(), nullable=True),
    sa.Column('resolved_by', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_problems')),
    sa.UniqueConstraint('digest', name=op.f('uq_feed_problems_digest'))
    )
    with op.batch_alter_table('feed_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_problems_resolved_at'), ['resolved_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feed_problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_problems_resolved_at'))
    op.drop_table('feed_problems')
