"""One definition of public: every surface a reader or a machine can reach follows it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from test_share import jpeg_with_gps

from conftest import claim_code_in, hidden_fields, post_form, stored_stories, story_fields

WORD = "Zephyrine"
KOREAN_WORD = "가족"
BODY = f"{WORD} waited nine years for her papers. 우리 {KOREAN_WORD}은 함께 기다렸습니다."


def surfaces(public_id: str) -> dict[str, str]:
    """Every public address that lists or shows a story."""
    return {
        "home": "/en/",
        "list": "/en/stories",
        "korean list": "/ko/stories",
        "search": f"/en/search?q={WORD}",
        "korean search": f"/ko/search?q={quote(KOREAN_WORD)}",
        "feed": "/en/stories.atom",
        "korean feed": "/ko/stories.atom",
        "sitemap": "/sitemap.xml",
        "api list": "/api/v1/stories",
    }


def visible_everywhere(client: Any, public_id: str) -> dict[str, bool]:
    """Whether the story shows up on each surface (each links to it by its public id; the word
    itself would also match the search page's own search box)."""
    seen = {}
    for name, path in surfaces(public_id).items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        text = response.get_data(as_text=True)
        seen[name] = public_id in text
    return seen


def tell_and_publish(share: Any, staff_client: Any, db: Any) -> tuple[Any, str, Any]:
    """A storyteller tells a story with a photo; a moderator publishes it, all through HTTP."""
    told = share(
        "en",
        story_fields(title=f"{WORD}'s wait", body=BODY, consent_publish="y"),
        files={"photo": (jpeg_with_gps(), "me.jpg")},
    )
    assert told.status_code == 200
    code = claim_code_in(told.get_data(as_text=True))
    [story] = stored_stories()[-1:]
    moderator = staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    answer = post_form(moderator, page, f"{page}/decision", decision="publish", note="")
    assert answer.status_code == 303, answer.get_data(as_text=True)
    db.session.rollback()
    return db.session.merge(story), code, moderator


def test_a_published_story_is_on_every_surface_and_gone_from_all_after_withdrawal(
    client, share, staff_client, db
):
    """Does a story a moderator publishes appear on home, list, page, search, feed, sitemap,
    API and media, and after the storyteller withdraws it answer 410 and vanish from all?"""
    story, code, _moderator = tell_and_publish(share, staff_client, db)
    public_id = story.public_id
    [photo] = story.media
    photo_path = f"/media/{photo.public_id}"

    assert visible_everywhere(client, public_id) == dict.fromkeys(surfaces(public_id), True)
    assert client.get(f"/en/stories/{public_id}").status_code == 200
    assert client.get(f"/ko/stories/{public_id}").status_code == 200
    assert client.get(f"/api/v1/stories/{public_id}").status_code == 200
    assert client.get(photo_path).status_code == 200
    etags = {path: client.get(path).headers["ETag"] for path in surfaces(public_id).values()}

    # The storyteller withdraws with the claim code.
    page = client.get("/en/my-story")
    token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
    answer = client.post(
        "/en/my-story/withdraw",
        data={"csrf_token": token, "code": code, "confirm_withdraw": "y"},
    )
    assert answer.status_code == 200

    assert client.get(f"/en/stories/{public_id}").status_code == 410
    assert client.get(f"/ko/stories/{public_id}").status_code == 410
    assert client.get(f"/api/v1/stories/{public_id}").status_code == 410
    assert client.get(photo_path).status_code == 404
    assert visible_everywhere(client, public_id) == dict.fromkeys(surfaces(public_id), False)
    # And no cache may keep the old copies as current.
    for path, etag in etags.items():
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 200, path


@pytest.mark.parametrize("how", ["narrow consent", "unpublish"])
def test_a_story_that_stops_being_public_is_not_found_anywhere(
    client, share, staff_client, db, how
):
    """When the storyteller takes back `publish`, or a moderator unpublishes, is the story
    gone from every surface in the next request, answering 404?"""
    story, code, moderator = tell_and_publish(share, staff_client, db)
    public_id = story.public_id
    assert all(visible_everywhere(client, public_id).values())

    if how == "narrow consent":
        page = client.get("/en/my-story")
        token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
        answer = client.post(
            "/en/my-story/consent",
            data={"csrf_token": token, "code": code, "consent_store": "y"},
        )
        assert answer.status_code == 200
    else:
        path = f"/moderate/stories/{story.id}"
        answer = post_form(
            moderator, path, f"{path}/decision", decision="unpublish", note="Checking"
        )
        assert answer.status_code == 303

    assert client.get(f"/en/stories/{public_id}").status_code == 404
    assert client.get(f"/api/v1/stories/{public_id}").status_code == 404
    assert not any(visible_everywhere(client, public_id).values())
