"""Readers: the home page, the story list, one story, its media, and HTTP caching."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from conftest import add_translation, take_out_of_public
from fuzzing.site import stored_media
from storybank.models import (
    Campaign,
    CampaignText,
    Media,
    MediaKind,
    Theme,
    ThemeName,
)
from storybank.services import decisions, moderation, storyteller

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000117a5d7e40000000049454e44ae426082"
)


def add_media(db: Any, story: Any, kind: MediaKind, data: bytes, content_type: str) -> Media:
    item = stored_media(story, kind, content_type, data)
    db.session.add(item)
    db.session.commit()
    return item


def page(client: Any, path: str, status: int = 200, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Home


def test_home_shows_the_latest_stories_and_open_campaigns_in_the_readers_language(
    client, db, make_story
):
    """Does the home page introduce the organisation and show open campaigns and new stories?"""
    campaign = Campaign(slug="separated", is_open=True)
    campaign.texts = [
        CampaignText(locale="en", name="Families apart", prompt="Tell us about the wait."),
        CampaignText(locale="ko", name="떨어진 가족", prompt="기다림에 대해 들려주세요."),
    ]
    db.session.add(campaign)
    db.session.commit()
    make_story(state="published", title="Our first winter", body="Snow came early.")
    make_story(state="submitted", title="Not yet reviewed", body="Private for now.")

    english = page(client, "/en/")
    assert "Families apart" in english and "Tell us about the wait." in english
    assert "Our first winter" in english and "Not yet reviewed" not in english
    assert 'href="/en/share"' in english

    korean = page(client, "/ko/")
    assert "떨어진 가족" in korean and "기다림에 대해 들려주세요." in korean


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_only_public_stories_newest_first(client, make_story):
    """Does the list hold exactly the public stories, the newest on top?"""
    older = make_story(state="published", title="Older story")
    newer = make_story(state="published", title="Newer story")
    make_story(state="in_review", title="Under review")
    make_story(state="unpublished", title="Taken down")
    make_story(state="published", title="No permission", scopes=("store",))
    make_story(state="withdrawn", title="Taken back")

    html = page(client, "/en/stories")
    assert html.index(newer.title) < html.index(older.title)
    for hidden in ("Under review", "Taken down", "No permission", "Taken back"):
        assert hidden not in html
    assert "2 stories have been published." in html


def test_a_card_shows_title_excerpt_attribution_region_date_and_language(client, db, make_story):
    """Does each card carry what a reader needs to pick a story, in the reader's language?"""
    story = make_story(
        state="published",
        language="ko",
        title="기다림",
        body="우리 가족은 십 년을 기다렸습니다. " * 20,
        attribution="pen_name",
        shown_name="은진",
        storyteller_name="Kim Eun-jin",
    )
    story.region = "IL"
    db.session.commit()

    html = page(client, "/en/stories")
    assert f'<a href="/en/stories/{story.public_id}" lang="ko" dir="ltr">기다림</a>' in html
    assert "우리 가족은 십 년을" in html and "…" in html
    # The shown name is the storyteller's, in the story's language: kept apart and untranslated.
    assert '<bdi translate="no" lang="ko" dir="ltr">은진</bdi>' in html
    assert "Kim Eun-jin" not in html
    assert "Illinois" in html and "Told in Korean" in html
    year = str(story.published_at.year)
    assert re.search(rf'<time datetime="{year}[^"]*">\w+ \d+, {year}</time>', html)

    korean = page(client, "/ko/stories")
    assert "일리노이" in korean and f"{year}년" in korean


def test_filters_combine_and_show_counts(client, db, make_story):
    """Do theme, language, region and campaign filters narrow together, with counts?"""
    family = Theme(slug="family", names=[ThemeName(locale="en", name="Family")])
    work = Theme(slug="work", names=[ThemeName(locale="en", name="Work")])
    db.session.add_all([family, work])
    db.session.commit()
    stories = {
        "ko-family-IL": make_story(state="published", language="ko", title="ko-family-IL"),
        "ko-work-IL": make_story(state="published", language="ko", title="ko-work-IL"),
        "es-family-TX": make_story(state="published", language="es", title="es-family-TX"),
        "ko-family-TX": make_story(state="published", language="ko", title="ko-family-TX"),
    }
    for title, story in stories.items():
        _language, theme, region = title.split("-")
        story.themes = [family if theme == "family" else work]
        story.region = region
    db.session.commit()

    html = page(client, "/en/stories?theme=family&lang=ko")
    assert "ko-family-IL" in html and "ko-family-TX" in html
    assert "ko-work-IL" not in html and "es-family-TX" not in html
    assert "2 stories match your choice." in html
    # Each count says what choosing that value (with the other choices kept) would list.
    assert '<option value="IL">Illinois (1)</option>' in html
    assert '<option value="TX">Texas (1)</option>' in html
    assert '<option value="work">Work (1)</option>' in html
    assert '<option value="family" selected>Family (2)</option>' in html

    html = page(client, "/en/stories?theme=family&lang=ko&region=TX")
    assert "ko-family-TX" in html and "ko-family-IL" not in html
    assert "1 story matches your choice." in html

    html = page(client, "/en/stories?campaign=nothing-like-this")
    assert "No published story matches all of your choices." in html


def test_the_list_is_paginated_and_refuses_pages_that_do_not_exist(client, make_story):
    """Are long lists split into pages, and do bad page numbers answer 404, not 500?"""
    for number in range(14):
        make_story(state="published", title=f"Story number {number:02d}")
    first = page(client, "/en/stories")
    assert "Story number 13" in first and "Story number 01" not in first
    assert "Page 1 of 2" in first and 'href="/en/stories?page=2"' in first
    second = page(client, "/en/stories?page=2")
    assert "Story number 01" in second and "Story number 13" not in second
    for bad in ("0", "-1", "x", "3", "99999999999"):
        page(client, f"/en/stories?page={bad}", 404)


# ---------------------------------------------------------------------------------------------
# One story


def test_a_story_is_shown_in_its_own_language_and_direction(client, make_story):
    """Does an Urdu story on an English page keep its own lang and dir, with its language named?"""
    story = make_story(state="published", language="ur", title="انتظار", body="ہم نے انتظار کیا۔")
    html = page(client, f"/en/stories/{story.public_id}")
    assert '<h1 id="story-title" lang="ur" dir="rtl">انتظار</h1>' in html
    assert '<div class="story__text" lang="ur" dir="rtl">' in html
    assert "This story was told in Urdu." in html
    assert '<html lang="en" dir="ltr">' in html


def test_a_reader_gets_the_approved_translation_with_the_original_one_click_away(
    client, db, make_story, moderator
):
    """Does a Korean reader see the approved Korean translation, labelled, and can they open
    the English original?"""
    story = make_story(state="published", language="en", title="The long wait", body="We waited.")
    add_translation(story, moderator, "ko", "긴 기다림", "우리는 기다렸습니다.")

    html = page(client, f"/ko/stories/{story.public_id}")
    assert '<div class="story__text" lang="ko" dir="ltr">' in html
    assert "우리는 기다렸습니다." in html and "We waited." not in html
    original = f"/ko/stories/{story.public_id}?original=1"
    assert f'href="{original}"' in html

    html = page(client, original)
    assert '<div class="story__text" lang="en" dir="ltr">' in html
    assert "We waited." in html and "우리는 기다렸습니다." not in html
    assert f'href="/ko/stories/{story.public_id}"' in html

    # An English reader gets the original, with no translation note.
    english = page(client, f"/en/stories/{story.public_id}")
    assert "We waited." in english and "original=1" not in english


def test_unapproved_and_outdated_translations_are_never_shown(client, db, make_story, moderator):
    """Is a draft translation, or one made from an older text, kept from readers?"""
    draft = make_story(state="published", language="en", title="Draft", body="Original words.")
    add_translation(draft, moderator, "ko", "초안", "초안 번역", "draft")
    edited = make_story(state="published", language="en", title="Edited", body="Old words.")
    add_translation(edited, moderator, "ko", "예전", "예전 번역")
    moderation.claim(edited, moderator, seen_holder_id=None)
    moderation.save_text(edited, moderator, "Edited", "Old words, redacted.", 1)
    db.session.commit()

    assert "초안 번역" not in page(client, f"/ko/stories/{draft.public_id}")
    korean = page(client, f"/ko/stories/{edited.public_id}")
    assert "예전 번역" not in korean and "Old words, redacted." in korean


@pytest.mark.parametrize(
    ("attribution", "shown_name", "expected", "absent"),
    [
        ("full_name", None, "Maria Lopez Garcia", ()),
        ("first_name", "Maria", "Maria", ("Lopez",)),
        ("initials", "M. L. G.", "M. L. G.", ("Maria", "Lopez")),
        ("pen_name", "Mariposa", "Mariposa", ("Maria", "Lopez")),
        ("anonymous", None, "Anonymous", ("Maria", "Lopez")),
    ],
)
def test_the_page_shows_exactly_the_chosen_attribution(
    client, make_story, attribution, shown_name, expected, absent
):
    """Is the storyteller named exactly as they chose, and never more?"""
    story = make_story(
        state="published",
        attribution=attribution,
        shown_name=shown_name,
        storyteller_name="Maria Lopez Garcia",
        body="A story without names in it.",
    )
    html = page(client, f"/en/stories/{story.public_id}")
    assert expected in html
    for word in absent:
        assert word not in html


def test_photo_recording_share_links_and_metadata(client, db, make_story):
    """Does the page carry the photo, an audio player, plain share links, OpenGraph, canonical
    and hreflang links, and nothing from another site?"""
    story = make_story(state="published", title="With pictures", body="Listen to me.")
    photo = add_media(db, story, MediaKind.PHOTO, PNG, "image/png")
    audio = add_media(db, story, MediaKind.AUDIO, b"OggS" + b"\0" * 60, "audio/ogg")

    html = page(client, f"/en/stories/{story.public_id}")
    assert f'<img src="/media/{photo.public_id}"' in html
    assert f'<audio controls preload="none" src="/media/{audio.public_id}">' in html
    url = f"http://localhost/en/stories/{story.public_id}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="With pictures">' in html
    assert f'content="http://localhost/media/{photo.public_id}"' in html
    assert (
        f'<link rel="alternate" hreflang="ko" href="http://localhost/ko/stories/{story.public_id}">'
        in html
    )
    assert 'hreflang="x-default"' in html
    assert "https://wa.me/?text=" in html and "mailto:?subject=With%20pictures" in html
    # Share links are links only: no script, image, frame or style from anywhere else.
    assert not re.search(
        r'<(script|img|iframe|link)[^>]+(src|href)="(https?:)?//(?!localhost)', html
    )


@pytest.mark.parametrize(
    "state", ["submitted", "in_review", "changes_requested", "unpublished", "declined"]
)
def test_a_story_the_public_may_not_see_is_not_found(client, make_story, state):
    """Does a story that is not published now answer 404, as if it did not exist?"""
    story = make_story(state=state, title="Secret title", body="Secret text")
    html = page(client, f"/en/stories/{story.public_id}", 404)
    assert "Secret" not in html


def test_a_story_without_the_publish_permission_is_not_found(client, make_story):
    """Does a published story whose consent lacks `publish` stay hidden?"""
    story = make_story(state="published", scopes=("store", "advocacy"), title="Secret title")
    assert "Secret title" not in page(client, f"/en/stories/{story.public_id}", 404)
    page(client, "/en/stories/no-such-story", 404)


def test_a_withdrawn_story_answers_gone_with_a_respectful_notice(client, db, make_story):
    """Does a story taken back answer 410 in the reader's language, with nothing of it left?"""
    story = make_story(state="published", title="Soon gone", body="Soon gone text")
    storyteller.withdraw(story)
    db.session.commit()
    html = page(client, f"/en/stories/{story.public_id}", 410)
    assert "has taken it back. We respect their choice." in html
    assert "Soon gone" not in html
    korean = page(client, f"/ko/stories/{story.public_id}", 410)
    assert '<html lang="ko"' in korean


# ---------------------------------------------------------------------------------------------
# Media


def test_media_of_a_public_story_is_served_with_its_checksum_as_validator(client, db, make_story):
    """Is a photo served with an ETag that is its checksum, answered 304 when unchanged?"""
    story = make_story(state="published")
    photo = add_media(db, story, MediaKind.PHOTO, PNG, "image/png")
    response = client.get(f"/media/{photo.public_id}")
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["ETag"] == f'"{hashlib.sha256(PNG).hexdigest()}"'
    assert "public" in response.headers["Cache-Control"]
    again = client.get(
        f"/media/{photo.public_id}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_recording_can_be_fetched_in_ranges(client, db, make_story):
    """Can a browser seek in a recording (byte ranges)?"""
    story = make_story(state="published")
    data = bytes(range(200))
    audio = add_media(db, story, MediaKind.AUDIO, data, "audio/ogg")
    response = client.get(f"/media/{audio.public_id}", headers={"Range": "bytes=10-19"})
    assert response.status_code == 206 and response.data == data[10:20]


@pytest.mark.parametrize("change", ["unpublish", "narrow", "withdraw", "never"])
def test_media_follows_the_story(client, db, make_story, moderator, change):
    """Is media refused as soon as its story is not public, whatever the reason?"""
    story = make_story(state="submitted" if change == "never" else "published")
    photo = add_media(db, story, MediaKind.PHOTO, PNG, "image/png")
    path = f"/media/{photo.public_id}"
    if change != "never":
        assert client.get(path).status_code == 200
    if change != "never":
        take_out_of_public(story, moderator, change)
    assert client.get(path).status_code == 404


# ---------------------------------------------------------------------------------------------
# HTTP caching


PUBLIC_PAGES = ("/en/", "/en/stories", "/en/stories/{id}", "/ko/stories/{id}")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_carry_validators_and_answer_304_without_rendering(
    client, make_story, monkeypatch, path
):
    """Do public pages send ETag, Last-Modified and a public max-age, and answer a matching
    conditional request with 304 before any template is rendered?"""
    story = make_story(state="published")
    path = path.format(id=story.public_id)
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    import flask

    def no_rendering(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("a 304 must not render")

    monkeypatch.setattr(flask.templating, "_render", no_rendering)
    second = client.get(path, headers={"If-None-Match": etag})
    assert second.status_code == 304 and second.data == b""
    assert second.headers["ETag"] == etag
    third = client.get(path, headers={"If-Modified-Since": modified})
    assert third.status_code == 304


def test_the_max_age_is_configurable(app_factory, make_story):
    """Does STORYBANK_PUBLIC_MAX_AGE set how long caches may keep public pages?"""
    make_story(state="published")
    client = app_factory(STORYBANK_PUBLIC_MAX_AGE="300").test_client()
    assert client.get("/en/stories").headers["Cache-Control"] == "public, max-age=300"


def test_pages_in_two_languages_have_different_validators(client, make_story):
    """Could a cache confuse the Korean and English pages? (Their ETags differ.)"""
    story = make_story(state="published")
    english = client.get(f"/en/stories/{story.public_id}").headers["ETag"]
    korean = client.get(f"/ko/stories/{story.public_id}").headers["ETag"]
    assert english != korean


@pytest.mark.parametrize(
    "change", ["publish_another", "unpublish", "edit", "withdraw", "translation"]
)
def test_every_public_change_makes_the_validators_stale_at_once(
    client, db, make_story, moderator, change
):
    """Does a publish, unpublish, edit, withdrawal or approved translation change the ETag of
    the pages in the very next request, and never serve the old rendering?"""
    story = make_story(state="published", title="Before", body="Text before.")
    other = make_story(state="in_review", title="Another one", body="Another text.")
    paths = ["/en/", "/en/stories", f"/en/stories/{story.public_id}"]
    before = {path: client.get(path) for path in paths}

    if change == "publish_another":
        moderation.claim(other, moderator, seen_holder_id=None)
        decisions.decide(other, moderator, "publish")
    elif change == "unpublish":
        moderation.claim(story, moderator, seen_holder_id=None)
        decisions.decide(story, moderator, "unpublish", "for now")
    elif change == "edit":
        moderation.claim(story, moderator, seen_holder_id=None)
        moderation.save_text(story, moderator, "After", "Text after.", 1)
    elif change == "withdraw":
        storyteller.withdraw(story)
    else:
        add_translation(story, moderator, "en-GB", "After", "Text after.")
    db.session.commit()

    for path, old in before.items():
        response = client.get(path, headers={"If-None-Match": old.headers["ETag"]})
        assert response.status_code != 304, path
        assert response.headers.get("ETag") != old.headers["ETag"]
    story_page = client.get(f"/en/stories/{story.public_id}").get_data(as_text=True)
    if change == "edit":
        assert "Text after." in story_page and "Text before." not in story_page
    if change in ("unpublish", "withdraw"):
        assert "Text before." not in client.get("/en/stories").get_data(as_text=True)
    if change == "publish_another":
        assert "Another one" in client.get("/en/stories").get_data(as_text=True)


def test_submissions_leave_the_validators_alone(client, make_story):
    """Does a new submission (which readers cannot see) keep cached public pages valid?"""
    make_story(state="published")
    etag = client.get("/en/stories").headers["ETag"]
    make_story(state="submitted")
    assert client.get("/en/stories", headers={"If-None-Match": etag}).status_code == 304


def test_a_story_state_is_never_in_a_cached_error(client, make_story):
    """Are 404 and 410 answers sent without public validators?"""
    story = make_story(state="in_review")
    response = client.get(f"/en/stories/{story.public_id}")
    assert response.status_code == 404 and "ETag" not in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/stories",
        "/en/stories/{id}",
        "/en/search?q=a",
        "/en/stories.atom",
        "/api/v1/stories",
        "/sitemap.xml",
    ],
)
def test_public_answers_are_the_same_for_everyone(client, make_story, path):
    """Do public answers set no cookie and not vary by cookie, so a shared cache may keep them?"""
    story = make_story(state="published")
    response = client.get(path.format(id=story.public_id))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize(
    "path", ["/en/stories/{id}", "/ko/stories", "/api/v1/stories/{id}", "/en/stories.atom"]
)
def test_answers_from_the_page_store_are_the_same_as_rendered_ones(client, make_story, path):
    """Does a page served again from the store (or a 304) carry the same body and headers as
    the first rendering: security policy, content type, validators, API's CORS?"""
    story = make_story(state="published")
    path = path.format(id=story.public_id)
    first, second = client.get(path), client.get(path)
    assert second.data == first.data
    ignored = {"Date", "Content-Length"}
    assert {k: v for k, v in second.headers if k not in ignored} == {
        k: v for k, v in first.headers if k not in ignored
    }
    assert "Content-Security-Policy" in second.headers
    not_modified = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    for name in ("Content-Security-Policy", "ETag", "Cache-Control", "X-Content-Type-Options"):
        assert not_modified.headers[name] == first.headers[name]
    if path.startswith("/api/"):
        assert not_modified.headers["Access-Control-Allow-Origin"] == "*"


def test_the_page_store_can_be_turned_off(app_factory, make_story):
    """With STORYBANK_PAGE_CACHE=0, is every page rendered afresh, still with validators?"""
    story = make_story(state="published")
    client = app_factory(STORYBANK_PAGE_CACHE="0").test_client()
    first = client.get(f"/en/stories/{story.public_id}")
    again = client.get(
        f"/en/stories/{story.public_id}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert first.status_code == 200 and again.status_code == 304


def test_a_change_committed_without_a_flush_still_moves_the_edition(db, make_story):
    """Is a public change noticed when the commit itself does the flushing?"""
    from storybank.db.editions import current_edition

    story = make_story(state="published")
    before = current_edition(db.session).number
    db.session.rollback()
    story = db.session.merge(story)
    story.region = "NY"
    db.session.commit()
    assert current_edition(db.session).number == before + 1


def test_the_search_page_finds_highlights_and_refuses_bad_pages(client, make_story):
    """Does the search page show matches with the words marked, keep the query escaped in its
    box, and answer 404 (never 500) for page numbers that are not there?"""
    story = make_story(
        state="published", language="ko", title="기다림", body="우리 가족은 기다렸다."
    )
    html = page(client, "/ko/search?q=%EA%B0%80%EC%A1%B1")
    assert f"/ko/stories/{story.public_id}" in html and "<mark>가족</mark>" in html
    hostile = page(client, '/en/search?q="><script>alert(1)</script> NEAR(a* -b)')
    assert "<script>alert(1)</script>" not in hostile
    assert "No published story holds all of these words." in hostile
    assert "맞는 이야기" not in page(client, "/ko/search?q=")
    for bad in ("0", "x", "2", "99999999999"):
        page(client, f"/ko/search?q=%EA%B0%80%EC%A1%B1&page={bad}", 404)
