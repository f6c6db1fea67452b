"""What the public may see: one definition, used by every public surface."""

from __future__ import annotations

from sqlalchemy import Select, String, and_, literal, select, type_coerce
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from ..models import Attribution, ConsentRecord, Scope, Story, StoryState


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


def is_public(story: Story) -> bool:
    """The same rule as `public_stories()`, for a story already loaded."""
    consent = story.current_consent
    return (
        story.state is StoryState.PUBLISHED
        and story.withdrawn_at is None
        and consent is not None
        and consent.allows(Scope.PUBLISH)
    )


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
