"""Noticing every change the public can see, wherever in the code it happens.

Each flush is inspected: a story that is, or was, published (or is being withdrawn), its
revisions, translations, media and consent, and the themes, campaigns and consent texts shown on
every page. Before the transaction commits, the public edition moves on (so every HTTP validator
changes in the same transaction) and the subscribers are told which stories changed (the search
index, storybank/search/, is brought up to date for them).
Submissions and reviews of unpublished stories never touch the edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any, NamedTuple

from sqlalchemy import Engine, event, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, scoped_session

from ..models import (
    Campaign,
    CampaignText,
    ConsentEvent,
    ConsentRecord,
    ConsentText,
    Media,
    PublicEdition,
    PublishableRevision,
    Story,
    StoryState,
    StoryTranslation,
    Theme,
    ThemeName,
)
from ..models._types import utcnow
from .engines import upsert

# A story in one of these states is, was, or has just stopped being visible to the public.
TOUCHES_PUBLIC = frozenset({StoryState.PUBLISHED, StoryState.UNPUBLISHED, StoryState.WITHDRAWN})
# Shown on many public pages at once (names of themes and campaigns, the consent page).
SITE_WIDE = (Theme, ThemeName, Campaign, CampaignText, ConsentText)
STORY_PARTS = (PublishableRevision, StoryTranslation, Media, ConsentRecord)

_PENDING = "storybank.public_changes"

Subscriber = Callable[[Session, set[int]], None]
_SUBSCRIBERS: list[Subscriber] = []


class Edition(NamedTuple):
    number: int
    changed_at: datetime | None


@dataclass
class PublicChanges:
    site_wide: bool = False
    stories: list[Story] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.site_wide or bool(self.stories)


def current_edition(session: Session | scoped_session[Any]) -> Edition:
    """The edition number and when it changed: one primary-key read, sent as plain SQL because
    every public request (304s included) starts with it."""
    row = session.connection().exec_driver_sql(_READ_EDITION).first()
    return _edition(row, session.get_bind().dialect)


def read_edition(engine: Engine) -> Edition:
    """`current_edition()` outside any ORM session: a pooled connection, one statement, no
    transaction of its own (on SQLite the statement is its own read transaction). For the
    conditional requests that are answered before anything else touches the database."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(_READ_EDITION)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        connection.close()
    return _edition(row, engine.dialect)


def _edition(row: Any, dialect: Dialect) -> Edition:
    if row is None:
        return Edition(0, None)
    changed = PublicEdition.__table__.c.changed_at.type.dialect_impl(dialect)
    converter = changed.result_processor(dialect, None)
    return Edition(row[0], converter(row[1]) if converter else row[1])


_READ_EDITION = "SELECT number, changed_at FROM public_editions WHERE id = 1"


def advance(session: Session | scoped_session[Any]) -> None:
    """Move the public edition on (creating its row if a database lacks it)."""
    now = utcnow()
    upsert(
        session,
        PublicEdition,
        {"id": 1, "number": 2, "changed_at": now},
        key="id",
        on_conflict={"number": PublicEdition.number + 1, "changed_at": now},
    )


def _story_of(session: Session, part: Any) -> Story | None:
    if isinstance(part, ConsentEvent):
        part = part.record
        if part is None:
            return None
    story = getattr(part, "story", None)
    if story is None and getattr(part, "story_id", None) is not None:
        story = session.get(Story, part.story_id)
    return story


def _touches_public(story: Story) -> bool:
    history = inspect(story).attrs.state.history
    states = chain([story.state], history.deleted or ())
    return any(state in TOUCHES_PUBLIC for state in states if state is not None)


def _collect(session: Session, _context: Any, _instances: Any) -> None:
    pending: PublicChanges = session.info.setdefault(_PENDING, PublicChanges())
    with session.no_autoflush:
        for obj in chain(session.new, session.dirty, session.deleted):
            if isinstance(obj, SITE_WIDE):
                pending.site_wide = True
                continue
            if isinstance(obj, Story):
                story: Story | None = obj
            elif isinstance(obj, (*STORY_PARTS, ConsentEvent)):
                story = _story_of(session, obj)
            else:
                continue
            if story is None or any(seen is story for seen in pending.stories):
                continue
            if _touches_public(story):
                pending.stories.append(story)


def _publish_changes(session: Session) -> None:
    session.flush()  # changes not flushed yet are collected by this flush
    if not session.info.get(_PENDING):
        return
    changes: PublicChanges = session.info.pop(_PENDING)
    advance(session)
    story_ids = {story.id for story in changes.stories if story.id is not None}
    if story_ids:
        for subscriber in _SUBSCRIBERS:
            subscriber(session, story_ids)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


def on_public_change(subscriber: Subscriber) -> None:
    """Call `subscriber(session, story_ids)` before every commit that changes what the public
    sees of those stories, in the same transaction (the search index keeps up this way)."""
    if subscriber not in _SUBSCRIBERS:
        _SUBSCRIBERS.append(subscriber)


def listen(session: scoped_session[Any]) -> None:
    """Watch every unit of work of the application's sessions (requests, commands, seeding)."""
    if not event.contains(session, "before_flush", _collect):
        event.listen(session, "before_flush", _collect)
        event.listen(session, "before_commit", _publish_changes)
        event.listen(session, "after_rollback", _forget)
