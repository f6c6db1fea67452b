"""The domain model, one module per aggregate."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .audit import ActorKind, AuditEvent
from .consent import (
    Attribution,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Scope,
)
from .counts import StoryStateCount
from .edition import PublicEdition
from .media import Media, MediaKind
from .search import StorySearch
from .staff import Role, StaffUser
from .story import (
    MessageAuthor,
    PublishableRevision,
    Story,
    StoryMessage,
    StoryState,
    StoryTranslation,
    TranslationState,
)
from .taxonomy import Campaign, CampaignText, Theme, ThemeName

__all__ = [
    "ActorKind",
    "AppendOnlyError",
    "Attribution",
    "AuditEvent",
    "Campaign",
    "CampaignText",
    "ConsentEvent",
    "ConsentEventKind",
    "ConsentMethod",
    "ConsentRecord",
    "ConsentText",
    "Media",
    "MediaKind",
    "MessageAuthor",
    "PublicEdition",
    "PublishableRevision",
    "Role",
    "Scope",
    "StaffUser",
    "Story",
    "StoryMessage",
    "StorySearch",
    "StoryState",
    "StoryStateCount",
    "StoryTranslation",
    "Theme",
    "ThemeName",
    "TranslationState",
]

APPEND_ONLY = (AuditEvent, ConsentEvent)


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a record that may only ever be added."""


@event.listens_for(Session, "before_flush")
def _refuse_append_only_changes(session: Session, _context: Any, _instances: Any) -> None:
    # The database refuses these too (triggers in the migrations); this names the mistake earlier.
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, APPEND_ONLY) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AppendOnlyError(f"{type(instance).__name__} records are append-only")
