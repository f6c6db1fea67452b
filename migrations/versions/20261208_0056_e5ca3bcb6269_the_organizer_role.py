"""The organizer role: staff who build packets and exports of the stories whose consent allows
that use (SPEC §1, §10).

Revision ID: e5ca3bcb6269
Revises: 6a12dc14b59f
Create Date: 2026-12-08 00:56:09.183064

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5ca3bcb6269'
down_revision = '6a12dc14b59f'
branch_labels = None
depends_on = None


BEFORE = ('translator', 'moderator', 'admin')
AFTER = ('translator', 'moderator', 'organizer', 'admin')


def _roles(roles):
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_staff_users_role'), type_='check')
        batch_op.create_check_constraint('role', sa.column('role').in_(roles))


def upgrade():
    _roles(AFTER)


def downgrade():
    # An organizer's account cannot be kept without its role: it is disabled as a translator's
    # (the role with the least to see), and its sessions end.
    op.execute(
        "UPDATE staff_users SET role = 'translator', is_disabled = true, "
        "session_version = session_version + 1 WHERE role = 'organizer'"
    )
    _roles(BEFORE)
