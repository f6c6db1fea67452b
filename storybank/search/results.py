"""Searching: a page of the public stories that match, each shown in the text it was found in,
with what matched marked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..db.pagination import Page
from ..extensions import db
from ..models import Story
from ..services.public import public_loading, public_stories
from .excerpts import excerpt, highlight, term_pattern
from .folding import FOLD
from .index import SearchableText, searchable_texts
from .matches import best_public_ids, newest_matches
from .query import parse_query

# A common word can match tens of thousands of stories, and ranking or even counting them all
# costs time in proportion. The newest this many matches are counted and ranked (all matches,
# for most queries); beyond them, a page says "300+" and pages reach no further.
MATCH_LIMIT = 300


@dataclass(frozen=True)
class SearchHit:
    """A story found, shown in the text it was found in (the original or a translation)."""

    story: Story
    # The language of `title` and `excerpt`, for their `lang` and `dir` attributes.
    language: str
    is_translation: bool
    title: Markup | None
    excerpt: Markup


@dataclass(frozen=True)
class SearchResults(Page[SearchHit]):
    """One page of the public stories that match, best first. Matches are counted up to
    MATCH_LIMIT (`total`); `total_is_capped` says there are more than that."""

    query: str
    terms: tuple[str, ...]
    total_is_capped: bool

    @property
    def hits(self) -> Sequence[SearchHit]:
        return self.items


def _hit(story: Story, pattern: re.Pattern[str] | None, language: str | None) -> SearchHit | None:
    """How a found story is shown: the text with the most distinct terms in it, preferring the
    reader's language, then the original."""

    def preference(numbered: tuple[int, SearchableText]) -> tuple[int, bool, int]:
        position, item = numbered
        found = 0
        if pattern is not None:
            folded = f"{item.title or ''}\n{item.text}".translate(FOLD)
            found = len({match[0] for match in pattern.finditer(folded)})
        return found, item.language == language, -position

    texts = searchable_texts(story)
    if not texts:
        return None
    _position, shown = max(enumerate(texts), key=preference)
    return SearchHit(
        story=story,
        language=shown.language,
        is_translation=shown.is_translation,
        title=highlight(shown.title, pattern) if shown.title else None,
        excerpt=excerpt(shown.text, pattern),
    )


def search_public(
    query: str, *, page: int = 1, per_page: int = 10, language: str | None = None
) -> SearchResults:
    """Page `page` of the public stories that match every word of `query`, best first (ties:
    newest first). `language` is the reader's: a translation into it that matches is shown
    rather than the original. Any query is safe: it never reaches the database as syntax."""
    parsed = parse_query(query or "")
    page = max(1, page)
    per_page = max(1, per_page)
    matches = newest_matches(parsed, MATCH_LIMIT + 1)
    total = min(len(matches), MATCH_LIMIT)
    offset = (page - 1) * per_page
    hits: list[SearchHit] = []
    if offset < total:
        ids = best_public_ids(matches[:MATCH_LIMIT], offset=offset, limit=per_page)
        stories = {
            story.id: story
            for story in db.session.scalars(
                public_stories().where(Story.id.in_(ids)).options(*public_loading())
            )
        }
        pattern = term_pattern(parsed.terms)
        found = (_hit(stories[i], pattern, language) for i in ids if i in stories)
        hits = [hit for hit in found if hit is not None]
    return SearchResults(
        query=parsed.text,
        terms=parsed.terms,
        items=hits,
        number=page,
        per_page=per_page,
        total=total,
        total_is_capped=len(matches) > MATCH_LIMIT,
    )
