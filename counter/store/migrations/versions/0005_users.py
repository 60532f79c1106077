"""users: staff accounts with roles, Argon2id password hashes and lockout state

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

Issue 7 (users, roles and the audit trail). No account is created here: the first
administrator is created at first start (or with ``main.py users create-admin``).
"""
from alembic import op
import sqlalchemy as sa
import counter.store.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('roles', sa.String(length=128), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('must_change', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', counter.store.models.Moment(), nullable=True),
    sa.Column('last_login_at', counter.store.models.Moment(), nullable=True),
    sa.Column('password_changed_at', counter.store.models.Moment(), nullable=False),
    sa.Column('created_at', counter.store.models.Moment(), nullable=False),
    sa.Column('updated_at', counter.store.models.Moment(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_users'))
    )


def downgrade() -> None:
    op.drop_table('users')
