"""The search index: one row per public story, indexed by FTS5 (SQLite) or a tsvector (PostgreSQL).

Revision ID: 1f2284170122
Revises: 8844bab663da
Create Date: 2026-11-21 04:27:00.000000

"""
from alembic import op
import sqlalchemy as sa

from storybank.search import index_text


# revision identifiers, used by Alembic.
revision = '1f2284170122'
down_revision = '8844bab663da'
branch_labels = None
depends_on = None

FULL_TEXT_TABLE = "story_search_fts"
BATCH = 500

# The full-text table reads its text from story_search (external content) and follows it through
# these triggers. The `ascii` tokenizer splits on spaces only here: the rows hold index_text's
# output, already folded and cut into words, and every non-ASCII character is a word character.
SQLITE_DDL = (
    f"""CREATE VIRTUAL TABLE {FULL_TEXT_TABLE} USING fts5(
        indexed_text, content='story_search', content_rowid='story_id', tokenize='ascii'
    )""",
    f"INSERT INTO {FULL_TEXT_TABLE}({FULL_TEXT_TABLE}) VALUES ('rebuild')",
    f"""CREATE TRIGGER story_search_fts_insert AFTER INSERT ON story_search BEGIN
        INSERT INTO {FULL_TEXT_TABLE}(rowid, indexed_text) VALUES (new.story_id, new.indexed_text);
    END""",
    f"""CREATE TRIGGER story_search_fts_delete AFTER DELETE ON story_search BEGIN
        INSERT INTO {FULL_TEXT_TABLE}({FULL_TEXT_TABLE}, rowid, indexed_text)
        VALUES ('delete', old.story_id, old.indexed_text);
    END""",
    f"""CREATE TRIGGER story_search_fts_update AFTER UPDATE ON story_search BEGIN
        INSERT INTO {FULL_TEXT_TABLE}({FULL_TEXT_TABLE}, rowid, indexed_text)
        VALUES ('delete', old.story_id, old.indexed_text);
        INSERT INTO {FULL_TEXT_TABLE}(rowid, indexed_text) VALUES (new.story_id, new.indexed_text);
    END""",
)

# The word vector is computed by the database from the same folded text; 'simple' neither stems
# nor drops stop words, which suits words already folded for every language.
POSTGRES_DDL = (
    "ALTER TABLE story_search ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, indexed_text)) STORED",
    "CREATE INDEX ix_story_search_search_vector ON story_search USING gin (search_vector)",
)

stories = sa.table(
    'stories',
    sa.column('id', sa.Integer),
    sa.column('state', sa.String),
    sa.column('withdrawn_at', sa.DateTime),
    sa.column('story_language', sa.String),
)
consent_records = sa.table(
    'consent_records',
    sa.column('story_id', sa.Integer),
    sa.column('is_current', sa.Boolean),
    sa.column('current_scopes', sa.String),
)
revisions = sa.table(
    'publishable_revisions',
    sa.column('story_id', sa.Integer),
    sa.column('number', sa.Integer),
    sa.column('title', sa.String),
    sa.column('text', sa.Text),
)
translations = sa.table(
    'story_translations',
    sa.column('story_id', sa.Integer),
    sa.column('language', sa.String),
    sa.column('title', sa.String),
    sa.column('text', sa.Text),
    sa.column('review_state', sa.String),
    sa.column('source_revision_number', sa.Integer),
)
story_search = sa.table(
    'story_search', sa.column('story_id', sa.Integer), sa.column('indexed_text', sa.Text)
)


def public_story_ids(bind):
    """Stories the public may read as this revision is written: published, not withdrawn, the
    current consent includes `publish` (what `public_stories()` said then)."""
    scopes = sa.literal(' ') + consent_records.c.current_scopes + sa.literal(' ')
    query = (
        sa.select(stories.c.id)
        .join(consent_records, consent_records.c.story_id == stories.c.id)
        .where(
            consent_records.c.is_current.is_(sa.true()),
            stories.c.state == 'published',
            stories.c.withdrawn_at.is_(None),
            scopes.like('% publish %'),
        )
        .order_by(stories.c.id)
    )
    return list(bind.execute(query).scalars())


def index_rows(bind, ids):
    """The index rows of these public stories: their publishable revision's title and text,
    then each approved translation of that revision, in the order the application uses."""
    current = {}
    for story_id, number, title, text in bind.execute(
        sa.select(revisions.c.story_id, revisions.c.number, revisions.c.title, revisions.c.text)
        .where(revisions.c.story_id.in_(ids))
        .order_by(revisions.c.story_id, revisions.c.number)
    ):
        current[story_id] = (number, [title, text])
    for story_id, language, title, text, source in bind.execute(
        sa.select(
            translations.c.story_id,
            translations.c.language,
            translations.c.title,
            translations.c.text,
            translations.c.source_revision_number,
        )
        .where(translations.c.story_id.in_(ids), translations.c.review_state == 'approved')
        .order_by(translations.c.story_id, translations.c.language)
    ):
        if story_id in current and current[story_id][0] == source:
            current[story_id][1].extend((title, text))
    rows = []
    for story_id, (_number, parts) in current.items():
        words = " ".join(w for w in (index_text(part or "") for part in parts) if w)
        rows.append({'story_id': story_id, 'indexed_text': words})
    return rows


def upgrade():
    op.create_table(
        'story_search',
        sa.Column('story_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('indexed_text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['story_id'],
            ['stories.id'],
            name=op.f('fk_story_search_story_id_stories'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('story_id', name=op.f('pk_story_search')),
    )
    bind = op.get_bind()
    ids = public_story_ids(bind)
    for start in range(0, len(ids), BATCH):
        rows = index_rows(bind, ids[start : start + BATCH])
        if rows:
            bind.execute(story_search.insert(), rows)
    # The full-text structures come after the rows: built once, rather than row by row.
    for statement in SQLITE_DDL if bind.dialect.name == 'sqlite' else POSTGRES_DDL:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('insert', 'delete', 'update'):
            op.execute(f"DROP TRIGGER IF EXISTS story_search_fts_{name}")
        op.execute(f"DROP TABLE IF EXISTS {FULL_TEXT_TABLE}")
    op.drop_table('story_search')
