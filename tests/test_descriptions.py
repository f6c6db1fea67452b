"""Every public page describes itself once, in its own language, for search engines and link
previews."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import form_token, hidden_fields, story_fields
from site_pages import demo_facts, public_pages
from storybank.extensions import db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
META_DESCRIPTION = re.compile(r"<meta\s+name=\"description\"\s+content=\"([^\"]*)\"\s*/?>")


def description_of(html: str) -> str:
    """The page's one description (failing if it has none, or more than one)."""
    found = META_DESCRIPTION.findall(html)
    assert len(found) == 1, f"{len(found)} meta descriptions"
    assert html.count('name="description"') == 1
    text = unescape(found[0]).strip()
    assert text, "an empty meta description"
    return text


@pytest.fixture
def demo_site(app):
    from storybank.services import demo

    demo.seed()
    db.session.commit()
    return app


@pytest.mark.parametrize("tag", ["en", "ko", "ur"])
def test_every_public_page_has_one_description(demo_site, client, tag):
    """Do home, the list, story pages, search, the story form, my story, consent, privacy,
    the receipt, the storyteller's status page and the error pages each carry exactly one
    non-empty description?"""
    descriptions = {}

    def check(label, answer, status):
        assert answer.status_code == status, (label, answer.status_code)
        descriptions[label] = description_of(answer.get_data(as_text=True))

    for path, status in public_pages(tag, demo_facts(demo_site)):
        check(path, client.get(path), status)

    share = client.get(f"/{tag}/share").get_data(as_text=True)
    refused = client.post(
        f"/{tag}/share", data=hidden_fields(share), content_type="multipart/form-data"
    )
    check("form errors", refused, 400)
    fields = {**hidden_fields(share), **story_fields()}
    receipt = client.post(f"/{tag}/share", data=fields, content_type="multipart/form-data")
    check("receipt", receipt, 200)
    code = re.search(r'id="claim-code"[^>]*>([^<]+)<', receipt.get_data(as_text=True))[1].strip()
    again = client.post(
        f"/{tag}/share", data={**fields, "body": "Other words."}, content_type="multipart/form-data"
    )
    check("already received", again, 200)
    token = form_token(client, f"/{tag}/my-story")
    status_page = client.post(f"/{tag}/my-story", data={"csrf_token": token, "code": code})
    check("status", status_page, 200)
    check("405", client.post(f"/{tag}/privacy"), 405)

    # Each page says what it is: the fixed pages do not share one sentence.
    fixed = [descriptions[f"/{tag}/{page}"] for page in ("", "stories", "search", "consent")]
    fixed += [descriptions[f"/{tag}/{page}"] for page in ("privacy", "share", "my-story")]
    assert len(set(fixed)) == len(fixed), fixed


def test_the_closed_story_form_has_a_description(client):
    """Without a consent text the form is closed (503): does that page still describe itself?"""
    answer = client.get("/en/share")
    assert answer.status_code == 503
    assert description_of(answer.get_data(as_text=True)).startswith("Tell your story")


def test_every_public_page_template_defines_a_description():
    """Does each page template of the readers' and storytellers' side (including those only a
    rare path reaches) define its description?"""
    pages = [
        path
        for folder in ("stories", "submit")
        for path in sorted((TEMPLATES / folder).glob("*.html"))
        if not path.name.startswith("_")
    ]
    assert pages
    for path in pages:
        assert "{% block description %}" in path.read_text(encoding="utf-8"), path.name
    assert "{% block description %}" in (TEMPLATES / "errors" / "error.html").read_text()


@pytest.fixture
def redacted_story(make_story, app):
    """A published English story whose publishable text differs from what was told."""
    from storybank.models import PublishableRevision

    story = make_story(
        state="published",
        language="en",
        title="Waiting",
        body="My A-number is A123456789 and we waited eight years in Chicago.",
    )
    story.revisions.append(
        PublishableRevision(
            number=2, title="Waiting", text="We waited eight years.", reason="redacted"
        )
    )
    db.session.commit()
    return story


def test_a_story_page_in_its_language_is_described_by_its_opening(client, redacted_story):
    """Is an English story on an English page described by the start of its publishable text
    — never the storyteller's original?"""
    html = client.get(f"/en/stories/{redacted_story.public_id}").get_data(as_text=True)
    assert description_of(html) == "We waited eight years."
    assert "A123456789" not in html
    assert '<meta property="og:description" content="We waited eight years.">' in html


def test_a_story_page_in_another_language_is_described_in_the_pages_language(
    client, redacted_story
):
    """On a Korean page of an English story (no translation), is the description a sentence
    of the page's interface saying what the page holds (naming the story's language in
    Korean), not English text presented as Korean?"""
    html = client.get(f"/ko/stories/{redacted_story.public_id}").get_data(as_text=True)
    description = description_of(html)
    assert "We waited" not in description
    assert "영어" in description  # "English", in Korean
