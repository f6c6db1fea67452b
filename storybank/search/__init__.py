"""Full-text search over what the public may read, in every script.

`index_text` is the one way text becomes searchable: it feeds the index of both databases and
turns the reader's query into terms. It normalises (NFKC, case folding), drops accents from
Latin, Greek and Cyrillic letters (so `gia dinh` finds `gia đình`, `ninos` finds `niños`), turns
punctuation and symbols into spaces, and cuts the scripts written without spaces between words
into overlapping pairs of characters: Korean, Chinese and Japanese, and also Thai, Lao, Khmer and
Myanmar, where pairs find a word of two or more characters without a dictionary of the language.
A query word is searched as the phrase of its pieces, so `가족` is found inside `가족들은`.

Each public story has one row in `story_search`: the folded title and text of its publishable
revision and of its approved translations. SQLite indexes it with FTS5 (ranked by bm25),
PostgreSQL with a stored `tsvector` and a GIN index (ranked by `ts_rank_cd`). The index is brought
up to date in the transaction that changes what the public sees (see `editions`), and what a
search shows is restricted once more by `public_stories()`.

A common word matches thousands of stories, and both databases spend time on every match they
rank. A search therefore ranks the newest MATCH_LIMIT matches (all of them, for most queries) and
says "300+" beyond: its time stays the same as the number of stories grows.
"""

from __future__ import annotations

from .excerpts import excerpt, highlight, term_pattern
from .folding import index_text
from .index import (
    SearchableText,
    rebuild_index,
    reindex_stories,
    searchable_texts,
    story_index_text,
)
from .matches import Match, best_public_ids, newest_matches
from .query import (
    MAX_QUERY_CHARS,
    MAX_QUERY_PIECES,
    Phrase,
    Query,
    fts5_match,
    parse_query,
    tsquery_text,
)
from .results import SearchHit, SearchResults, search_public

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_PIECES",
    "Match",
    "Phrase",
    "Query",
    "SearchHit",
    "SearchResults",
    "SearchableText",
    "best_public_ids",
    "excerpt",
    "fts5_match",
    "highlight",
    "index_text",
    "init_app",
    "newest_matches",
    "parse_query",
    "rebuild_index",
    "reindex_stories",
    "search_public",
    "searchable_texts",
    "story_index_text",
    "term_pattern",
    "tsquery_text",
]


def init_app() -> None:
    """Keep the index current: every change the public can see reindexes its stories, in the
    same transaction."""
    from ..db import editions

    editions.on_public_change(reindex_stories)
