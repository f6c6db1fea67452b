"""Keeping the index up to date: one row per public story, in the transaction that changes
what the public sees, and SQLite's full-text table kept clean."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..models import Story, StorySearch, StoryState
from ..models.search import FULL_TEXT_TABLE
from ..services.public import public_ids
from ..services.translations import public_translations
from .folding import index_text

# Stories indexed per query when many change at once.
BATCH_SIZE = 500


class SearchableText(NamedTuple):
    """A text readers can find a story by: the publishable one or an approved translation."""

    language: str
    title: str | None
    text: str
    is_translation: bool


def searchable_texts(story: Story) -> list[SearchableText]:
    """The publishable title and text of a story the public may read (one from
    `public_stories()`), then its approved translations."""
    revision = story.current_revision
    if revision is None:
        return []
    texts = [SearchableText(story.story_language, revision.title, revision.text, False)]
    texts.extend(
        SearchableText(t.language, t.title, t.text, True) for t in public_translations(story)
    )
    return texts


def story_index_text(story: Story) -> str | None:
    """The indexed words of a public story (None when it has no publishable text)."""
    texts = searchable_texts(story)
    if not texts:
        return None
    return " ".join(
        words
        for item in texts
        for words in (index_text(item.title or ""), index_text(item.text))
        if words
    )


def reindex_stories(session: Session, story_ids: Iterable[int]) -> None:
    """Bring the search index up to date for these stories (public ones in, others out)."""
    ids = sorted(set(story_ids))
    index = cast(Table, StorySearch.__table__)
    erased = False
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        # Everything is flushed by now: reading the stories afresh sees every change, however
        # it was made (a revision added by its story id rather than to the collection, say).
        stories = session.scalars(
            select(Story)
            .where(Story.id.in_(batch))
            .options(
                selectinload(Story.revisions),
                selectinload(Story.translations),
                selectinload(Story.consent_records),
            )
            .execution_options(populate_existing=True)
        ).all()
        public = public_ids(batch)
        # Public stories in, every other one out.
        wanted = {
            story.id: story_index_text(story) if story.id in public else None for story in stories
        }
        indexed: dict[int, str] = {
            story_id: words
            for story_id, words in session.execute(
                select(index.c.story_id, index.c.indexed_text).where(index.c.story_id.in_(batch))
            )
        }
        # Unchanged rows are left alone: rewriting them would only churn the full-text index.
        stale = [story_id for story_id, words in indexed.items() if wanted.get(story_id) != words]
        fresh = [
            {"story_id": story_id, "indexed_text": words}
            for story_id, words in wanted.items()
            if words is not None and indexed.get(story_id) != words
        ]
        if stale:
            session.execute(delete(index).where(index.c.story_id.in_(stale)))
        if fresh:
            session.execute(insert(index), fresh)
        # A story once published may have words in the full-text files, even if it left the
        # index earlier (unpublished first, then withdrawn).
        erased = erased or any(
            story.state is StoryState.WITHDRAWN and story.published_at is not None
            for story in stories
        )
    if erased:
        _purge_deleted_words(session)


def _full_text_command(session: Session, command: str) -> None:
    """Run an FTS5 maintenance command ('optimize', 'rebuild') on SQLite's full-text table."""
    session.execute(
        sql(f"INSERT INTO {FULL_TEXT_TABLE}({FULL_TEXT_TABLE}) VALUES (:command)"),  # noqa: S608
        {"command": command},
    )


def _purge_deleted_words(session: Session) -> None:
    """Make sure the words of a withdrawn story are gone from the database file, not only
    from the results.

    FTS5 records a deletion as a marker in a newer segment and keeps the words in the older
    ones until segments merge, so they are merged now (withdrawals are rare; the erasure is
    what the storyteller was promised). PostgreSQL's dead rows go as every erased row does.
    """
    if session.get_bind().dialect.name == "sqlite":
        _full_text_command(session, "optimize")


def rebuild_index(*, batch_size: int = BATCH_SIZE) -> int:
    """Index every story afresh, committing a batch at a time; returns how many are indexed.

    On SQLite the full-text table is then rebuilt from the index rows, which also compacts it.
    """
    session = db.session()
    last_id = 0
    while True:
        batch = session.scalars(
            select(Story.id).where(Story.id > last_id).order_by(Story.id).limit(batch_size)
        ).all()
        if not batch:
            break
        reindex_stories(session, batch)
        session.commit()
        last_id = batch[-1]
    if session.get_bind().dialect.name == "sqlite":
        _full_text_command(session, "rebuild")
        session.commit()
    return session.scalar(select(func.count()).select_from(StorySearch)) or 0
