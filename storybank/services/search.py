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

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple, cast

from markupsafe import Markup, escape
from sqlalchemy import (
    Table,
    bindparam,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy import table as table_clause
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..models import Story, StorySearch, StoryState
from ..models.search import FULL_TEXT_TABLE, VECTOR_COLUMN
from .public import is_public, public_loading, public_stories

# A longer query is cut here: nobody types more, and each piece costs a lookup.
MAX_QUERY_CHARS = 200
MAX_QUERY_PIECES = 32
# Longer "words" (a pasted hash, a run of letters) are cut, the same way in text and query.
MAX_WORD_CHARS = 100
# A common word can match tens of thousands of stories, and ranking or even counting them all
# costs time in proportion. The newest this many matches are counted and ranked (all matches,
# for most queries); beyond them, a page says "300+" and pages reach no further.
MATCH_LIMIT = 300
# PostgreSQL finds the newest matches in ranges of story ids, newest first, each this many times
# wider than the last (a common word is done in the first range, a rare one costs little in any).
FIRST_RANGE = 5_000
RANGE_GROWTH = 4
# Stories indexed per query when many change at once.
BATCH_SIZE = 500

# ---------------------------------------------------------------------------------------------
# Folding: one character at a time, so offsets in a story's text can be found again


def _ranges(*pairs: tuple[int, int]) -> str:
    """A regular-expression character class body for inclusive code point ranges."""
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in pairs)


# Accents on Latin, Greek and Cyrillic letters, and the Arabic vowel signs that Urdu and Arabic
# readers rarely type. Marks of other scripts (Devanagari vowel signs, Thai tone marks, the
# Japanese voicing mark) are part of their letter and kept.
_ACCENT = re.compile(
    "["
    + _ranges(
        (0x0300, 0x036F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
        (0x064B, 0x0652),  # harakat; hamza and madda stay part of their letters
        (0x0670, 0x0670),
        (0x0640, 0x0640),  # the Arabic tatweel, a stretching stroke
    )
    + "]"
)

# Letters that carry their "accent" in the letter itself, so no decomposition removes it.
_PLAIN_LETTERS = {
    "đ": "d",  # Vietnamese, Croatian: `gia đình` is typed `gia dinh`
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
}

# Scripts written without spaces between words: indexed as overlapping pairs of characters.
_PAIRED = _ranges(
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),
    (0x3031, 0x3035),
    (0x303B, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # Han
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAA60, 0xAA7F),
    (0xAC00, 0xD7FF),  # Hangul syllables
    (0xF900, 0xFAFF),
    (0x1B000, 0x1B16F),
    (0x20000, 0x323AF),
)
_TOKEN = re.compile(f"([{_PAIRED}]+)|[^\\s{_PAIRED}]+")


def _fold_char(char: str) -> str:
    """What one character becomes in the index: a space for punctuation, symbols and spaces,
    nothing for invisible format characters and accents, else its case-folded plain form."""
    category = unicodedata.category(char)
    if category[0] in "PSZ" or category in ("Cc", "Co", "Cs"):
        return " "
    if category == "Cf" or _ACCENT.match(char):
        return ""
    if category[0] == "M":
        return char
    parts = []
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold()):
        if _ACCENT.match(part):
            continue
        part = _PLAIN_LETTERS.get(part, part)
        # Compatibility forms may bring punctuation along (½ is 1⁄2).
        parts.append(" " if unicodedata.category(part[0])[0] in "PSZC" else part)
    return unicodedata.normalize("NFC", "".join(parts))


class _FoldTable(dict[int, str]):
    """Each character's folded form, worked out when `str.translate` first meets it."""

    def __init__(self) -> None:
        super().__init__()
        # Characters that fold to more or fewer than one character (ß, ligatures, accents).
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def _tokens(folded: str) -> Iterator[tuple[str, bool]]:
    """The words and the runs of a paired script in folded text (each with "is a run")."""
    for match in _TOKEN.finditer(folded):
        yield match[0], match[1] is not None


def index_text(text: str) -> str:
    """The words `text` is found by, separated by single spaces (what both databases index).

    >>> index_text("Gia đình tôi, 우리 가족들은!")
    'gia dinh toi 우리 가족 족들 들은'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    pieces: list[str] = []
    for match in _TOKEN.finditer(folded):
        token = match[0]
        if match[1] is not None and len(token) > 1:
            # Overlapping pairs: 가족들은 is 가족 족들 들은.
            pieces.extend(map(str.__add__, token[:-1], token[1:]))
        else:
            pieces.append(token[:MAX_WORD_CHARS])
    return " ".join(pieces)


# ---------------------------------------------------------------------------------------------
# The reader's query


@dataclass(frozen=True)
class Phrase:
    """Pieces that must stand next to each other, in this order (a word, or a quoted phrase)."""

    pieces: tuple[str, ...]
    # The last piece is one character of a paired script: it is also found as the start of a
    # pair (가 in 가족), since a run of one character is only a piece of its own when it stands
    # alone.
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """What the reader searched for, as the index understands it."""

    text: str
    phrases: tuple[Phrase, ...]
    # The folded words and runs to mark in the results.
    terms: tuple[str, ...]


_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def parse_query(raw: str) -> Query:
    """The phrases to find (all of them: they combine with AND) and the terms to mark."""
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].strip()
    phrases: list[Phrase] = []
    terms: list[str] = []
    budget = MAX_QUERY_PIECES
    for match in _CHUNK.finditer(text.translate(_QUOTES)):
        chunk = match[1] if match[1] is not None else match[2]
        pieces = index_text(chunk).split()[:budget]
        if not pieces:
            continue
        tokens = list(_tokens(chunk.translate(_FOLD)))
        if not tokens:
            continue
        last, paired = tokens[-1]
        phrase = Phrase(tuple(pieces), prefix=paired and len(last) == 1 and len(pieces) < budget)
        if phrase not in phrases:
            phrases.append(phrase)
        terms.extend(token[:MAX_WORD_CHARS] for token, _paired in tokens)
        budget -= len(pieces)
        if budget <= 0:
            break
    return Query(text=text, phrases=tuple(phrases), terms=tuple(dict.fromkeys(terms)))


def fts5_match(query: Query) -> str:
    """The query in FTS5 syntax: every piece quoted, so no word is read as an operator."""

    def quoted(phrase: Phrase) -> str:
        body = " ".join(phrase.pieces).replace('"', '""')
        return f'"{body}"' + (" *" if phrase.prefix else "")

    return " AND ".join(quoted(phrase) for phrase in query.phrases)


def tsquery_text(query: Query) -> str:
    """The query in PostgreSQL's `to_tsquery` syntax: lexemes quoted, pieces of a phrase
    joined by `<->`."""

    def lexeme(piece: str, prefix: bool) -> str:
        quoted = "'" + piece.replace("\\", "\\\\").replace("'", "''") + "'"
        return quoted + (":*" if prefix else "")

    phrases: list[str] = []
    for phrase in query.phrases:
        last = len(phrase.pieces) - 1
        lexemes = [lexeme(p, phrase.prefix and i == last) for i, p in enumerate(phrase.pieces)]
        phrases.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(phrases)


# ---------------------------------------------------------------------------------------------
# Keeping the index up to date


class SearchableText(NamedTuple):
    """A text readers can find a story by: the publishable one or an approved translation."""

    language: str
    title: str | None
    text: str
    is_translation: bool


def searchable_texts(story: Story) -> list[SearchableText]:
    """The publishable title and text of a public story, then its approved translations; none
    for a story the public may not read."""
    from .translations import public_translations

    revision = story.current_revision
    if revision is None or not is_public(story):
        return []
    texts = [SearchableText(story.story_language, revision.title, revision.text, False)]
    texts.extend(
        SearchableText(t.language, t.title, t.text, True) for t in public_translations(story)
    )
    return texts


def story_index_text(story: Story) -> str | None:
    """The indexed words of a story, or None when the public may not read it."""
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
        wanted = {story.id: story_index_text(story) for story in stories}
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


# ---------------------------------------------------------------------------------------------
# Marking what matched, in the text as the reader sees it


class _FoldedText:
    """A text and its folded form, with the way back from folded offsets to the text's own."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = text.translate(_FOLD)
        # Where each character of the text starts in the folded form; None when every
        # character folds to exactly one (almost always), so offsets are the same.
        self.starts: list[int] | None = None
        if not _FOLD.uneven.isdisjoint(text):
            self.starts = [0, *accumulate(len(_FOLD[ord(char)]) for char in text)]

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text that folded into `folded[start:end]`."""
        if self.starts is None:
            return start, end
        return bisect_right(self.starts, start) - 1, bisect_left(self.starts, end)

    def to_folded(self, offset: int) -> int:
        return offset if self.starts is None else self.starts[offset]


_PAIRED_CHAR = re.compile(f"[{_PAIRED}]")
_WORD_CHAR = f"[^\\s{_PAIRED}]"


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Where the terms stand in folded text, as the index finds them: a word as a whole word,
    a run of a paired script anywhere."""
    alternatives = [
        re.escape(term)
        if _PAIRED_CHAR.match(term)
        else f"(?<!{_WORD_CHAR}){re.escape(term)}(?!{_WORD_CHAR})"
        for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives)) if alternatives else None


EXCERPT_CHARS = 240
EXCERPT_LEAD = 60
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> Markup:
    # Paragraph breaks become spaces in a one-line excerpt.
    return escape(_SPACES.sub(" ", text))


def _marked(folded: _FoldedText, pattern: re.Pattern[str], start: int, end: int) -> Markup:
    """`text[start:end]` escaped, each match wrapped in <mark>: the reader's text is escaped
    first, and only the tags are markup."""
    text = folded.text
    parts: list[Markup] = []
    cursor = start
    folded_end = folded.to_folded(end)
    for match in pattern.finditer(folded.folded, folded.to_folded(start)):
        if match.start() >= folded_end:
            break
        mark_start, mark_end = folded.to_text(match.start(), min(match.end(), folded_end))
        mark_start = max(mark_start, cursor)
        if mark_end <= mark_start:
            continue
        parts.append(_plain(text[cursor:mark_start]))
        parts.append(Markup("<mark>{}</mark>").format(_plain(text[mark_start:mark_end])))
        cursor = mark_end
    parts.append(_plain(text[cursor:end]))
    return Markup("").join(parts)


def _window(text: str, first: int) -> tuple[int, int]:
    """About EXCERPT_CHARS characters of `text` showing offset `first`, cut at spaces where the
    text has them (Chinese and Japanese have none)."""
    if len(text) <= EXCERPT_CHARS:
        return 0, len(text)
    start = max(0, first - EXCERPT_LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + EXCERPT_CHARS)
    if end < len(text):
        space = text.rfind(" ", max(first + 1, end - 40), end)
        end = space if space != -1 else end
    return start, end


def excerpt(text: str, pattern: re.Pattern[str] | None) -> Markup:
    """A stretch of `text` around the first match, every match in it marked (the opening of
    the text when nothing in it matches)."""
    folded = _FoldedText(text)
    match = pattern.search(folded.folded) if pattern is not None else None
    first = folded.to_text(match.start(), match.end())[0] if match else 0
    start, end = _window(text, first)
    body = _marked(folded, pattern, start, end) if pattern is not None else _plain(text[start:end])
    before = ELLIPSIS if start else ""
    after = ELLIPSIS if end < len(text) else ""
    # `body` is Markup already; the ellipses are escaped as they are joined to it.
    return before + body.strip() + after


def highlight(text: str, pattern: re.Pattern[str] | None) -> Markup:
    """All of a short text (a title), escaped, matches marked."""
    if pattern is None:
        return _plain(text)
    return _marked(_FoldedText(text), pattern, 0, len(text))


# ---------------------------------------------------------------------------------------------
# Searching


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
class SearchResults:
    """One page of the public stories that match, best first."""

    query: str
    terms: tuple[str, ...]
    hits: list[SearchHit]
    page: int
    per_page: int
    # Matches are counted up to MATCH_LIMIT; `total_is_capped` says there are more than that.
    total: int
    total_is_capped: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


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


def _hit(story: Story, pattern: re.Pattern[str] | None, language: str | None) -> SearchHit | None:
    """How a found story is shown: the text with the most distinct terms in it, preferring the
    reader's language, then the original."""

    def preference(numbered: tuple[int, SearchableText]) -> tuple[int, bool, int]:
        position, item = numbered
        found = 0
        if pattern is not None:
            folded = f"{item.title or ''}\n{item.text}".translate(_FOLD)
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
                select(Story).where(Story.id.in_(ids)).options(*public_loading())
            )
        }
        pattern = term_pattern(parsed.terms)
        found = (_hit(stories[i], pattern, language) for i in ids if i in stories)
        hits = [hit for hit in found if hit is not None]
    return SearchResults(
        query=parsed.text,
        terms=parsed.terms,
        hits=hits,
        page=page,
        per_page=per_page,
        total=total,
        total_is_capped=len(matches) > MATCH_LIMIT,
    )


def init_app() -> None:
    """Keep the index current: every change the public can see reindexes its stories, in the
    same transaction."""
    from ..db import editions

    editions.on_public_change(reindex_stories)
