"""The decisions moderators make on a story: publish, unpublish, ask the storyteller a question,
decline (one at a time, or a batch of spam). Consent is checked when the decision is made; a
refused decision changes nothing."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from flask_babel import LazyString, lazy_ngettext
from flask_babel import lazy_gettext as _l

from ..models import Attribution, MessageAuthor, Scope, StaffUser, Story, StoryMessage, StoryState
from ..models._types import utcnow
from .lifecycle import LEGAL_TRANSITIONS, IllegalTransition, move
from .moderation import ModerationRefused, ensure_claim, refuse_withdrawn, revision_flags

S = StoryState


class Decision(enum.StrEnum):
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    REQUEST_CHANGES = "request_changes"
    DECLINE = "decline"

    @property
    def label(self) -> str:
        return str(_DECISION_LABELS[self])

    @property
    def to_state(self) -> StoryState:
        return _DECISION_STATES[self]


_DECISION_LABELS = {
    Decision.PUBLISH: _l("Publish"),
    Decision.UNPUBLISH: _l("Unpublish"),
    Decision.REQUEST_CHANGES: _l("Ask the storyteller a question"),
    Decision.DECLINE: _l("Decline"),
}
_DECISION_STATES = {
    Decision.PUBLISH: S.PUBLISHED,
    Decision.UNPUBLISH: S.UNPUBLISHED,
    Decision.REQUEST_CHANGES: S.CHANGES_REQUESTED,
    Decision.DECLINE: S.DECLINED,
}


def parse_decision(value: str | None) -> Decision:
    try:
        return Decision(value or "")
    except ValueError as unknown:
        raise ModerationRefused(
            _l("Choose one of the decisions offered on the page. Nothing was changed."), 400
        ) from unknown


def publish_problem(story: Story) -> LazyString | None:
    """Why the story cannot be published as it is, or None. Checked again at the decision."""
    consent = story.current_consent
    if story.state is S.WITHDRAWN or consent is None:
        return _l("The storyteller took this story back. Nothing more can be done with it.")
    if not consent.allows(Scope.PUBLISH):
        return _l(
            "The storyteller did not allow publishing this story, so it cannot be published. "
            "It may still be used as they allowed."
        )
    revision = story.current_revision
    if revision is None or not revision.text.strip():
        return _l("There is no text readers could see. Write the publishable text first.")
    if consent.attribution is Attribution.FULL_NAME and not story.storyteller_name:
        return _l("The storyteller chose to be named, but gave no name. Ask them first.")
    if consent.attribution.uses_shown_name and not consent.shown_name:
        return _l("The storyteller gave no name to show. Ask them first.")
    return None


def decide(
    story: Story,
    user: StaffUser,
    decision_value: str | None,
    note: str = "",
    *,
    confirm_flags: bool = False,
) -> Decision:
    """Make a decision; a decision on a story nobody has claimed claims it first."""
    decision = parse_decision(decision_value)
    refuse_withdrawn(story)
    if decision not in legal_decisions(story):
        raise ModerationRefused(str(IllegalTransition(story, decision.to_state)))
    if decision is Decision.PUBLISH:
        problem = publish_problem(story)
        if problem is not None:
            raise ModerationRefused(problem)
        # Counted afresh: what matters is the text as it is now, not a stored count.
        left = len(revision_flags(story))
        if left and not confirm_flags:
            raise ModerationRefused(
                lazy_ngettext(
                    "%(num)d detail that may identify the storyteller is still marked in the "
                    "text. Redact it, or confirm that it is safe to publish.",
                    "%(num)d details that may identify the storyteller are still marked in the "
                    "text. Redact them, or confirm that they are safe to publish.",
                    left,
                ),
                400,
            )
    if decision is Decision.REQUEST_CHANGES and not note.strip():
        raise ModerationRefused(
            _l("Write the question for the storyteller. They will read it on their status page."),
            400,
        )
    ensure_claim(story, user)
    if decision is Decision.REQUEST_CHANGES:
        story.messages.append(
            StoryMessage(
                author=MessageAuthor.MODERATOR, staff_user=user, body=note, created_at=utcnow()
            )
        )
        # The question is the storyteller's to read; the audit trail does not copy it.
        audit_note = "question sent to the storyteller"
    else:
        audit_note = note
    move(
        story,
        decision.to_state,
        actor=user,
        action=f"story.{decision.to_state.value}",
        note=audit_note,
    )
    return decision


def legal_decisions(story: Story) -> list[Decision]:
    """The decisions the lifecycle allows now, counting the claim that takes a new story to
    review (consent is checked separately, when the decision is made)."""
    start = S.IN_REVIEW if story.state is S.SUBMITTED else story.state
    return [d for d in Decision if d.to_state in LEGAL_TRANSITIONS[start]]


def decline_as_spam(stories: Sequence[Story], user: StaffUser) -> tuple[int, int]:
    """Decline several stories as spam; returns how many were declined and how many were left
    (taken back, decided already, or held by someone else)."""
    declined = skipped = 0
    for story in stories:
        if story.state not in (S.SUBMITTED, S.IN_REVIEW) or story.assigned_to_id not in (
            None,
            user.id,
        ):
            skipped += 1
            continue
        decide(story, user, Decision.DECLINE.value, "spam")
        declined += 1
    return declined, skipped
