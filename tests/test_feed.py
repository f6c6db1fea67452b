"""The Atom feed: published stories only, each entry in the language of the text it carries."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest

from conftest import add_translation, take_out_of_public
from storybank.models import (
    Theme,
    ThemeName,
)
from storybank.stories import feeds

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fetch(client: Any, locale: str = "en") -> Any:
    response = client.get(f"/{locale}/stories.atom")
    assert response.status_code == 200
    return response


def entries(client: Any, locale: str = "en") -> dict[str, ET.Element]:
    """The feed's entries by story public id (from the entry's address)."""
    root = ET.fromstring(fetch(client, locale).data)
    found = {}
    for entry in root.iter(f"{ATOM}entry"):
        public_id = entry.findtext(f"{ATOM}id").rsplit("/", 1)[-1]
        found[public_id] = entry
    return found


def test_the_feed_is_valid_atom_in_its_language(client, make_story):
    """Does the feed parse cleanly as Atom, with its own language, addresses and type?"""
    story = make_story(state="published", language="en", title="Our first winter", body="Cold.")
    response = fetch(client, "ko")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "ko"
    assert parsed.feed.id == "http://localhost/ko/stories.atom"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {
        "self": "http://localhost/ko/stories.atom",
        "alternate": "http://localhost/ko/stories",
    }
    assert parsed.feed.updated
    (entry,) = parsed.entries
    assert entry.id == f"http://localhost/ko/stories/{story.public_id}"
    assert entry.link == f"http://localhost/ko/stories/{story.public_id}"
    assert entry.title == "Our first winter"
    assert entry.content[0].value == "Cold."
    assert entry.content[0].type == "text/plain"
    assert entry.published and entry.updated


def test_an_empty_feed_is_still_valid(client):
    """Is the feed of a site with nothing published a valid, empty Atom feed?"""
    parsed = feedparser.parse(fetch(client).data)
    assert parsed.bozo == 0 and parsed.entries == []


def test_each_entry_carries_the_language_of_its_text(client, make_story):
    """Does an English feed mark a Korean story as Korean, and say which language it is in?"""
    english = make_story(state="published", language="en", title="Hello", body="In English.")
    korean = make_story(state="published", language="ko", title="안녕", body="한국어로 씁니다.")
    found = entries(client, "en")
    assert found[english.public_id].get(XML_LANG) == "en"
    assert found[korean.public_id].get(XML_LANG) == "ko"
    assert found[korean.public_id].findtext(f"{ATOM}content") == "한국어로 씁니다."
    note = found[korean.public_id].find(f"{ATOM}summary")
    assert note.text == "Written in Korean." and note.get(XML_LANG) == "en"
    assert found[english.public_id].find(f"{ATOM}summary") is None
    parsed = feedparser.parse(fetch(client, "en").data)
    languages = {entry.id.rsplit("/", 1)[-1]: entry.content[0].language for entry in parsed.entries}
    assert languages == {english.public_id: "en", korean.public_id: "ko"}


def test_a_korean_feed_carries_the_approved_korean_translation(client, db, make_story, moderator):
    """Does the Korean feed give an English story's approved Korean translation, marked as
    Korean and as a translation, while the English feed keeps the original?"""
    story = make_story(
        state="published", language="en", title="Years of waiting", body="We waited ten years."
    )
    add_translation(story, moderator, "ko", "기다린 세월", "우리는 십 년을 기다렸습니다.")
    drafted = make_story(state="published", language="en", title="Draft only", body="Original.")
    add_translation(drafted, moderator, "ko", "초안", "승인 안 됨", state="draft")

    korean = entries(client, "ko")
    entry = korean[story.public_id]
    assert entry.get(XML_LANG) == "ko"
    assert entry.findtext(f"{ATOM}title") == "기다린 세월"
    assert entry.findtext(f"{ATOM}content") == "우리는 십 년을 기다렸습니다."
    note = entry.find(f"{ATOM}summary")
    assert "영어" in note.text and note.get(XML_LANG) == "ko"  # "English", in Korean
    # The draft is never shown: the original, in its own language.
    assert korean[drafted.public_id].get(XML_LANG) == "en"
    assert korean[drafted.public_id].findtext(f"{ATOM}content") == "Original."
    assert "승인 안 됨" not in fetch(client, "ko").get_data(as_text=True)

    english = entries(client, "en")[story.public_id]
    assert english.get(XML_LANG) == "en"
    assert english.findtext(f"{ATOM}content") == "We waited ten years."

    parsed = feedparser.parse(fetch(client, "ko").data)
    assert parsed.bozo == 0
    by_id = {entry.id.rsplit("/", 1)[-1]: entry for entry in parsed.entries}
    assert by_id[story.public_id].content[0].language == "ko"


def test_an_untitled_translation_keeps_the_original_title_marked_as_such(
    client, db, make_story, moderator
):
    """Is the original title of a translation without one marked in the original's language?"""
    story = make_story(state="published", language="en", title="Years", body="Text.")
    add_translation(story, moderator, "ko", None, "번역문.")
    entry = entries(client, "ko")[story.public_id]
    title = entry.find(f"{ATOM}title")
    assert title.text == "Years" and title.get(XML_LANG) == "en"
    assert entry.get(XML_LANG) == "ko"


def test_a_script_in_a_story_stays_text(client, make_story):
    """Is markup in a story escaped as text, never markup, in the feed?"""
    body = '<script>alert("x")</script> & <b>bold</b> ]]> "quoted"'
    story = make_story(state="published", title="<img src=x onerror=alert(1)>", body=body)
    raw = fetch(client).get_data(as_text=True)
    assert "<script>" not in raw and "<img" not in raw
    assert "&lt;script&gt;" in raw
    entry = entries(client)[story.public_id]
    assert entry.findtext(f"{ATOM}content") == body
    assert entry.find(f"{ATOM}content").get("type") == "text"
    assert entry.findtext(f"{ATOM}title") == "<img src=x onerror=alert(1)>"
    assert feedparser.parse(raw).bozo == 0


def test_characters_xml_cannot_carry_do_not_break_the_feed(client, make_story):
    """Does a control character in a story leave the feed well-formed?"""
    story = make_story(state="published", title="Bell\x07", body="Line\x0bbreak\x1b and more")
    parsed = feedparser.parse(fetch(client).data)
    assert parsed.bozo == 0
    assert entries(client)[story.public_id].findtext(f"{ATOM}content") == "Linebreak and more"


def test_authors_are_named_only_as_the_storyteller_chose(client, make_story):
    """Is the author the chosen attribution, a translated "Anonymous" otherwise, and never the
    full name the storyteller kept private?"""
    pen = make_story(
        state="published",
        attribution="pen_name",
        shown_name="Eun Jin",
        storyteller_name="Park Eun-jin Secret",
    )
    anonymous = make_story(
        state="published", attribution="anonymous", storyteller_name="Hidden Person", title=""
    )
    found = entries(client, "ko")
    assert found[pen.public_id].findtext(f"{ATOM}author/{ATOM}name") == "Eun Jin"
    name = found[anonymous.public_id].find(f"{ATOM}author/{ATOM}name")
    assert name.text == "익명" and name.get(XML_LANG) == "ko"
    untitled = found[anonymous.public_id].find(f"{ATOM}title")
    assert untitled.text == "제목 없는 이야기" and untitled.get(XML_LANG) == "ko"
    raw = fetch(client, "ko").get_data(as_text=True)
    assert "Secret" not in raw and "Hidden Person" not in raw


def test_themes_are_categories(client, db, make_story):
    """Are a story's themes its categories, labelled in the feed's language?"""
    theme = Theme(
        slug="family",
        names=[ThemeName(locale="en", name="Family"), ThemeName(locale="ko", name="가족")],
    )
    db.session.add(theme)
    story = make_story(state="published")
    story.themes = [theme]
    db.session.commit()
    (category,) = entries(client, "ko")[story.public_id].findall(f"{ATOM}category")
    assert category.get("term") == "family" and category.get("label") == "가족"


def test_the_feed_holds_only_the_latest_stories_newest_first(client, make_story, monkeypatch):
    """Does the feed list the newest stories first, up to its length, and nothing unpublished?"""
    monkeypatch.setattr(feeds, "FEED_LENGTH", 3)
    stories = [make_story(state="published", title=f"Story {n}") for n in range(5)]
    hidden = [make_story(state=state) for state in ("submitted", "unpublished", "declined")]
    hidden.append(make_story(state="published", scopes=("store", "press")))
    parsed = feedparser.parse(fetch(client).data)
    ids = [entry.id.rsplit("/", 1)[-1] for entry in parsed.entries]
    assert ids == [story.public_id for story in stories[::-1][:3]]
    assert not {story.public_id for story in hidden} & set(ids)


@pytest.mark.parametrize("change", ["unpublish", "narrow", "withdraw"])
def test_a_story_vanishes_from_the_feed_in_the_next_request(
    client, db, make_story, moderator, change
):
    """Does a story leave the feed as soon as it is unpublished, loses `publish`, or is
    withdrawn?"""
    story = make_story(state="published", title="Soon gone")
    assert story.public_id in entries(client)
    take_out_of_public(story, moderator, change)
    assert "Soon gone" not in fetch(client).get_data(as_text=True)
    assert story.public_id not in entries(client)


def test_the_feed_answers_304_until_something_is_published(client, make_story):
    """Is an unchanged feed answered 304, and does a new story make the old ETag stale?"""
    make_story(state="published")
    first = fetch(client)
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert client.get("/en/stories.atom", headers={"If-None-Match": etag}).status_code == 304
    story = make_story(state="published", title="Brand new")
    fresh = client.get("/en/stories.atom", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert story.public_id in fresh.get_data(as_text=True)


def test_a_feed_in_a_language_not_offered_is_not_found(client):
    """Is there no feed for a language the site does not offer?"""
    assert client.get("/xx/stories.atom").status_code == 404


RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def raw_dates(response: Any) -> list[str]:
    """Every date of a feed as written (`updated` and `published`, of the feed and entries)."""
    root = ET.fromstring(response.data)
    return [
        element.text or ""
        for name in ("updated", "published")
        for element in root.iter(f"{ATOM}{name}")
    ]


@pytest.mark.parametrize("locale", ["en", "ko", "ur"])
def test_the_feed_holds_what_rfc_4287_requires(client, make_story, moderator, locale):
    """Does the feed (and each entry) have an id, a title, an updated date, an author, a self
    link, a link to each story and its text, with unique ids and RFC 3339 dates?"""
    english = make_story(state="published", language="en", title="Years", body="We waited.")
    add_translation(english, moderator, "ko", "세월", "우리는 기다렸습니다.")
    make_story(state="published", language="ko", title="", body="제목 없는 이야기입니다.")
    make_story(
        state="published",
        language="ur",
        body="ہم نے انتظار کیا۔",
        attribution="pen_name",
        shown_name="شکاگو کی نانی",
    )
    response = fetch(client, locale)
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    feed = parsed.feed
    assert feed.id and feed.title and feed.updated
    self_links = [link for link in feed.links if link.rel == "self"]
    assert [link.href for link in self_links] == [f"http://localhost/{locale}/stories.atom"]
    assert self_links[0].type == "application/atom+xml"
    assert len(parsed.entries) == 3
    for entry in parsed.entries:
        assert entry.id.startswith("http://localhost/") and entry.title and entry.updated
        assert feed.get("author") or entry.get("author"), entry.id
        assert [link for link in entry.links if link.rel == "alternate" and link.href], entry.id
        assert entry.get("content") or entry.get("summary"), entry.id
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == len(ids)
    dates = raw_dates(response)
    assert len(dates) == 1 + 2 * len(ids)
    assert all(RFC3339.fullmatch(date) for date in dates), dates


def test_entry_ids_stay_the_same_when_a_story_changes(client, make_story, moderator):
    """Does an entry keep its id when its story gains a translation, and from one request to
    the next, so that a feed reader does not show it twice?"""
    story = make_story(state="published", language="en", title="Years", body="We waited.")
    before = [entry.id for entry in feedparser.parse(fetch(client, "ko").data).entries]
    assert before == [entry.id for entry in feedparser.parse(fetch(client, "ko").data).entries]
    add_translation(story, moderator, "ko", "세월", "우리는 기다렸습니다.")
    after = feedparser.parse(fetch(client, "ko").data).entries
    assert [entry.id for entry in after] == before
    assert after[0].title == "세월"


def test_a_name_keeps_the_language_of_the_story_in_a_translated_entry(
    client, make_story, moderator
):
    """Is the storyteller's shown name marked in the story's language when the entry carries
    a translation into another?"""
    story = make_story(
        state="published", language="en", attribution="pen_name", shown_name="Grandma from Niles"
    )
    add_translation(story, moderator, "ko", "세월", "우리는 기다렸습니다.")
    entry = entries(client, "ko")[story.public_id]
    assert entry.get(XML_LANG) == "ko"
    name = entry.find(f"{ATOM}author/{ATOM}name")
    assert name.text == "Grandma from Niles" and name.get(XML_LANG) == "en"
    untranslated = entries(client, "en")[story.public_id].find(f"{ATOM}author/{ATOM}name")
    assert untranslated.get(XML_LANG) is None  # the entry's own language already
