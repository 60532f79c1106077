"""ledger_recorded: what the counter recorded about each material's original and e-licence

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Issue 11 (the case view's 原件 column): ``case_materials.original`` holds the stricter of the
catalog's requirement and what the clerk ticked, so the case could not say what was actually
done at the counter, and the licence number of a 免提交（电子证照） material was not kept at
all. Two nullable columns: ``original_done`` (``none`` | ``check`` | ``keep``: 核验原件 /
收取原件 ticked in the checklist) and ``e_licence_number``. NULL on cases decided before this
revision: not recorded then.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_materials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_done', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('e_licence_number', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_materials', schema=None) as batch_op:
        batch_op.drop_column('e_licence_number')
        batch_op.drop_column('original_done')
