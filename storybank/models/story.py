"""Stories, their publishable revisions, translations and the messages with the storyteller."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..crypto import EncryptedText
from ..extensions import Model, db
from ._types import UTCDateTime, new_public_id, string_enum, utcnow

if TYPE_CHECKING:
    from .consent import ConsentRecord
    from .media import Media
    from .staff import StaffUser
    from .taxonomy import Campaign, Theme


class StoryState(enum.StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    # The final text differs from the original: the storyteller approves it first (SPEC §2).
    AWAITING_STORYTELLER = "awaiting_storyteller"
    # Finished, not on the website: ready for the uses the storyteller's consent allows.
    APPROVED = "approved"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The state as the storyteller reads it on their status page."""
        return str(_STATE_LABELS[self])

    @property
    def staff_label(self) -> str:
        """The state as staff read it in the queue and on the review page."""
        return str(_STAFF_STATE_LABELS[self])


_STAFF_STATE_LABELS = {
    StoryState.SUBMITTED: _l("New"),
    StoryState.IN_REVIEW: _l("In review"),
    StoryState.CHANGES_REQUESTED: _l("Waiting for the storyteller"),
    StoryState.AWAITING_STORYTELLER: _l("Waiting for the storyteller's approval"),
    StoryState.APPROVED: _l("Approved"),
    StoryState.PUBLISHED: _l("Published"),
    StoryState.UNPUBLISHED: _l("Unpublished"),
    StoryState.DECLINED: _l("Declined"),
    StoryState.WITHDRAWN: _l("Withdrawn"),
}

_STATE_LABELS = {
    StoryState.SUBMITTED: _l("Received"),
    StoryState.IN_REVIEW: _l("In review"),
    StoryState.CHANGES_REQUESTED: _l("Your answer needed"),
    StoryState.AWAITING_STORYTELLER: _l("Your approval needed"),
    StoryState.APPROVED: _l("Finished, not on the website"),
    StoryState.PUBLISHED: _l("Published"),
    StoryState.UNPUBLISHED: _l("Not published now"),
    StoryState.DECLINED: _l("Declined"),
    StoryState.WITHDRAWN: _l("Withdrawn"),
}


story_themes = Table(
    "story_themes",
    db.metadata,
    Column("story_id", ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Story(Model):
    """A storyteller's story: the original as told, private details encrypted, and its state."""

    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint(
            "(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name="withdrawn_has_time"
        ),
        CheckConstraint(
            "state NOT IN ('published', 'unpublished') OR published_at IS NOT NULL",
            name="published_has_time",
        ),
        CheckConstraint(
            "state = 'withdrawn' OR original_text IS NOT NULL", name="text_until_withdrawn"
        ),
        CheckConstraint("region IS NULL OR length(region) = 2", name="region_code"),
        CheckConstraint("flag_count >= 0", name="flag_count_positive"),
        CheckConstraint("length(story_language) BETWEEN 2 AND 35", name="language_tag"),
        Index("ix_stories_state_submitted_at", "state", "submitted_at"),
        # Covers the story half of `public_stories()` and the list's filters and counts, newest
        # first, without reading the (large) story rows.
        Index(
            "ix_stories_public",
            "state",
            "published_at",
            "withdrawn_at",
            "id",
            "story_language",
            "region",
            "campaign_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    state: Mapped[StoryState] = mapped_column(
        string_enum(StoryState, "state"), default=StoryState.SUBMITTED
    )
    story_language: Mapped[str] = mapped_column(String(35))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(200))
    # The storyteller's text exactly as told (NFC-normalised); readers never see it directly.
    original_text: Mapped[str | None] = mapped_column(Text)
    storyteller_name: Mapped[str | None] = mapped_column(EncryptedText)
    contact_email: Mapped[str | None] = mapped_column(EncryptedText)
    contact_phone: Mapped[str | None] = mapped_column(EncryptedText)
    region: Mapped[str | None] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    # A keyed hash of the claim code; the code itself is never stored.
    claim_code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    # The submission form's idempotency key: the same form posted twice stores one story.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # How many identifying details the publishable text still holds (kept with each revision).
    flag_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[Campaign | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=story_themes, order_by="Theme.position")
    assigned_to: Mapped[StaffUser | None] = relationship()
    revisions: Mapped[list[PublishableRevision]] = relationship(
        back_populates="story",
        cascade="all, delete-orphan",
        order_by="PublishableRevision.number",
    )
    translations: Mapped[list[StoryTranslation]] = relationship(
        back_populates="story", cascade="all, delete-orphan"
    )
    messages: Mapped[list[StoryMessage]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryMessage.created_at"
    )
    consent_records: Mapped[list[ConsentRecord]] = relationship(
        back_populates="story", order_by="ConsentRecord.given_at"
    )
    media: Mapped[list[Media]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="Media.id"
    )

    @property
    def current_revision(self) -> PublishableRevision | None:
        """The latest publishable revision: what readers would see."""
        return self.revisions[-1] if self.revisions else None

    @property
    def current_consent(self) -> ConsentRecord | None:
        """The storyteller's consent record in force."""
        return next((r for r in reversed(self.consent_records) if r.is_current), None)


class RevisionReason(enum.StrEnum):
    """Why a new revision of the publishable text was made (none: the text as submitted)."""

    EDITED = "edited"
    REDACTED = "redacted"
    STORYTELLER_REVISED = "storyteller_revised"


class PublishableRevision(Model):
    """One version of the text readers may see; the original is never edited in place."""

    __tablename__ = "publishable_revisions"
    __table_args__ = (
        UniqueConstraint("story_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # Null when the revision comes from the storyteller (the submission or a revised answer).
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[RevisionReason | None] = mapped_column(string_enum(RevisionReason, "reason"))
    # For a redaction: the kinds of detail taken out, comma-separated (`FlagKind` values).
    redacted_kinds: Mapped[str | None] = mapped_column(String(200))

    story: Mapped[Story] = relationship(back_populates="revisions")
    created_by: Mapped[StaffUser | None] = relationship()


class TranslationState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(_TRANSLATION_LABELS[self])


_TRANSLATION_LABELS = {
    TranslationState.DRAFT: _l("Draft"),
    TranslationState.IN_REVIEW: _l("Waiting for review"),
    TranslationState.APPROVED: _l("Approved"),
    TranslationState.REJECTED: _l("Needs rework"),
}


class StoryTranslation(Model):
    """A translation of a story's publishable text into one language."""

    __tablename__ = "story_translations"
    __table_args__ = (
        UniqueConstraint("story_id", "language"),
        CheckConstraint(
            "review_state != 'approved' OR reviewed_by_id IS NOT NULL", name="approved_has_reviewer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(35))
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    review_state: Mapped[TranslationState] = mapped_column(
        string_enum(TranslationState, "review_state"), default=TranslationState.DRAFT
    )
    is_machine: Mapped[bool] = mapped_column(default=False)
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    source_revision_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    story: Mapped[Story] = relationship(back_populates="translations")
    translator: Mapped[StaffUser | None] = relationship(foreign_keys=[translator_id])
    reviewed_by: Mapped[StaffUser | None] = relationship(foreign_keys=[reviewed_by_id])


class MessageAuthor(enum.StrEnum):
    MODERATOR = "moderator"
    STORYTELLER = "storyteller"


class StoryMessage(Model):
    """A moderator's question to the storyteller, or the storyteller's answer."""

    __tablename__ = "story_messages"
    __table_args__ = (
        CheckConstraint(
            "author = 'storyteller' OR staff_user_id IS NOT NULL", name="moderator_is_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    author: Mapped[MessageAuthor] = mapped_column(string_enum(MessageAuthor, "author"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    story: Mapped[Story] = relationship(back_populates="messages")
    staff_user: Mapped[StaffUser | None] = relationship()
