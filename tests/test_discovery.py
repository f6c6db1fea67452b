"""The sitemap (and its index on a large site) and robots.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from conftest import take_out_of_public
from storybank import discovery
from storybank.i18n import LOCALE_REGISTRY

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def fetch_xml(client: Any, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.mimetype == "application/xml"
    return ET.fromstring(response.data)


def urls_of(root: ET.Element) -> dict[str, ET.Element]:
    assert root.tag == f"{SITEMAP}urlset"
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        location = url.findtext(f"{SITEMAP}loc")
        assert location not in found, f"{location} is listed twice"
        found[location] = url
    return found


def alternates(url: ET.Element) -> dict[str, str]:
    links = url.findall(f"{XHTML}link")
    assert all(link.get("rel") == "alternate" for link in links)
    return {link.get("hreflang"): link.get("href") for link in links}


def all_story_urls(client: Any) -> dict[str, ET.Element]:
    """Every address listed, following the index when /sitemap.xml is one."""
    root = fetch_xml(client, "/sitemap.xml")
    if root.tag == f"{SITEMAP}urlset":
        return urls_of(root)
    assert root.tag == f"{SITEMAP}sitemapindex"
    found: dict[str, ET.Element] = {}
    for location in root.iterfind(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        part = urls_of(fetch_xml(client, location.text.removeprefix("http://localhost")))
        assert not set(part) & set(found), "an address is in two parts"
        found.update(part)
    return found


def story_address(locale: str, story: Any) -> str:
    return f"http://localhost/{locale}/stories/{story.public_id}"


def test_the_sitemap_lists_every_public_page_in_every_language(client, make_story):
    """Are the home pages, story lists and each public story listed in English and Korean, each
    with its alternates (hreflang, x-default) and a last change?"""
    story = make_story(state="published")
    response = client.get("/sitemap.xml")
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    text = response.get_data(as_text=True)
    assert 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in text
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in text
    urls = urls_of(ET.fromstring(response.data))
    tags = LOCALE_REGISTRY.keys()
    assert set(urls) == {
        *(f"http://localhost/{tag}/" for tag in tags),
        *(f"http://localhost/{tag}/stories" for tag in tags),
        *(story_address(tag, story) for tag in tags),
    }
    assert alternates(urls["http://localhost/ko/"]) == {
        **{LOCALE_REGISTRY[tag].html_lang: f"http://localhost/{tag}/" for tag in tags},
        "x-default": "http://localhost/",
    }
    assert alternates(urls[story_address("ur", story)]) == {
        **{LOCALE_REGISTRY[tag].html_lang: story_address(tag, story) for tag in tags},
        "x-default": story_address("en", story),
    }
    for url in urls.values():
        assert W3C_DATETIME.fullmatch(url.findtext(f"{SITEMAP}lastmod"))


def test_only_public_stories_are_listed(client, make_story):
    """Are stories that are not public now left out of the sitemap?"""
    public = make_story(state="published")
    hidden = [
        make_story(state=state)
        for state in ("submitted", "in_review", "changes_requested", "unpublished", "declined")
    ]
    hidden.append(make_story(state="published", scopes=("store", "advocacy")))
    text = client.get("/sitemap.xml").get_data(as_text=True)
    assert public.public_id in text
    for story in hidden:
        assert story.public_id not in text


@pytest.mark.parametrize("change", ["unpublish", "narrow", "withdraw"])
def test_a_story_leaves_the_sitemap_in_the_next_request(client, db, make_story, moderator, change):
    """Does a story leave the sitemap at once when unpublished, narrowed or withdrawn, even
    for a reader holding the old ETag?"""
    story = make_story(state="published")
    first = client.get("/sitemap.xml")
    assert story.public_id in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    assert client.get("/sitemap.xml", headers={"If-None-Match": etag}).status_code == 304
    take_out_of_public(story, moderator, change)
    again = client.get("/sitemap.xml", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert story.public_id not in again.get_data(as_text=True)


def test_a_large_site_gets_an_index_of_parts(client, make_story, monkeypatch):
    """With more addresses than one file takes, is /sitemap.xml an index whose parts list every
    public page exactly once, none larger than the limit?"""
    monkeypatch.setattr(discovery, "URLS_PER_SITEMAP", 36)  # 12 languages: 3 stories a part
    stories = [make_story(state="published") for _ in range(8)]
    hidden = make_story(state="unpublished")
    index = fetch_xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in index.iterfind(f"{SITEMAP}sitemap/{SITEMAP}loc")]
    assert parts[0] == "http://localhost/sitemap.xml?part=pages"
    assert len(parts) == 1 + 3
    for part in parts:
        assert len(urls_of(fetch_xml(client, part.removeprefix("http://localhost")))) <= 36
    listed = all_story_urls(client)
    tags = LOCALE_REGISTRY.keys()
    expected = {story_address(tag, story) for story in stories for tag in tags}
    pages = {f"http://localhost/{tag}/{page}" for tag in tags for page in ("", "stories")}
    assert set(listed) == expected | pages
    assert hidden.public_id not in str(listed)
    for story in stories:
        assert alternates(listed[story_address("en", story)])["ko"] == story_address("ko", story)


def test_a_story_published_after_the_index_was_read_is_in_one_part(client, make_story, monkeypatch):
    """Does a story published between reading the index and reading its parts appear in
    exactly one part (ranges, not offsets)?"""
    monkeypatch.setattr(discovery, "URLS_PER_SITEMAP", 6)
    for _ in range(7):
        make_story(state="published")
    index = fetch_xml(client, "/sitemap.xml")
    parts = [loc.text for loc in index.iterfind(f"{SITEMAP}sitemap/{SITEMAP}loc")]
    late = make_story(state="published")
    holders = [
        part
        for part in parts
        if story_address("en", late)
        in urls_of(fetch_xml(client, part.removeprefix("http://localhost")))
    ]
    assert len(holders) == 1


@pytest.mark.parametrize(
    "query", ["?part=everything", "?part=stories&from=../etc", "?part=stories&to=A%20B"]
)
def test_a_malformed_part_is_not_found(client, query):
    """Is a sitemap part that was never offered answered 404?"""
    assert client.get(f"/sitemap.xml{query}").status_code == 404


def test_robots_allow_the_public_pages_and_point_at_the_sitemap(client):
    """Does robots.txt keep crawlers out of private pages only, and name the sitemap?"""
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /moderate/" in lines
    assert "Disallow: /*/my-story" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /" not in lines
    assert not any(line in lines for line in ("Disallow: /*/stories", "Disallow: /media/"))
    etag = response.headers["ETag"]
    assert client.get("/robots.txt", headers={"If-None-Match": etag}).status_code == 304
