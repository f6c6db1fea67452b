"""The approved and awaiting_storyteller states: a story the storyteller is asked to approve in its
final text, and a finished story that is not on the website.

Revision ID: 6a12dc14b59f
Revises: 6adfd59cb607
Create Date: 2026-12-08 00:46:25.754139

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6a12dc14b59f'
down_revision = '6adfd59cb607'
branch_labels = None
depends_on = None

BEFORE = (
    'submitted', 'in_review', 'changes_requested', 'published', 'unpublished', 'declined',
    'withdrawn',
)
AFTER = (
    'submitted', 'in_review', 'changes_requested', 'awaiting_storyteller', 'approved',
    'published', 'unpublished', 'declined', 'withdrawn',
)
TABLES = ('stories', 'story_state_counts')


def _states(states, length):
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_state'), type_='check')
            batch_op.alter_column(
                'state',
                existing_type=sa.String(length=17 if length == 20 else 20),
                type_=sa.String(length=length),
                existing_nullable=False,
            )
            batch_op.create_check_constraint('state', sa.column('state').in_(states))


def upgrade():
    _states(AFTER, 20)


def downgrade():
    # A story in a new state goes back to review (neither state has an older equivalent), and
    # the counts are taken afresh.
    op.execute(
        "UPDATE stories SET state = 'in_review' "
        "WHERE state IN ('awaiting_storyteller', 'approved')"
    )
    op.execute("DELETE FROM story_state_counts")
    op.execute(
        "INSERT INTO story_state_counts (state, number) "
        "SELECT state, count(*) FROM stories GROUP BY state"
    )
    _states(BEFORE, 17)
