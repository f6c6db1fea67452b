"""Which stories may be put to a use beyond the website (SPEC §10): one named query, like
`public_stories()` for the website, that every packet and export goes through.

A story is eligible for advocacy, the press or elected officials when the moderators have
finished with it (`approved`, or `published`), the storyteller's current consent includes that
use, and it was not withdrawn. An export for the website's own use (`publish`) is exactly what
the public may see.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from sqlalchemy import Select, and_, select

from ..extensions import db
from ..models import ConsentRecord, Scope, Story, StoryState
from .public import has_scope, public_stories

# The states in which the moderators have finished with a story.
FINISHED_STATES = (StoryState.APPROVED, StoryState.PUBLISHED)


class Use(enum.StrEnum):
    """What the organization puts stories to: each is a consent scope the storyteller chose."""

    PUBLISH = "publish"
    ADVOCACY = "advocacy"
    PRESS = "press"
    OFFICIALS = "officials"

    @property
    def scope(self) -> Scope:
        return Scope(self.value)


# Packets are made for the uses beyond the website.
PACKET_USES = (Use.ADVOCACY, Use.PRESS, Use.OFFICIALS)


def eligible_stories(use: Use) -> Select[Story]:
    """Stories that may be put to `use` now (checked again at every download)."""
    if use is Use.PUBLISH:
        return public_stories()
    return (
        select(Story)
        .join(
            ConsentRecord,
            and_(ConsentRecord.story_id == Story.id, ConsentRecord.is_current.is_(True)),
        )
        .where(
            Story.state.in_(FINISHED_STATES),
            Story.withdrawn_at.is_(None),
            has_scope(ConsentRecord.current_scopes, use.scope),
        )
    )


def eligible_ids(use: Use, story_ids: Iterable[int]) -> set[int]:
    """Which of these stories may be put to `use` now."""
    ids = list(story_ids)
    if not ids:
        return set()
    query = eligible_stories(use).with_only_columns(Story.id).where(Story.id.in_(ids))
    return set(db.session.scalars(query))
