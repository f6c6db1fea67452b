"""The same storyteller form sent twice at once (a double click, a retry over a slow line) is
carried out once, and both answers are pages, never a 500: the story's row is locked first."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from test_my_story import STORY_TEXT, moderate

from conftest import hidden_fields, stored_stories, story_fields
from storybank.models import PublishableRevision, StoryState


def told_story(share: Any) -> tuple[Any, str]:
    from conftest import claim_code_in

    response = share("en", story_fields(body=STORY_TEXT))
    assert response.status_code == 200
    [story] = stored_stories()
    return story, claim_code_in(response.get_data(as_text=True))


def send_twice_at_once(app: Any, action: str, code: str, **fields: str) -> list[int]:
    """Post the same status-page form from two clients at the same moment."""
    clients = [app.test_client() for _ in range(2)]
    bodies = []
    for client in clients:
        token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
        bodies.append({"csrf_token": token, "code": code, **fields})
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send(client: Any, body: dict[str, str]) -> None:
        start.wait()
        statuses.append(client.post(f"/en/my-story/{action}", data=body).status_code)

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(clients, bodies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_withdrawing_twice_at_once_withdraws_once(app, share, db):
    """Do two "Take it back" forms sent at the same moment both answer a page (no 500), with
    the story withdrawn once?"""
    story, code = told_story(share)
    statuses = send_twice_at_once(app, "withdraw", code, confirm_withdraw="y")
    assert sorted(statuses) == [200, 200]
    [story] = stored_stories()
    assert story.state is StoryState.WITHDRAWN


def test_answering_twice_at_once_keeps_one_numbering(app, share, db, moderator):
    """Do two answers with a changed story sent at once give two text versions with their own
    numbers (no duplicate number, no 500)?"""
    story, code = told_story(share)
    moderate(db, story, StoryState.IN_REVIEW, StoryState.CHANGES_REQUESTED,
             question="Which year?", by=moderator)  # fmt: skip
    statuses = send_twice_at_once(
        app, "answer", code, answer="It was 2014.", body=STORY_TEXT + " It was 2014."
    )
    assert all(status < 500 for status in statuses), statuses
    db.session.rollback()
    numbers = db.session.scalars(
        select(PublishableRevision.number).where(PublishableRevision.story_id == story.id)
    ).all()
    assert len(numbers) == len(set(numbers))
    assert db.session.scalar(select(func.count()).select_from(PublishableRevision)) >= 1
