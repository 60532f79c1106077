"""cases: drafts, cases, items, materials ledger, history, serials, audit log, outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Issue 3 (intake store and decisions). Dialect-neutral: JSON is kept in Text columns; the
applicant-name index carries ``text_pattern_ops`` on PostgreSQL so that ``LIKE 'prefix%'``
uses it (other dialects ignore the option).
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', counter.store.models.Moment(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_case_no'), 'audit_log', ['case_no'], unique=False)

    op.create_table('case_serials',
    sa.Column('prefix', sa.String(length=24), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_case_serials'))
    )
    op.create_table('cases',
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('catalog_version', sa.String(length=64), nullable=False),
    sa.Column('draft_id', sa.String(length=36), nullable=True),
    sa.Column('applicant_type', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('applicant_id_type', sa.String(length=8), nullable=False),
    sa.Column('applicant_id_number', sa.String(length=64), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('form', sa.Text(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('missing', sa.Text(), nullable=True),
    sa.Column('decided_at', counter.store.models.Moment(), nullable=False),
    sa.Column('decided_by', sa.Text(), nullable=False),
    sa.Column('accepted_at', counter.store.models.Moment(), nullable=True),
    sa.Column('promised_at', counter.store.models.Moment(), nullable=True),
    sa.Column('query_password_hash', sa.String(length=80), nullable=True),
    sa.Column('reason_code', sa.String(length=32), nullable=True),
    sa.Column('reason_text', sa.Text(), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('status_message', sa.Text(), nullable=True),
    sa.Column('picked_up', sa.Text(), nullable=True),
    sa.Column('created_at', counter.store.models.Moment(), nullable=False),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('case_no', name=op.f('pk_cases'))
    )
    op.create_index(op.f('ix_cases_applicant_id_number'), 'cases', ['applicant_id_number', 'decided_at'], unique=False)
    op.create_index(op.f('ix_cases_applicant_name'), 'cases', ['applicant_name'], unique=False, postgresql_ops={'applicant_name': 'text_pattern_ops'})

    op.create_table('drafts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=True),
    sa.Column('created_at', counter.store.models.Moment(), nullable=False),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    op.create_index(op.f('ix_drafts_status'), 'drafts', ['status'], unique=False)

    op.create_table('outbox',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', counter.store.models.Moment(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', counter.store.models.Moment(), nullable=True),
    sa.Column('created_at', counter.store.models.Moment(), nullable=False),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('case_no', 'seq', name=op.f('uq_outbox_case_no'))
    )
    op.create_index(op.f('ix_outbox_state'), 'outbox', ['state'], unique=False)

    op.create_table('case_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('at', counter.store.models.Moment(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_no'], ['cases.case_no'], name=op.f('fk_case_history_case_no_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_history'))
    )
    op.create_index(op.f('ix_case_history_case_no'), 'case_history', ['case_no'], unique=False)

    op.create_table('case_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['case_no'], ['cases.case_no'], name=op.f('fk_case_items_case_no_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_items')),
    sa.UniqueConstraint('case_no', 'position', name=op.f('uq_case_items_case_no'))
    )
    op.create_table('case_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('material', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('necessity', sa.String(length=16), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('original', sa.String(length=8), nullable=False),
    sa.Column('pages', sa.Text(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_no'], ['cases.case_no'], name=op.f('fk_case_materials_case_no_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_materials')),
    sa.UniqueConstraint('case_no', 'position', name=op.f('uq_case_materials_case_no'))
    )


def downgrade() -> None:
    op.drop_table('case_materials')
    op.drop_table('case_items')
    op.drop_index(op.f('ix_case_history_case_no'), table_name='case_history')

    op.drop_table('case_history')
    op.drop_index(op.f('ix_outbox_state'), table_name='outbox')

    op.drop_table('outbox')
    op.drop_index(op.f('ix_drafts_status'), table_name='drafts')

    op.drop_table('drafts')
    op.drop_index(op.f('ix_cases_applicant_name'), table_name='cases')
    op.drop_index(op.f('ix_cases_applicant_id_number'), table_name='cases')

    op.drop_table('cases')
    op.drop_table('case_serials')
    op.drop_index(op.f('ix_audit_log_case_no'), table_name='audit_log')

    op.drop_table('audit_log')
    op.drop_table('audit_head')
