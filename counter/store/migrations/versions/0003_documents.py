"""documents: the archive of issued documents (文书存档)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Issue 4 (documents and printing): one row per issued document (original or 补打), linking the
PDF blob and the content snapshot it was rendered from to its case. Generated with
autogenerate (other tables pending in the working tree left out).
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reprint_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=True),
    sa.Column('layout', sa.String(length=8), nullable=False),
    sa.Column('issued_at', counter.store.models.Moment(), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_no'], ['cases.case_no'], name=op.f('fk_documents_case_no_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('case_no', 'kind', 'sequence', name=op.f('uq_documents_case_no'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_case_no'), ['case_no'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_case_no'))

    op.drop_table('documents')
