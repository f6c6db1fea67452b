"""Stories keep the count of identifying details left in their publishable text.

Revision ID: 06a14d34686a
Revises: 1777e8ccaff1
Create Date: 2026-11-21 03:33:01.728837

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '06a14d34686a'
down_revision = '1777e8ccaff1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('flag_count', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_check_constraint('flag_count_positive', 'flag_count >= 0')


def downgrade():
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stories_flag_count_positive'), type_='check')
        batch_op.drop_column('flag_count')
