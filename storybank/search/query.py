"""The reader's query: parsed into phrases to find and terms to mark, and written out in the
syntax of each database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .folding import FOLD, MAX_WORD_CHARS, folded_tokens, index_text

# A longer query is cut here: nobody types more, and each piece costs a lookup.
MAX_QUERY_CHARS = 200
MAX_QUERY_PIECES = 32


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
        tokens = list(folded_tokens(chunk.translate(FOLD)))
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
