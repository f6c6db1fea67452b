"""Translations of a story's publishable text: translators save them, moderators approve or reject
them, and readers get only approved translations of the text they can read now. Translators work
only on public stories and only ever see the current publishable revision."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, func, select

from ..extensions import db
from ..i18n import STORY_LANGUAGES
from ..models import (
    AuditEvent,
    PublishableRevision,
    StaffUser,
    Story,
    StoryState,
    StoryTranslation,
    TranslationState,
)
from ..models._types import utcnow
from . import audit
from .moderation import ModerationRefused
from .public import is_public, public_stories

T = TranslationState

# Translations a moderator still has to look at.
WAITING_STATES = (T.DRAFT, T.IN_REVIEW)


class TranslationRefused(ModerationRefused):
    """The translation action cannot be done as things are; `message` says why."""


# ---------------------------------------------------------------------------------------------
# What may be translated


def require_public(story: Story | None) -> Story:
    """The story, if the public may read it now: translators see only what readers see."""
    if story is None:
        raise TranslationRefused(_l("There is no such story."), 404)
    if story.state is StoryState.WITHDRAWN:
        raise TranslationRefused(
            _l("The storyteller took this story back. It can no longer be translated."), 410
        )
    if not is_public(story) or story.current_revision is None:
        raise TranslationRefused(
            _l("This story is not published now, so it cannot be translated."), 404
        )
    return story


def target_languages(story: Story) -> tuple[str, ...]:
    """The languages the story can be translated into: any story language but its own."""
    return tuple(tag for tag in STORY_LANGUAGES if tag != story.story_language)


def require_target_language(story: Story, language: str) -> str:
    if language not in target_languages(story):
        raise TranslationRefused(_l("The story cannot be translated into this language."), 404)
    return language


def find_translation(story: Story, language: str) -> StoryTranslation | None:
    return next((t for t in story.translations if t.language == language), None)


def is_stale(translation: StoryTranslation) -> bool:
    """Whether the translation was made from an older text than readers see now (details may
    have been redacted since, so it must not be approved or shown as it is)."""
    current = translation.story.current_revision
    return current is None or translation.source_revision_number != current.number


def public_translations(story: Story) -> list[StoryTranslation]:
    """What readers may see of a story the public may read (one from `public_stories()`):
    approved translations made from the current publishable text."""
    return sorted(
        (t for t in story.translations if t.review_state is T.APPROVED and not is_stale(t)),
        key=lambda t: t.language,
    )


def fingerprint(translation: StoryTranslation) -> str:
    """A short digest of the translation as shown, so a decision applies to the text that was
    read: a translation saved again meanwhile is not approved unseen."""
    content = "\x1f".join(
        (
            translation.language,
            str(translation.source_revision_number or ""),
            translation.title or "",
            translation.text,
        )
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------
# Saving


def save_translation(
    story: Story,
    user: StaffUser,
    language: str,
    title: str,
    text: str,
    base_revision: str | int | None,
) -> StoryTranslation | None:
    """Create or update the translation into `language` from the current publishable revision;
    it goes (back) to draft and waits for approval. None when nothing changed."""
    require_public(story)
    require_target_language(story, language)
    current = story.current_revision
    assert current is not None  # require_public checked it
    if str(base_revision) != str(current.number):
        # Translating an older text would let details redacted since come back in the translation.
        raise TranslationRefused(
            _l(
                "The text readers see changed while you were translating. Nothing was saved. "
                "Compare your translation with the current text beside it, then save again."
            )
        )
    translation = find_translation(story, language)
    if (
        translation is not None
        and translation.review_state is not T.REJECTED
        and translation.source_revision_number == current.number
        and translation.title == (title or None)
        and translation.text == text
    ):
        return None
    if translation is None:
        translation = StoryTranslation(language=language, created_at=utcnow())
        story.translations.append(translation)
    translation.title = title or None
    translation.text = text
    translation.is_machine = False
    translation.translator_id = user.id
    translation.source_revision_number = current.number
    # A changed translation has not been reviewed: it needs approving again.
    translation.review_state = T.DRAFT
    translation.reviewed_by_id = None
    translation.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "translation.saved",
        actor=user,
        story=story,
        note=f"language={language}; revision={current.number}",
    )
    return translation


# ---------------------------------------------------------------------------------------------
# Decisions


class TranslationDecision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return str(_DECISION_LABELS[self])


_DECISION_LABELS = {
    TranslationDecision.APPROVE: _l("Approve: readers may see this translation"),
    TranslationDecision.REJECT: _l("Send back to the translator for rework"),
}


def parse_decision(value: str | None) -> TranslationDecision:
    try:
        return TranslationDecision(value or "")
    except ValueError as unknown:
        raise TranslationRefused(
            _l("Choose one of the decisions offered on the page. Nothing was changed."), 400
        ) from unknown


def decide(
    story: Story,
    user: StaffUser,
    language: str,
    decision_value: str | None,
    seen: str | None,
    note: str = "",
) -> TranslationDecision:
    """Approve or reject the translation into `language`, as the moderator saw it."""
    require_public(story)
    require_target_language(story, language)
    translation = find_translation(story, language)
    if translation is None:
        raise TranslationRefused(_l("There is no translation into this language yet."), 404)
    decision = parse_decision(decision_value)
    if seen != fingerprint(translation):
        raise TranslationRefused(
            _l(
                "The translation was saved again while you were reading it. Nothing was "
                "changed. Read the new version below before you decide."
            )
        )
    if decision is TranslationDecision.APPROVE and is_stale(translation):
        raise TranslationRefused(
            _l(
                "This translation was made from an older version of the text, and details may "
                "have been removed from the text since. It cannot be approved. Send it back to "
                "the translator to update it."
            )
        )
    translation.review_state = T.APPROVED if decision is TranslationDecision.APPROVE else T.REJECTED
    translation.reviewed_by_id = user.id
    db.session.flush()
    audit_note = f"language={language}; revision={translation.source_revision_number}"
    if note:
        # The note is for the translator and other staff, written by the moderator.
        audit_note += f"; note={note}"
    audit.record(
        "translation.approved"
        if decision is TranslationDecision.APPROVE
        else "translation.rejected",
        actor=user,
        story=story,
        note=audit_note,
    )
    return decision


def rejection_note(translation: StoryTranslation) -> str | None:
    """The moderator's note with the latest rejection of this translation, if any."""
    if translation.review_state is not T.REJECTED:
        return None
    prefix = f"language={translation.language}; "
    notes = db.session.scalars(
        select(AuditEvent.note)
        .where(
            AuditEvent.story_id == translation.story_id,
            AuditEvent.action == "translation.rejected",
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    for note in notes:
        if note and note.startswith(prefix):
            _before, found, text = note.partition("; note=")
            return text if found else None
    return None


# ---------------------------------------------------------------------------------------------
# Lists


class ListStatus(enum.StrEnum):
    """Which public stories the translators' list shows, for a chosen target language."""

    ALL = "all"
    UNTRANSLATED = "untranslated"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class ListFilters:
    language: str = ""  # the language translated into; "" for any
    status: ListStatus = ListStatus.ALL


def translatable_query(filters: ListFilters) -> Select[Story]:
    """Public stories, newest published first, narrowed to a target language when one is chosen."""
    query = public_stories()
    if filters.language:
        query = query.where(Story.story_language != filters.language)
        into_language = and_(
            StoryTranslation.story_id == Story.id, StoryTranslation.language == filters.language
        )
        if filters.status is ListStatus.UNTRANSLATED:
            query = query.where(~exists().where(into_language))
        elif filters.status is ListStatus.OUTDATED:
            current_number = (
                select(func.max(PublishableRevision.number))
                .where(PublishableRevision.story_id == Story.id)
                .correlate(Story)
                .scalar_subquery()
            )
            query = query.where(
                exists().where(
                    into_language,
                    StoryTranslation.source_revision_number.is_distinct_from(current_number),
                )
            )
    return query.order_by(Story.published_at.desc(), Story.id.desc())


def waiting_query() -> Select[StoryTranslation]:
    """Translations of public stories waiting for a moderator's decision, oldest first."""
    public_ids = public_stories().with_only_columns(Story.id)
    return (
        select(StoryTranslation)
        .where(
            StoryTranslation.review_state.in_(WAITING_STATES),
            StoryTranslation.story_id.in_(public_ids),
        )
        .order_by(StoryTranslation.updated_at, StoryTranslation.id)
    )
