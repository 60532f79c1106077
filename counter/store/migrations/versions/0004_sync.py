"""sync: worker state, per-case claims, refusal reasons

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Issue 6 (sync with the provincial platform): ``sync_state`` (feed cursor, catalog ETag, last
contact — never secrets), ``sync_claims`` (a case being sent by one worker until its lease
ends) and ``sync_refusals`` (the platform's code, Chinese message and details for a refused
outbox event). Generated with autogenerate.
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_claims',
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('owner', sa.String(length=128), nullable=False),
    sa.Column('until', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('case_no', name=op.f('pk_sync_claims'))
    )
    with op.batch_alter_table('sync_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_claims_owner'), ['owner'], unique=False)

    op.create_table('sync_refusals',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('at', counter.store.models.Moment(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_sync_refusals'))
    )
    with op.batch_alter_table('sync_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_refusals_case_no'), ['case_no'], unique=False)

    op.create_table('sync_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    with op.batch_alter_table('sync_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_refusals_case_no'))
    op.drop_table('sync_refusals')
    with op.batch_alter_table('sync_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_claims_owner'))
    op.drop_table('sync_claims')
