"""audit_seals: seals of the audit chain, MACed with a key kept in the OS keyring

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21

Issue 7 follow-up (docs/security.md, 封存): a rewrite of the whole chain and its head in SQL
no longer goes unnoticed. Each row records the chain's (seq, hash) at a moment with an
HMAC-SHA256 by the sealing counter's key; the key never enters the store.
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_seals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', counter.store.models.Moment(), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_seals'))
    )
    with op.batch_alter_table('audit_seals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_seals_key_id'), ['key_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_seals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_seals_key_id'))

    op.drop_table('audit_seals')
