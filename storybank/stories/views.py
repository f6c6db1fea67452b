"""Reader pages, all under a locale prefix."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..caching import cached_publicly
from ..extensions import db
from ..i18n import LOCALE_REGISTRY, current_locale, enabled_locales, language_name
from ..inputs import page_parameter, query_value, story_filters
from ..models import Campaign, Theme
from ..regions import region_name
from ..search import search_public
from ..services.consent import current_consent_text
from ..services.public import (
    NotPublic,
    StoryFilters,
    facet_counts,
    find_public,
    newest_first,
    page_of_public,
    public_loading,
    public_stories,
    public_view,
)
from ..templating import verbatim

bp = Blueprint("stories", __name__)

LATEST_ON_HOME = 6
STORIES_PER_PAGE = 12
SEARCH_PER_PAGE = 10
# Longer queries are cut: nobody types more, and it bounds the work one request can ask for.
SEARCH_QUERY_LIMIT = 200


def open_campaigns() -> list[Campaign]:
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.is_open.is_(True)).order_by(Campaign.created_at.desc())
    )
    return [campaign for campaign in campaigns if campaign.accepts_stories()]


@bp.get("/")
@cached_publicly
def home() -> str:
    """What this is, the open campaigns, the latest published stories."""
    locale = current_locale().tag
    latest = db.session.scalars(
        newest_first(public_stories()).options(*public_loading()).limit(LATEST_ON_HOME)
    ).all()
    return render_template(
        "stories/home.html",
        organisation=current_app.config["STORYBANK_ORGANISATION"],
        campaigns=[(c, c.text_in(locale)) for c in open_campaigns()],
        latest=[public_view(story) for story in latest],
    )


def filter_choices(filters: StoryFilters) -> dict[str, list[dict[str, Any]]]:
    """Each filter's values with the number of stories each would show; values with no stories
    are left out, unless chosen."""
    locale = current_locale().tag
    counts = facet_counts(filters)
    themes = {theme.slug: theme for theme in db.session.scalars(select(Theme))}
    campaigns = {c.slug: c for c in db.session.scalars(select(Campaign))}

    def name_of(facet: str, value: str) -> str:
        if facet == "theme":
            return themes[value].name_in(locale) if value in themes else value
        if facet == "campaign":
            text = campaigns[value].text_in(locale) if value in campaigns else None
            return text.name if text else value
        if facet == "region":
            return region_name(value)
        return language_name(value)

    choices: dict[str, list[dict[str, Any]]] = {}
    for facet, by_value in counts.items():
        chosen = getattr(filters, facet)
        values = set(by_value) | ({chosen} if chosen else set())
        rows = [
            {
                "value": value,
                "name": name_of(facet, value),
                "count": by_value.get(value, 0),
                "selected": value == chosen,
            }
            for value in values
        ]
        rows.sort(key=lambda row: row["name"].casefold())
        choices[facet] = rows
    return choices


@bp.get("/stories")
@cached_publicly
def story_list() -> str:
    """Published stories, newest first, with filters that combine."""
    number = page_parameter(not_found=True)
    filters = story_filters()
    page = page_of_public(filters, number, STORIES_PER_PAGE)
    if number > page.pages:
        abort(404)
    return render_template(
        "stories/list.html",
        page=page,
        stories=[public_view(story) for story in page.items],
        filters=filters,
        choices=filter_choices(filters),
    )


def alternate_links(public_id: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of this story's page in every language, then x-default."""
    links = [
        (
            LOCALE_REGISTRY[tag].html_lang,
            url_for("stories.story", locale=tag, public_id=public_id, _external=True),
        )
        for tag in enabled_locales()
    ]
    default = current_app.config["STORYBANK_DEFAULT_LOCALE"]
    links.append(
        ("x-default", url_for("stories.story", locale=default, public_id=public_id, _external=True))
    )
    return links


FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?"


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain links to share a story: nothing from another site is loaded on our pages."""
    text = f"{title} {url}".strip()
    return [
        (_("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        (verbatim("WhatsApp"), "https://wa.me/?" + urlencode({"text": text})),
        (verbatim("Facebook"), FACEBOOK_SHARE + urlencode({"u": url})),
        (verbatim("X"), "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
    ]


@bp.get("/stories/<public_id:public_id>")
@cached_publicly
def story(public_id: str) -> str:
    """One published story, in the reader's language when an approved translation exists."""
    try:
        found = find_public(public_id)
    except NotPublic as refused:
        abort(refused.status)
    view = public_view(found)
    translation = view.translation_for(current_locale().tag)
    show_original = translation is None or query_value("original") == "1"
    title = view.title if show_original or translation is None else translation.title
    canonical = url_for("stories.story", public_id=public_id, _external=True)
    return render_template(
        "stories/story.html",
        story=view,
        translation=translation,
        show_original=show_original,
        canonical=canonical,
        alternates=alternate_links(public_id),
        share_links=share_links(canonical, title or ""),
    )


@bp.get("/search")
@cached_publicly
def search() -> str:
    """Full-text search over published stories and their approved translations."""
    number = page_parameter(not_found=True)
    query = (query_value("q") or "")[:SEARCH_QUERY_LIMIT]
    results = search_public(
        query, page=number, per_page=SEARCH_PER_PAGE, language=current_locale().tag
    )
    if results.hits or number == 1:
        return render_template(
            "stories/search.html",
            query=query,
            results=results,
            page=results,
            stories={hit.story.id: public_view(hit.story) for hit in results.hits},
        )
    abort(404)


@bp.get("/consent")
def consent() -> str:
    """The consent text in force, in the reader's language when it exists."""
    locale = current_locale().tag
    text = current_consent_text(locale)
    return render_template("stories/consent.html", consent_text=text, requested=locale)


@bp.get("/privacy")
def privacy() -> str:
    """What storybank keeps, who can see it, and the storyteller's rights."""
    return render_template(
        "stories/privacy.html", organisation=current_app.config["STORYBANK_ORGANISATION"]
    )
