"""The story lifecycle of SPEC §2: which moves are legal, and the one function that makes them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..models import ActorKind, StaffUser, Story, StoryState
from ..models._types import utcnow
from . import audit

S = StoryState

# Every legal move. Withdrawal is honoured from every state; nothing leaves `withdrawn`.
LEGAL_TRANSITIONS: dict[StoryState, frozenset[StoryState]] = {
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset(
        {
            S.CHANGES_REQUESTED,
            S.AWAITING_STORYTELLER,
            S.APPROVED,
            S.PUBLISHED,
            S.DECLINED,
            S.WITHDRAWN,
        }
    ),
    S.CHANGES_REQUESTED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    # The storyteller approves the final text (the decision waiting on it is carried out), or
    # asks for a change (back to review with their message).
    S.AWAITING_STORYTELLER: frozenset({S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.PUBLISHED, S.WITHDRAWN}),
    S.PUBLISHED: frozenset({S.UNPUBLISHED, S.WITHDRAWN}),
    S.UNPUBLISHED: frozenset({S.PUBLISHED, S.WITHDRAWN}),
    S.DECLINED: frozenset({S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}


class IllegalTransition(ValueError):
    """The story cannot move to that state from where it is; nothing was changed."""

    def __init__(self, story: Story, to_state: StoryState) -> None:
        super().__init__(
            _l(
                "This story is “%(current)s” and cannot become “%(wanted)s”.",
                current=story.state.staff_label,
                wanted=to_state.staff_label,
            )
        )
        self.from_state = story.state
        self.to_state = to_state


def can_move(story: Story, to_state: StoryState) -> bool:
    return to_state in LEGAL_TRANSITIONS[story.state]


def move(
    story: Story,
    to_state: StoryState,
    *,
    actor: StaffUser | None = None,
    actor_kind: ActorKind | None = None,
    action: str = "story.state_changed",
    note: str | None = None,
) -> None:
    """Move a story to `to_state` and write the audit event; refuses an illegal move."""
    if not can_move(story, to_state):
        raise IllegalTransition(story, to_state)
    from_state = story.state
    now = utcnow()
    story.state = to_state
    if to_state is StoryState.PUBLISHED and story.published_at is None:
        # A story published again keeps the date it first appeared.
        story.published_at = now
    elif to_state is StoryState.WITHDRAWN:
        story.withdrawn_at = now
    audit.record(
        action,
        actor=actor,
        actor_kind=actor_kind,
        story=story,
        from_state=from_state.value,
        to_state=to_state.value,
        note=note,
    )
