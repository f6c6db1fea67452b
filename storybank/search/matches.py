"""Finding the newest matches in the index of each database, and ranking those the public may
read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import bindparam, column, func, literal_column, select
from sqlalchemy import table as table_clause

from ..extensions import db
from ..models import Story, StorySearch
from ..models.search import FULL_TEXT_TABLE, VECTOR_COLUMN
from ..services.public import public_stories
from .query import Query, fts5_match, tsquery_text

# PostgreSQL finds the newest matches in ranges of story ids, newest first, each this many times
# wider than the last (a common word is done in the first range, a rare one costs little in any).
FIRST_RANGE = 5_000
RANGE_GROWTH = 4

_FTS = table_clause(FULL_TEXT_TABLE, column("rowid"), column("rank"))
_VECTORS = table_clause(StorySearch.__tablename__, column("story_id"), column(VECTOR_COLUMN))


class Match(NamedTuple):
    """An indexed story that matches, and how well."""

    story_id: int
    # Lower is better: FTS5's bm25 rank, or PostgreSQL's ts_rank_cd negated.
    score: float


def _sqlite_matches(query: Query, limit: int) -> list[Match]:
    # FTS5 walks the matches newest first and stops at the limit; bm25 is computed only for
    # the rows it returns.
    match = literal_column(FULL_TEXT_TABLE).op("MATCH")(bindparam("match", fts5_match(query)))
    rows = db.session.execute(
        select(_FTS.c.rowid, _FTS.c.rank).where(match).order_by(_FTS.c.rowid.desc()).limit(limit)
    )
    return [Match(story_id, score) for story_id, score in rows]


def _postgres_matches(query: Query, limit: int) -> list[Match]:
    # The GIN index finds matches in no useful order, and each row it finds is read again to
    # be checked, so the newest are sought range by range rather than by sorting them all.
    tsquery = func.to_tsquery(
        literal_column("'simple'::regconfig"), bindparam("tsquery", tsquery_text(query))
    )
    story_id, vector = _VECTORS.c.story_id, _VECTORS.c[VECTOR_COLUMN]
    high = db.session.scalar(select(func.max(story_id)))
    found: list[Match] = []
    width = FIRST_RANGE
    while high is not None and high > 0 and len(found) < limit:
        low = max(0, high - width)
        newest = (
            select(story_id, vector)
            .where(vector.op("@@")(tsquery), story_id > low, story_id <= high)
            .order_by(story_id.desc())
            .limit(limit - len(found))
            .subquery("newest")
        )
        # Ranked after the limit: each ts_rank_cd reads a whole word vector.
        scored = select(newest.c.story_id, -func.ts_rank_cd(newest.c[VECTOR_COLUMN], tsquery))
        found.extend(Match(i, score) for i, score in db.session.execute(scored))
        high, width = low, width * RANGE_GROWTH
    return found


def newest_matches(query: Query, limit: int) -> list[Match]:
    """The newest `limit` indexed stories that match every phrase, newest first (story ids
    follow the order stories were told), each with its score."""
    if not query.phrases:
        return []
    if db.session.get_bind().dialect.name == "sqlite":
        return _sqlite_matches(query, limit)
    return _postgres_matches(query, limit)


def best_public_ids(matches: Sequence[Match], *, offset: int, limit: int) -> list[int]:
    """Stories `offset` to `offset + limit` of the matches, best first, ties newest first;
    only those that `public_stories()` lets through (the index should hold no others, but the
    one definition of public decides what is shown)."""
    ranked = sorted(matches, key=lambda m: (m.score, -m.story_id))[: offset + limit]
    scores = {m.story_id: m.score for m in ranked}
    # Asked story by story (a correlated subquery), so that each is found by its key: as a
    # join, SQLite would rather walk every published story by state.
    published_at = (
        public_stories()
        .with_only_columns(Story.published_at)
        .where(Story.id == StorySearch.story_id)
        .correlate(StorySearch)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(StorySearch.story_id, published_at).where(StorySearch.story_id.in_(list(scores)))
    )
    public = [(story_id, when) for story_id, when in rows if when is not None]
    public.sort(key=lambda row: (scores[row[0]], -row[1].timestamp(), -row[0]))
    return [story_id for story_id, _when in public[offset : offset + limit]]
