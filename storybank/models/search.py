"""The search index: one row per story the public may read, holding the words it is found by."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model

# Kept by the database itself, outside the models: SQLite's full-text table (FTS5 names its own
# tables after it), PostgreSQL's generated word vector and its index.
FULL_TEXT_TABLE = "story_search_fts"
VECTOR_COLUMN = "search_vector"
VECTOR_INDEX = "ix_story_search_search_vector"


class StorySearch(Model):
    """A public story's title and text, and those of its approved translations, folded by
    `storybank.search.index_text` into the words both databases index."""

    __tablename__ = "story_search"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    indexed_text: Mapped[str] = mapped_column(Text)


# FTS5 keeps a full-text table's data in shadow tables named after it.
FULL_TEXT_TABLES = frozenset(
    {FULL_TEXT_TABLE}
    | {f"{FULL_TEXT_TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)


def is_mapped_schema(
    schema_object: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any
) -> bool:
    """Alembic's `include_object`: leave out what the database keeps for full-text search,
    which the models do not describe (the migration creates it, per database)."""
    if type_ == "table":
        return name not in FULL_TEXT_TABLES
    table = getattr(getattr(schema_object, "table", None), "name", None)
    if table != StorySearch.__tablename__:
        return True
    return not (
        (type_ == "column" and name == VECTOR_COLUMN) or (type_ == "index" and name == VECTOR_INDEX)
    )
