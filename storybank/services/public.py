"""What the public may see: one definition, used by every public surface."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, and_, func, literal, select, type_coerce
from sqlalchemy.orm import QueryableAttribute, joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption
from sqlalchemy.sql.elements import ColumnElement

from ..db.pagination import Page, paginate
from ..extensions import db
from ..models import (
    Attribution,
    Campaign,
    ConsentRecord,
    Media,
    MediaKind,
    Scope,
    Story,
    StoryState,
    StoryTranslation,
    Theme,
)
from ..models.story import story_themes


def has_scope(column: QueryableAttribute[frozenset[str]], scope: Scope) -> ColumnElement[bool]:
    """SQL: a stored scope set contains `scope` (portable across databases)."""
    padded = literal(" ", String) + type_coerce(column, String) + literal(" ", String)
    return padded.like(literal(f"% {scope.value} %", String))


def public_stories() -> Select[Story]:
    """Stories the public may see now: published, current consent includes `publish`."""
    return (
        select(Story)
        .join(
            ConsentRecord,
            and_(ConsentRecord.story_id == Story.id, ConsentRecord.is_current.is_(True)),
        )
        .where(
            Story.state == StoryState.PUBLISHED,
            Story.withdrawn_at.is_(None),
            has_scope(ConsentRecord.current_scopes, Scope.PUBLISH),
        )
    )


def public_ids(story_ids: Iterable[int]) -> set[int]:
    """Which of these stories the public may see now: `public_stories()` asked, not restated."""
    ids = list(story_ids)
    if not ids:
        return set()
    query = public_stories().with_only_columns(Story.id).where(Story.id.in_(ids))
    return set(db.session.scalars(query))


def is_public(story: Story) -> bool:
    """Whether the public may see this story now (one query; lists use `public_stories()`)."""
    return story.id in public_ids([story.id])


def attribution_text(story: Story) -> str | None:
    """The storyteller's name exactly as they chose it to be shown; None for anonymous."""
    consent = story.current_consent
    if consent is None:
        return None
    if consent.attribution is Attribution.FULL_NAME:
        return story.storyteller_name or None
    if consent.attribution.uses_shown_name:
        return consent.shown_name or None
    return None


# ---------------------------------------------------------------------------------------------
# One public story, as every surface shows it


class NotPublic(Exception):
    """The story cannot be shown: `status` is 404 (never or not now public) or 410 (withdrawn)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def public_loading() -> tuple[ExecutableOption, ...]:
    """What every public surface reads of a story, loaded in a few queries for a whole page."""
    return (
        selectinload(Story.revisions),
        selectinload(Story.consent_records),
        selectinload(Story.themes),
        selectinload(Story.translations),
        selectinload(Story.media),
        joinedload(Story.campaign),
    )


def find_public(public_id: str) -> Story:
    """The story readers may see at this id, or NotPublic (410 once the storyteller took it back,
    404 for any other story the public may not see now, and for ids that never existed)."""
    story = db.session.scalar(
        public_stories().where(Story.public_id == public_id).options(*public_loading())
    )
    if story is not None and story.current_revision is not None:
        return story
    state = db.session.scalar(select(Story.state).where(Story.public_id == public_id))
    raise NotPublic(410 if state is StoryState.WITHDRAWN else 404)


@dataclass(frozen=True)
class PublicStory:
    """What the public may see of a story: the publishable text, never the original."""

    story: Story
    public_id: str
    title: str | None
    text: str
    language: str
    attribution: str | None
    themes: list[Theme]
    region: str | None
    campaign: Campaign | None
    published_at: datetime
    # Approved translations of the current text, by language.
    translations: dict[str, StoryTranslation]
    media: list[Media]

    @property
    def photo(self) -> Media | None:
        return next((m for m in self.media if m.kind is MediaKind.PHOTO), None)

    @property
    def audio(self) -> Media | None:
        return next((m for m in self.media if m.kind is MediaKind.AUDIO), None)

    def translation_for(self, language: str) -> StoryTranslation | None:
        """The approved translation into `language` (None when the story is in it already)."""
        if language == self.language:
            return None
        return self.translations.get(language)


def public_view(story: Story) -> PublicStory:
    """The public face of a story from `public_stories()`: only what readers may see."""
    from .translations import public_translations

    revision = story.current_revision
    assert revision is not None and story.published_at is not None
    return PublicStory(
        story=story,
        public_id=story.public_id,
        title=revision.title,
        text=revision.text,
        language=story.story_language,
        attribution=attribution_text(story),
        themes=list(story.themes),
        region=story.region,
        campaign=story.campaign,
        published_at=story.published_at,
        translations={t.language: t for t in public_translations(story)},
        media=list(story.media),
    )


# ---------------------------------------------------------------------------------------------
# Lists: filters that combine, counts, pages


@dataclass(frozen=True)
class StoryFilters:
    """The reader's choice of theme, story language, region (US state) and campaign."""

    theme: str | None = None
    language: str | None = None
    region: str | None = None
    campaign: str | None = None

    @property
    def active(self) -> bool:
        return any((self.theme, self.language, self.region, self.campaign))

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (the names readers and the API use)."""
        pairs = {
            "theme": self.theme,
            "lang": self.language,
            "region": self.region,
            "campaign": self.campaign,
        }
        return {name: value for name, value in pairs.items() if value}

    def without(self, facet: str) -> StoryFilters:
        return replace(self, **{facet: None})

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.theme:
            query = query.where(Story.themes.any(Theme.slug == self.theme))
        if self.language:
            query = query.where(Story.story_language == self.language)
        if self.region:
            query = query.where(Story.region == self.region)
        if self.campaign:
            query = query.where(Story.campaign.has(Campaign.slug == self.campaign))
        return query


FACETS = ("theme", "language", "region", "campaign")


def facet_counts(filters: StoryFilters) -> dict[str, dict[str, int]]:
    """For each filter, how many public stories each of its values would show, given the other
    filters as chosen (so the counts always add up to what a click would list)."""
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        # Grouped within the public query itself, so the covering indexes answer it.
        query = filters.without(facet).apply(public_stories())
        if facet == "theme":
            key: Any = Theme.slug
            query = query.join(story_themes, story_themes.c.story_id == Story.id).join(
                Theme, Theme.id == story_themes.c.theme_id
            )
        elif facet == "campaign":
            key = Campaign.slug
            query = query.join(Campaign, Campaign.id == Story.campaign_id)
        else:
            key = Story.story_language if facet == "language" else Story.region
            query = query.where(key.is_not(None))
        rows = db.session.execute(query.with_only_columns(key, func.count()).group_by(key))
        counts[facet] = {value: number for value, number in rows}
    return counts


def newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(Story.published_at.desc(), Story.id.desc())


def page_of_public(filters: StoryFilters, number: int, per_page: int) -> Page[Story]:
    """Page `number` of the public stories that match `filters`, newest first."""
    query = newest_first(filters.apply(public_stories())).options(*public_loading())
    return paginate(db.session, query, number, per_page)
