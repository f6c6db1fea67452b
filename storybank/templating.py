"""Template helpers: the organisation, story text rendered as escaped paragraphs, and moments
written for machines."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup, escape

from .i18n import lang_attrs

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str | None) -> Markup:
    """Plain text as HTML paragraphs: escaped first, then blank lines split paragraphs."""
    if not text:
        return Markup("")
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    parts = []
    for block in _PARAGRAPH_BREAK.split(normalised):
        lines = [escape(line) for line in block.strip().split("\n")]
        parts.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(lines)))
    return Markup("\n").join(parts)


def excerpt(text: str | None, length: int = 220) -> str:
    """The start of a text, about `length` columns wide (CJK characters count double),
    cut at a word boundary where the script has them."""
    if not text:
        return ""
    flat = " ".join(text.split())
    width, end = 0, len(flat)
    for index, char in enumerate(flat):
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if width > length:
            end = index
            break
    if end == len(flat):
        return flat
    cut = flat[:end]
    space = cut.rfind(" ")
    if space > end * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:、，。") + "…"


def rfc3339(moment: datetime) -> str:
    """A moment as RFC 3339 in UTC, to the second (2026-11-21T04:24:33Z): what `<time datetime>`,
    feeds, sitemaps and the API carry (HTML allows at most three digits of a second)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def verbatim(value: Any, language: str | None = None) -> Markup:
    """A name, address or code that belongs to someone, not to the interface: kept apart from
    the surrounding text's direction, and left alone by translation (ours and the browser's).
    With a `language` (a storyteller's name or city, in the story's), it also carries that
    language's `lang` and `dir`."""
    if language is None:
        return Markup('<bdi translate="no">{}</bdi>').format(value)
    return Markup('<bdi translate="no"{}>{}</bdi>').format(lang_attrs(language), value)


def _context() -> dict[str, Any]:
    return {"organisation": current_app.config["STORYBANK_ORGANISATION"]}


def init_app(app: Flask) -> None:
    from .regions import region_name

    app.jinja_env.filters.update(
        paragraphs=paragraphs, excerpt=excerpt, verbatim=verbatim, rfc3339=rfc3339
    )
    app.jinja_env.globals.update(region_name=region_name)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # {% trans %} blocks collapse whitespace, as the extractor (babel.cfg) does.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.context_processor(_context)
