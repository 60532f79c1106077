"""indexes: cases.decided_at and outbox.occurred_at

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

The daily reconciliation (日结, ``SyncService.reconcile``) selects a day's cases by
``cases.decided_at`` and a day's events by ``outbox.occurred_at``; without these indexes both
were full table scans (``SCAN cases`` / ``SCAN outbox`` in EXPLAIN QUERY PLAN), seconds on a
store of a million cases. ``SyncService.status`` (oldest unsent event) and ``refused`` also
order by ``occurred_at``.
"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_decided_at'), ['decided_at'], unique=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_occurred_at'), ['occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_occurred_at'))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_decided_at'))
