"""What a storyteller can do with their claim code: see the story's path, answer a question,
narrow their consent, and take the story back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import claimcode
from ..backup import ledger
from ..extensions import db
from ..models import (
    ActorKind,
    AuditEvent,
    ConsentEvent,
    ConsentEventKind,
    MessageAuthor,
    PublishableRevision,
    RevisionReason,
    Scope,
    Story,
    StoryMessage,
    StoryState,
)
from ..models._types import utcnow
from ..refusals import Refused
from . import audit
from .lifecycle import move
from .moderation import refresh_flag_count

STORYTELLER = ActorKind.STORYTELLER
_log = logging.getLogger(__name__)


class StorytellerActionRefused(Refused):
    """The action does not apply to the story as it is now; `message` says why, kindly."""


@dataclass(frozen=True)
class Step:
    """One state the story has been in, and since when."""

    state: StoryState
    at: datetime


def find_by_code(entered: str, *, for_change: bool = False) -> Story | None:
    """The story a claim code opens (case, spaces and dashes ignored), if any. `for_change`
    locks its row until the transaction ends, so that the same form sent twice at once (a
    double click on "Take it back") is carried out once and then sees what the first did."""
    normalised = claimcode.normalise(entered)
    if normalised is None:
        return None
    query = select(Story).where(Story.claim_code_hash == claimcode.digest(normalised))
    return db.session.scalar(query.with_for_update() if for_change else query)


def history(story: Story) -> list[Step]:
    """The states the story went through, oldest first, from the audit trail."""
    events = db.session.execute(
        select(AuditEvent.to_state, AuditEvent.occurred_at)
        .where(AuditEvent.story_id == story.id, AuditEvent.to_state.is_not(None))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    steps = [Step(StoryState(state), at) for state, at in events if state]
    if not steps or steps[0].state is not StoryState.SUBMITTED:
        steps.insert(0, Step(StoryState.SUBMITTED, story.submitted_at))
    return steps


def open_question(story: Story) -> StoryMessage | None:
    """The moderator's question waiting for the storyteller's answer."""
    if story.state is not StoryState.CHANGES_REQUESTED:
        return None
    questions = [m for m in story.messages if m.author is MessageAuthor.MODERATOR]
    return questions[-1] if questions else None


def answer_question(story: Story, answer: str, body: str) -> bool:
    """Record the storyteller's answer (and revised text); the story goes back to review.

    Returns whether the text was revised.
    """
    if story.state is not StoryState.CHANGES_REQUESTED:
        raise StorytellerActionRefused(_l("There is no question waiting for your answer."))
    story.messages.append(StoryMessage(author=MessageAuthor.STORYTELLER, body=answer))
    current = story.current_revision
    revised = current is None or body != current.text
    if revised:
        story.revisions.append(
            PublishableRevision(
                number=(current.number + 1) if current else 1,
                title=current.title if current else story.title,
                text=body,
                reason=RevisionReason.STORYTELLER_REVISED,
            )
        )
        refresh_flag_count(story)
    move(
        story,
        StoryState.IN_REVIEW,
        actor_kind=STORYTELLER,
        action="story.answered",
        note="text revised" if revised else "answer only",
    )
    return revised


def narrow_consent(story: Story, keep: frozenset[Scope]) -> frozenset[Scope]:
    """Take back every permission not in `keep`; nothing can be added. Returns what was removed.

    Removing `publish` unpublishes the story at once; removing `contact` erases the contact
    details. Keeping the story at all (`store`) can only end by withdrawal.
    """
    record = story.current_consent
    if story.state is StoryState.WITHDRAWN or record is None:
        raise StorytellerActionRefused(_l("This story has been taken back already."))
    current = {Scope(value) for value in record.current_scopes}
    remaining = (current & keep) | {Scope.STORE}
    removed = frozenset(current - remaining)
    if not removed:
        return removed
    values = frozenset(scope.value for scope in remaining)
    db.session.add(ConsentEvent(record=record, kind=ConsentEventKind.NARROWED, scopes=values))
    record.current_scopes = values
    audit.record(
        "consent.narrowed",
        actor_kind=STORYTELLER,
        story=story,
        note="removed: " + ", ".join(sorted(scope.value for scope in removed)),
    )
    if Scope.PUBLISH in removed and story.state is StoryState.PUBLISHED:
        move(
            story,
            StoryState.UNPUBLISHED,
            actor_kind=STORYTELLER,
            action="story.unpublished",
            note="the storyteller took back the permission to publish",
        )
    if Scope.CONTACT in removed:
        story.contact_email = None
        story.contact_phone = None
    return removed


def withdraw(story: Story) -> None:
    """Take the story back: erase its content, leave only the tombstone of SPEC §2.

    Kept: the public id, the dates, the state history (audit events) and the consent events.
    The withdrawal is written to the withdrawal ledger first, so that restoring an older backup
    takes the story back again.
    """
    if story.state is StoryState.WITHDRAWN:
        raise StorytellerActionRefused(
            _l("You took this story back already. There is nothing more to erase.")
        )
    move(story, StoryState.WITHDRAWN, actor_kind=STORYTELLER, action="story.withdrawn")
    try:
        ledger.append(
            current_app.config["STORYBANK_WITHDRAWAL_LEDGER"],
            story.public_id,
            story.withdrawn_at or utcnow(),
        )
    except ledger.LedgerError as exc:
        # The storyteller's withdrawal goes ahead: only a later restore would miss it.
        _log.error("%s; the withdrawal is recorded in the database only", exc)
    _erase(story)


def withdraw_again(story: Story, withdrawn_at: datetime) -> None:
    """Take back, once more, a story that the withdrawal ledger lists as withdrawn but that a
    restored backup still held (it was withdrawn after the backup was made)."""
    move(
        story,
        StoryState.WITHDRAWN,
        actor_kind=ActorKind.SYSTEM,
        action="story.withdrawn",
        note="withdrawn again from the withdrawal ledger after a restore",
    )
    story.withdrawn_at = withdrawn_at
    _erase(story)


def _erase(story: Story) -> None:
    story.title = None
    story.original_text = None
    story.storyteller_name = None
    story.contact_email = None
    story.contact_phone = None
    story.region = None
    story.city = None
    story.campaign = None
    story.themes = []
    story.submission_key = None
    story.revisions.clear()
    story.translations.clear()
    story.media.clear()
    story.messages.clear()
    for record in story.consent_records:
        record.shown_name = None
        if record.is_current:
            record.current_scopes = frozenset()
            db.session.add(
                ConsentEvent(record=record, kind=ConsentEventKind.WITHDRAWN, scopes=frozenset())
            )
    db.session.flush()
