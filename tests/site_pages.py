"""The pages of the site, by audience, over the demo content: the same list is checked by axe in
the browser and in the pseudo-locale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from storybank.extensions import db

# Pages that are not HTML, or that only redirect (their targets are checked).
NOT_PAGES = frozenset(
    {
        "static",
        "api.openapi",
        "api.stories",
        "api.story",
        "discovery.robots",
        "discovery.sitemap",
        "site.healthz",
        "site.media",
        "site.root",
        "site.theme_css",
        "site.choose_language",
        "stories.feed",
        "moderate.media",
    }
)


def page_endpoints(app: Any) -> set[str]:
    """The endpoints of every HTML page the application serves."""
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.endpoint not in NOT_PAGES
    }


def endpoint_of(app: Any, path: str) -> str:
    """The endpoint that answers GET `path` (without the site's address), or "404"."""
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path.split("?", 1)[0], method="GET")
    except HTTPException:
        return "404"
    return endpoint


def demo_facts(app: Any) -> dict[str, Any]:
    """Addresses of the demo content: a published Korean story with an English translation, a
    withdrawn story, a story waiting for review, and the taxonomy's first rows."""
    from storybank.models import Campaign, ConsentText, Story, StoryState, Theme

    def first_story(*conditions: Any) -> Story:
        return db.session.scalars(select(Story).where(*conditions).order_by(Story.id)).first()

    with app.app_context():
        published = first_story(Story.state == StoryState.PUBLISHED, Story.story_language == "ko")
        theme = db.session.scalars(select(Theme).order_by(Theme.position)).first()
        campaign = db.session.scalars(select(Campaign)).first()
        facts = {
            "published": published.public_id,
            "published_id": published.id,
            "withdrawn": first_story(Story.state == StoryState.WITHDRAWN).public_id,
            "waiting_id": first_story(Story.state == StoryState.IN_REVIEW).id,
            "theme_id": theme.id,
            "theme_slug": theme.slug,
            "campaign_id": campaign.id,
            "campaign_slug": campaign.slug,
            "consent_text_id": db.session.scalars(select(ConsentText.id)).first(),
        }
        db.session.remove()
    return facts


def public_pages(tag: str, facts: dict[str, Any]) -> list[tuple[str, int]]:
    """Every public page reached by an address (path, expected status) in language `tag`; the
    pages that answer a form are reached by sending it."""
    here = f"/{tag}"
    story = f"{here}/stories/{facts['published']}"
    return [
        (f"{here}/", 200),
        (f"{here}/stories", 200),
        (f"{here}/stories?theme={facts['theme_slug']}&lang=ko", 200),
        (story, 200),
        (f"{story}?original=1", 200),
        (f"{here}/stories/{facts['withdrawn']}", 410),
        (f"{here}/stories/nothing-here", 404),
        (f"{here}/search", 200),
        (f"{here}/search?q=%EA%B0%80%EC%A1%B1", 200),
        (f"{here}/search?q=zzzqqq", 200),
        (f"{here}/consent", 200),
        (f"{here}/privacy", 200),
        (f"{here}/share", 200),
        (f"{here}/share/{facts['campaign_slug']}", 200),
        (f"{here}/my-story", 200),
        # What nginx shows for a body over the size limit (deploy/nginx/storybank-proxy.conf).
        (f"{here}/request-too-large", 413),
    ]


def staff_pages(facts: dict[str, Any]) -> list[str]:
    """Every staff page reached by an address, for an administrator who is signed in."""
    staff = "/moderate"
    story, published = facts["waiting_id"], facts["published_id"]
    return [
        f"{staff}/",
        f"{staff}/?state=submitted",
        f"{staff}/stories/{story}",
        f"{staff}/intake",
        f"{staff}/translations/",
        f"{staff}/translations/review",
        f"{staff}/stories/{published}/translations/",
        f"{staff}/stories/{published}/translations/ja",
        f"{staff}/stories/{published}/translations/en/review",
        f"{staff}/admin/",
        f"{staff}/admin/themes",
        f"{staff}/admin/themes/{facts['theme_id']}",
        f"{staff}/admin/campaigns",
        f"{staff}/admin/campaigns/{facts['campaign_id']}",
        f"{staff}/admin/consent",
        f"{staff}/admin/consent/{facts['consent_text_id']}",
        f"{staff}/admin/users",
        f"{staff}/admin/audit",
        f"{staff}/exports",
        f"{staff}/account/password",
        f"{staff}/logout",
    ]
