"""The public edition: one row whose number moves with every change the public can see.

Revision ID: 8844bab663da
Revises: 06a14d34686a
Create Date: 2026-11-21 04:24:33.992867

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '8844bab663da'
down_revision = '06a14d34686a'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'public_editions',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_public_editions_single_row')),
        sa.CheckConstraint('number >= 1', name=op.f('ck_public_editions_number_positive')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_editions')),
    )
    op.bulk_insert(table, [{'id': 1, 'number': 1, 'changed_at': datetime.now(timezone.utc)}])


def downgrade():
    op.drop_table('public_editions')
