"""Exports (SPEC §10): every story eligible for a use, with only what may leave the organisation.

Each story carries its publishable text and approved translations, the attribution exactly as the
storyteller chose it, its language, region, themes, campaign and dates — never the original, a
name beyond the attribution, contact details, moderation notes, flags or internal ids. JSON has
the API's story shape; CSV opens in spreadsheet programs in every script (UTF-8 with a byte-order
mark) and no cell of it can be read as a formula. Stories are read a batch at a time, so an
export of any size takes the same memory.
"""

from __future__ import annotations

import csv
import enum
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..db.pagination import count
from ..extensions import db
from ..models import Story
from ..templating import rfc3339
from .eligibility import Use, eligible_stories
from .public import StoryFilters, attribution_text, public_ids, public_loading
from .translations import public_translations

BATCH_SIZE = 200
BYTE_ORDER_MARK = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
# return, may strip them and then do so); such a cell is prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "title",
    "text",
    "language",
    "attribution",
    "themes",
    "region",
    "campaign",
    "published_at",
    "url",
    "translations",
)


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True)
class Translation:
    title: str | None
    text: str


@dataclass(frozen=True)
class ExportedStory:
    """What of a story may leave the organisation for a use."""

    public_id: str
    title: str | None
    text: str
    language: str
    attribution: str | None
    themes: tuple[str, ...]
    region: str | None
    campaign: str | None
    # Set for a story readers may see now; None for one that is not on the website.
    published_at: datetime | None
    translations: dict[str, Translation]
    # The public ids of its photo and recording, for a story readers may see now (media of any
    # other story are served to nobody outside the staff area).
    media_ids: tuple[str, ...] = ()


def story_shape(story: ExportedStory, *, url: str | None, media: list[str]) -> dict[str, Any]:
    """A story as the API shows it (SPEC §6): exactly these fields, in this order."""
    return {
        "id": story.public_id,
        "title": story.title,
        "text": story.text,
        "language": story.language,
        "attribution": story.attribution,
        "themes": list(story.themes),
        "region": story.region,
        "campaign": story.campaign,
        "published_at": rfc3339(story.published_at) if story.published_at else None,
        "url": url,
        "translations": {
            language: {"title": translation.title, "text": translation.text}
            for language, translation in sorted(story.translations.items())
        },
        "media": media,
    }


def exported(story: Story, *, public: bool) -> ExportedStory:
    revision = story.current_revision
    assert revision is not None
    return ExportedStory(
        public_id=story.public_id,
        title=revision.title,
        text=revision.text,
        language=story.story_language,
        attribution=attribution_text(story),
        themes=tuple(theme.slug for theme in story.themes),
        region=story.region,
        campaign=story.campaign.slug if story.campaign is not None else None,
        published_at=story.published_at if public else None,
        translations={t.language: Translation(t.title, t.text) for t in public_translations(story)},
        media_ids=tuple(item.public_id for item in story.media) if public else (),
    )


def count_eligible(use: Use, filters: StoryFilters) -> int:
    return count(db.session, filters.apply(eligible_stories(use)).with_only_columns(Story.id))


def eligible_for_export(use: Use, filters: StoryFilters) -> Iterator[ExportedStory]:
    """Every story eligible for `use` that matches `filters`, oldest first, read a batch at a
    time (each batch forgotten before the next is read)."""
    last_id = 0
    while True:
        stories = db.session.scalars(
            filters.apply(eligible_stories(use))
            .where(Story.id > last_id)
            .order_by(Story.id)
            .limit(BATCH_SIZE)
            .options(*public_loading())
        ).all()
        if not stories:
            return
        public = public_ids(story.id for story in stories)
        batch = [
            exported(story, public=story.id in public)
            for story in stories
            if story.current_revision is not None
        ]
        last_id = stories[-1].id
        for story in stories:
            db.session.expunge(story)
        yield from batch


def neutralised(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_row(story: ExportedStory, url: str | None) -> list[str]:
    cells = [
        story.public_id,
        story.title or "",
        story.text,
        story.language,
        story.attribution or "",
        "; ".join(story.themes),
        story.region or "",
        story.campaign or "",
        rfc3339(story.published_at) if story.published_at else "",
        url or "",
        "; ".join(sorted(story.translations)),
    ]
    return [neutralised(cell) for cell in cells]


def csv_lines(
    stories: Iterable[ExportedStory], link: Callable[[ExportedStory], str | None]
) -> Iterator[str]:
    """The CSV document, a line at a time: byte-order mark and header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield BYTE_ORDER_MARK + line(CSV_COLUMNS)
    for story in stories:
        yield line(csv_row(story, link(story)))


def json_chunks(
    use: Use,
    stories: Iterable[ExportedStory],
    link: Callable[[ExportedStory], str | None],
    media: Callable[[ExportedStory], list[str]],
) -> Iterator[str]:
    """The JSON document, a story at a time: `{"use": …, "items": [story, …]}`."""
    yield '{"use": ' + json.dumps(use.value) + ', "items": ['
    for number, story in enumerate(stories):
        shape = story_shape(story, url=link(story), media=media(story))
        yield ("" if number == 0 else ", ") + json.dumps(shape, ensure_ascii=False)
    yield "]}\n"
