"""Eligibility for a use (SPEC §10) as a table: state × the storyteller's current scopes × use."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from storybank.models import Story, StoryState
from storybank.services.eligibility import Use, eligible_ids, eligible_stories

S = StoryState
SCOPE_SETS = (
    ("store",),
    ("store", "officials"),
    ("store", "advocacy", "press"),
    ("store", "publish"),
    ("store", "publish", "advocacy", "press", "officials"),
)


def expected(state: StoryState, scopes: tuple[str, ...], use: Use) -> bool:
    if use is Use.PUBLISH:
        return state is S.PUBLISHED and "publish" in scopes
    return state in (S.APPROVED, S.PUBLISHED) and use.value in scopes


@pytest.mark.parametrize("state", list(StoryState))
def test_eligibility_follows_state_and_current_consent(db, make_story, state):
    """Is a story eligible for a use exactly when the moderators have finished with it
    (approved or published), its current scopes include the use, and it was not withdrawn;
    and for the website's own use exactly when it is public?"""
    stories = {scopes: make_story(state=state.value, scopes=scopes) for scopes in SCOPE_SETS}
    for use, scopes in itertools.product(Use, SCOPE_SETS):
        story_id = stories[scopes].id
        found = db.session.scalars(
            eligible_stories(use).with_only_columns(Story.id).where(Story.id == story_id)
        ).all()
        assert bool(found) == expected(state, scopes, use), (state, scopes, use)
        assert (story_id in eligible_ids(use, [story_id])) == expected(state, scopes, use)


def test_narrowed_consent_takes_the_story_out_at_once(db, make_story):
    """When the storyteller takes back the officials scope, is the story no longer eligible
    for officials, while still eligible for the uses it keeps?"""
    story = make_story(state="approved", scopes=("store", "officials", "press"))
    assert eligible_ids(Use.OFFICIALS, [story.id]) == {story.id}
    record = story.current_consent
    record.current_scopes = frozenset({"store", "press"})
    db.session.commit()
    assert eligible_ids(Use.OFFICIALS, [story.id]) == set()
    assert eligible_ids(Use.PRESS, [story.id]) == {story.id}


def test_an_empty_list_asks_nothing(db):
    assert eligible_ids(Use.PRESS, []) == set()
    assert db.session.scalars(select(Story.id)).all() == []
