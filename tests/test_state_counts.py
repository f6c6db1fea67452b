"""The kept counts of stories per state, which the moderation queue reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storybank.db import state_counts
from storybank.models import Story, StoryState
from storybank.services import decisions, moderation, storyteller


def counted(db: Any) -> dict[StoryState, int]:
    db.session.rollback()
    actual = dict.fromkeys(StoryState, 0)
    actual.update(db.session.execute(select(Story.state, func.count()).group_by(Story.state)).all())
    return actual


def test_the_kept_counts_follow_every_change_of_state(db, make_story, moderator):
    """Do the counts match a fresh count after submissions, claims, decisions and withdrawals?"""
    stories = [make_story(state=state) for state in ("submitted", "submitted", "published")]
    assert state_counts.counts(db.session) == counted(db)

    first, second, published = stories
    moderation.claim(first, moderator, seen_holder_id=None)
    decisions.decide(first, moderator, "publish")
    decisions.decide(second, moderator, "decline", "Not a story")
    db.session.commit()
    assert state_counts.counts(db.session) == counted(db)

    moderation.claim(published, moderator, seen_holder_id=None)
    decisions.decide(published, moderator, "unpublish", "Checking")
    storyteller.withdraw(first)
    db.session.commit()
    counts = state_counts.counts(db.session)
    assert counts == counted(db)
    assert counts[StoryState.WITHDRAWN] == 1 and counts[StoryState.UNPUBLISHED] == 1


def test_a_rolled_back_change_is_not_counted(db, make_story, moderator):
    """Does a decision that is rolled back leave the counts as they were?"""
    story = make_story(state="submitted")
    before = state_counts.counts(db.session)
    moderation.claim(story, moderator, seen_holder_id=None)
    db.session.flush()
    db.session.rollback()
    assert state_counts.counts(db.session) == before == counted(db)


def test_recount_repairs_counts_after_bulk_loading(db, make_story):
    """After rows are written around the ORM, does `recount()` set the counts right?"""
    make_story(state="published")
    db.session.execute(Story.__table__.update().values(state="declined"))
    state_counts.recount(db.session)
    db.session.commit()
    assert state_counts.counts(db.session) == counted(db)


def test_the_queue_shows_the_kept_counts(staff_client, make_story):
    """Does the queue page show the number of new stories and list them?"""
    for _ in range(3):
        make_story(state="submitted", title="Waiting story")
    make_story(state="published", title="Done story")
    html = staff_client("moderator").get("/moderate/").get_data(as_text=True)
    assert html.count("Waiting story") == 3 and "Done story" not in html
    assert "3" in html
