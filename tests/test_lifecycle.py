"""The story lifecycle of SPEC §2 as a table: every (from, to) pair, legal or not."""

from __future__ import annotations

import itertools

import pytest

from storybank.models import AuditEvent, Story, StoryState
from storybank.services.lifecycle import IllegalTransition, can_move, move

S = StoryState

# The diagram of SPEC §2, written out edge by edge.
LEGAL = {
    (S.SUBMITTED, S.IN_REVIEW),
    (S.IN_REVIEW, S.CHANGES_REQUESTED),
    (S.CHANGES_REQUESTED, S.IN_REVIEW),
    (S.IN_REVIEW, S.PUBLISHED),
    (S.IN_REVIEW, S.DECLINED),
    # The final text differs from the original: the storyteller approves it first, which carries
    # out the decision waiting on it, or asks for a change.
    (S.IN_REVIEW, S.AWAITING_STORYTELLER),
    (S.AWAITING_STORYTELLER, S.APPROVED),
    (S.AWAITING_STORYTELLER, S.PUBLISHED),
    (S.AWAITING_STORYTELLER, S.IN_REVIEW),
    # Finished, not on the website; published later when the storyteller allows it.
    (S.IN_REVIEW, S.APPROVED),
    (S.APPROVED, S.PUBLISHED),
    (S.PUBLISHED, S.UNPUBLISHED),
    (S.UNPUBLISHED, S.PUBLISHED),
    *((state, S.WITHDRAWN) for state in StoryState if state is not S.WITHDRAWN),
}


@pytest.mark.parametrize(("start", "end"), list(itertools.product(StoryState, StoryState)))
def test_every_transition(make_story, db, start, end):
    """Is each move allowed exactly when the diagram allows it, with one audit event, and is
    an illegal one refused without changing anything?"""
    story = db.session.get(Story, make_story(state=start.value).id)
    before = db.session.query(AuditEvent).count()
    assert can_move(story, end) == ((start, end) in LEGAL)
    if (start, end) in LEGAL:
        move(story, end, note="table")
        db.session.flush()
        assert story.state is end
        events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()[before:]
        assert [(e.from_state, e.to_state) for e in events] == [(start.value, end.value)]
    else:
        with pytest.raises(IllegalTransition):
            move(story, end)
        assert story.state is start
        assert db.session.query(AuditEvent).count() == before
    db.session.rollback()
