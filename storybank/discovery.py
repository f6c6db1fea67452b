"""How search engines find the public pages: /sitemap.xml and /robots.txt.

A small site gets one sitemap. A large one (100,000 stories in 12 languages is 1.2 million
addresses) gets a sitemap index pointing at parts of at most URLS_PER_SITEMAP addresses: one for
the home pages and story lists, then ranges of stories by public id. Ranges are read by keyset
(`from <= public_id < to`, on its unique index) with only the columns the sitemap needs, so every
part costs the same however far down the list it is, and a story published between reading the
index and reading a part still falls into exactly one range.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import pairwise
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, abort, current_app, url_for
from sqlalchemy import func, select

from .caching import cached_publicly
from .db.editions import current_edition
from .extensions import db
from .i18n import LOCALE_REGISTRY, enabled_locales
from .inputs import is_public_id, query_value
from .models import PublishableRevision, Story, StoryTranslation, TranslationState
from .services.public import public_stories
from .templating import rfc3339

bp = Blueprint("discovery", __name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Addresses in one sitemap file. The protocol allows 50,000 and 50 MB; with 12 languages each
# address carries 13 alternates (~1.6 KB), so 5,000 keep a file near 8 MB and quick to build.
URLS_PER_SITEMAP = 5_000
# A range grows past URLS_PER_SITEMAP only by stories published since the index was read; never
# past this, whatever a request asks (12 languages at 20,000 addresses is ~32 MB of the 50 allowed).
MAX_URLS = 20_000

PLACEHOLDER = "__public_id__"

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
XML_TYPE = "application/xml"


class Alternates:
    """The addresses of one page in every enabled language, and the hreflang links between them."""

    def __init__(self, urls: dict[str, str], default: str) -> None:
        self.urls = urls
        links = [
            f'    <xhtml:link rel="alternate" hreflang="{LOCALE_REGISTRY[tag].html_lang}" '
            f"href={quoteattr(url)}/>\n"
            for tag, url in urls.items()
        ]
        links.append(
            f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(default)}/>\n'
        )
        self.links = "".join(links)

    def entries(self, lastmod: datetime | None) -> str:
        """One `<url>` per language, each listing all the others."""
        modified = f"    <lastmod>{rfc3339(lastmod)}</lastmod>\n" if lastmod else ""
        return "".join(
            f"  <url>\n    <loc>{escape(url)}</loc>\n{modified}{self.links}  </url>\n"
            for url in self.urls.values()
        )


def urlset(parts: Iterable[str]) -> Response:
    """A sitemap, streamed: a large one is never held in memory (nor in the page store)."""

    def body() -> Iterator[str]:
        yield XML_HEAD
        yield f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
        yield from parts
        yield "</urlset>\n"

    return Response(body(), mimetype=XML_TYPE)


def page_entries(locales: Sequence[str], lastmod: datetime | None) -> list[str]:
    """Each language's home page and story list."""
    default = current_app.config["STORYBANK_DEFAULT_LOCALE"]
    home = {tag: url_for("stories.home", locale=tag, _external=True) for tag in locales}
    # The site root sends each visitor to their language: exactly what x-default means.
    root = url_for("site.root", _external=True)
    lists = {tag: url_for("stories.story_list", locale=tag, _external=True) for tag in locales}
    return [
        Alternates(home, root).entries(lastmod),
        Alternates(lists, lists[default]).entries(lastmod),
    ]


def story_rows(
    first: str | None, before: str | None, limit: int
) -> list[tuple[str, datetime | None]]:
    """Public id and last change of the public stories in [first, before), by public id: when
    it was published, its text last revised, or a translation last approved."""
    revised = (
        select(func.max(PublishableRevision.created_at))
        .where(PublishableRevision.story_id == Story.id)
        .scalar_subquery()
    )
    translated = (
        select(func.max(StoryTranslation.updated_at))
        .where(
            StoryTranslation.story_id == Story.id,
            StoryTranslation.review_state == TranslationState.APPROVED,
        )
        .scalar_subquery()
    )
    query = public_stories().with_only_columns(
        Story.public_id, Story.published_at, revised, translated
    )
    if first is not None:
        query = query.where(Story.public_id >= first)
    if before is not None:
        query = query.where(Story.public_id < before)
    rows = db.session.execute(query.order_by(Story.public_id).limit(limit))
    return [
        (public_id, max((moment for moment in changes if moment is not None), default=None))
        for public_id, *changes in rows
    ]


def story_entries(locales: Sequence[str], rows: list[tuple[str, datetime | None]]) -> Iterator[str]:
    """Each story's page in every language. Addresses come from one template per language (not
    url_for per story, which would dominate the time of a large file), made now: the entries
    themselves are produced while the response streams, after the request has ended."""
    default = current_app.config["STORYBANK_DEFAULT_LOCALE"]
    templates = {
        tag: url_for("stories.story", locale=tag, public_id=PLACEHOLDER, _external=True)
        for tag in locales
    }

    def entries() -> Iterator[str]:
        for public_id, lastmod in rows:
            quoted = quote(public_id, safe="")
            urls = {tag: link.replace(PLACEHOLDER, quoted) for tag, link in templates.items()}
            yield Alternates(urls, urls[default]).entries(lastmod)

    return entries()


def public_count() -> int:
    """How many stories the public may see now."""
    query = public_stories().with_only_columns(Story.id).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def range_starts(per_file: int) -> list[str]:
    """The public id that starts each range after the first (every `per_file`-th story)."""
    numbered = public_stories().with_only_columns(
        Story.public_id, func.row_number().over(order_by=Story.public_id).label("position")
    )
    ranked = numbered.subquery()
    query = (
        select(ranked.c.public_id)
        .where(ranked.c.position > 1, (ranked.c.position - 1) % per_file == 0)
        .order_by(ranked.c.public_id)
    )
    return list(db.session.scalars(query))


def sitemap_index(starts: list[str]) -> Response:
    """The index: the pages part, then one part per range of stories (open at both ends)."""
    locations = [url_for("discovery.sitemap", part="pages", _external=True)]
    bounds: list[str | None] = [None, *starts, None]
    for first, before in pairwise(bounds):
        limits = {name: value for name, value in (("from", first), ("to", before)) if value}
        locations.append(url_for("discovery.sitemap", part="stories", **limits, _external=True))
    entries = "".join(
        f"  <sitemap>\n    <loc>{escape(location)}</loc>\n  </sitemap>\n" for location in locations
    )
    body = f'{XML_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}</sitemapindex>\n'
    return Response(body, mimetype=XML_TYPE)


def id_argument(name: str) -> str | None:
    """A range end from the query string: a public id, or 404 for anything the index never gave."""
    value = query_value(name)
    if value is None:
        return None
    if not is_public_id(value):
        abort(404)
    return value


@bp.get("/sitemap.xml")
@cached_publicly
def sitemap() -> Response:
    """Every public page in every language, with its alternates; an index when there are many.

    `?part=pages` is the home pages and story lists; `?part=stories&from=…&to=…` one range of
    stories (both ends optional).
    """
    locales = enabled_locales()
    part = query_value("part")
    lastmod = current_edition(db.session).changed_at
    if part == "pages":
        return urlset(page_entries(locales, lastmod))
    if part == "stories":
        first, before = id_argument("from"), id_argument("to")
        rows = story_rows(first, before, MAX_URLS // len(locales))
        return urlset(story_entries(locales, rows))
    if part is not None:
        abort(404)
    per_file = max(1, URLS_PER_SITEMAP // len(locales))
    count = public_count()
    if len(locales) * (2 + count) > URLS_PER_SITEMAP:
        return sitemap_index(range_starts(per_file))
    rows = story_rows(None, None, count + per_file)
    return urlset([*page_entries(locales, lastmod), *story_entries(locales, rows)])


ROBOTS = """\
User-agent: *
Allow: /
# Staff area, the storyteller's own status page and the language switch: not for crawlers.
Disallow: /moderate/
Disallow: /*/my-story
Disallow: /language/
# Search results repeat the story pages with endless variations.
Disallow: /*/search
"""


@bp.get("/robots.txt")
@cached_publicly
def robots() -> Response:
    """What crawlers may read, and where the sitemap is."""
    sitemap_url = url_for("discovery.sitemap", _external=True)
    return Response(f"{ROBOTS}\nSitemap: {sitemap_url}\n", mimetype="text/plain")
