"""tolerance_requests: 容缺受理 requests, the approval queue and the commitments they become

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

Issue 7 (tolerance with supervisor approval). Pending rows are the approval queue of every
counter sharing the store; approved rows carry the supplement deadline until the commitment
is fulfilled or the case is terminated.
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tolerance_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('draft_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('catalog_version', sa.String(length=64), nullable=False),
    sa.Column('applicant_type', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('intake', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Text(), nullable=False),
    sa.Column('requested_at', counter.store.models.Moment(), nullable=False),
    sa.Column('credit', sa.String(length=16), nullable=False),
    sa.Column('credit_checked_at', counter.store.models.Moment(), nullable=True),
    sa.Column('credit_note', sa.Text(), nullable=False),
    sa.Column('commitment_pages', sa.Text(), nullable=False),
    sa.Column('commitment_blob', sa.String(length=64), nullable=True),
    sa.Column('decided_by', sa.Text(), nullable=True),
    sa.Column('decided_at', counter.store.models.Moment(), nullable=True),
    sa.Column('refuse_code', sa.String(length=32), nullable=True),
    sa.Column('refuse_text', sa.Text(), nullable=True),
    sa.Column('case_no', sa.String(length=24), nullable=True),
    sa.Column('deadline', counter.store.models.Moment(), nullable=True),
    sa.Column('closed_at', counter.store.models.Moment(), nullable=True),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tolerance_requests'))
    )
    with op.batch_alter_table('tolerance_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tolerance_requests_case_no'), ['case_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_tolerance_requests_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tolerance_requests_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tolerance_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tolerance_requests_status'))
        batch_op.drop_index(batch_op.f('ix_tolerance_requests_draft_id'))
        batch_op.drop_index(batch_op.f('ix_tolerance_requests_case_no'))

    op.drop_table('tolerance_requests')
