"""Revision reasons as an enum: the kind of change, and the kinds of detail a redaction took out.

Reasons were stored as English sentences ("redacted: a_number, phone") and parsed back for
display; they become one of three values, with the redacted kinds in a column of their own.

Revision ID: 6adfd59cb607
Revises: f25100a3b6a5
Create Date: 2026-12-07 23:40:22.182082

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6adfd59cb607'
down_revision = 'f25100a3b6a5'
branch_labels = None
depends_on = None

REASONS = ('edited', 'redacted', 'storyteller_revised')
# Stored sentence → value.
SENTENCES = {
    'edited by a moderator': 'edited',
    'revised by the storyteller': 'storyteller_revised',
}


def upgrade():
    with op.batch_alter_table('publishable_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_kinds', sa.String(length=200), nullable=True))

    # "redacted: a_number, phone" → reason "redacted", kinds "a_number,phone".
    op.execute(
        "UPDATE publishable_revisions "
        "SET redacted_kinds = replace(trim(substr(reason, 10)), ', ', ','), reason = 'redacted' "
        "WHERE reason LIKE 'redacted:%'"
    )
    for sentence, value in SENTENCES.items():
        op.execute(
            sa.text("UPDATE publishable_revisions SET reason = :value WHERE reason = :sentence")
            .bindparams(value=value, sentence=sentence)
        )
    # Nothing else was ever written; anything unknown cannot be shown as a reason.
    op.execute(
        "UPDATE publishable_revisions SET reason = NULL "
        f"WHERE reason NOT IN {REASONS!r}"
    )

    with op.batch_alter_table('publishable_revisions', schema=None) as batch_op:
        batch_op.alter_column(
            'reason',
            existing_type=sa.VARCHAR(length=200),
            type_=sa.String(length=19),
            existing_nullable=True,
        )
        batch_op.create_check_constraint(
            'reason', sa.column('reason').in_(REASONS)
        )


def downgrade():
    with op.batch_alter_table('publishable_revisions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_publishable_revisions_reason'), type_='check')
        batch_op.alter_column(
            'reason',
            existing_type=sa.String(length=19),
            type_=sa.VARCHAR(length=200),
            existing_nullable=True,
        )

    op.execute(
        "UPDATE publishable_revisions "
        "SET reason = 'redacted: ' || replace(coalesce(redacted_kinds, ''), ',', ', ') "
        "WHERE reason = 'redacted'"
    )
    for sentence, value in SENTENCES.items():
        op.execute(
            sa.text("UPDATE publishable_revisions SET reason = :sentence WHERE reason = :value")
            .bindparams(value=value, sentence=sentence)
        )

    with op.batch_alter_table('publishable_revisions', schema=None) as batch_op:
        batch_op.drop_column('redacted_kinds')
