"""The domain model, one module per aggregate."""

from __future__ import annotations

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
    RevisionReason,
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
    "RevisionReason",
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
