"""JSON views of published stories: a page of them, one story, and the API's own description.

Every answer comes from the one definition of "public" (services/public.py), so a story that is
unpublished, loses its `publish` consent or is withdrawn leaves the API in the same request.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for

from ..caching import cached_publicly
from ..inputs import page_parameter, story_filters
from ..services.exports import ExportedStory, Translation, story_shape
from ..services.public import (
    NotPublic,
    PublicStory,
    find_public,
    page_of_public,
    public_view,
)
from .openapi import PER_PAGE, document

bp = Blueprint("api", __name__)
API_PREFIX = "/api/v1/"


@bp.after_app_request
def allow_any_origin(response: Response) -> Response:
    # Public data, no cookies or credentials involved: any site may read it from a browser.
    # Every answer under the API's address, those of addresses no route matched included.
    if not request.path.startswith(API_PREFIX):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    return response


def json_response(data: Any) -> Response:
    """UTF-8 JSON with the stories' own letters (한국어, not \\ud55c...)."""
    body = current_app.json.dumps(data, ensure_ascii=False)
    return current_app.response_class(body + "\n", mimetype="application/json")


def story_json(story: PublicStory) -> dict[str, Any]:
    """A public story as the API shows it: exactly the fields of SPEC §6 and nothing more."""
    default_locale = current_app.config["STORYBANK_DEFAULT_LOCALE"]
    shared = ExportedStory(
        public_id=story.public_id,
        title=story.title,
        text=story.text,
        language=story.language,
        attribution=story.attribution,
        themes=tuple(theme.slug for theme in story.themes),
        region=story.region,
        campaign=story.campaign.slug if story.campaign is not None else None,
        published_at=story.published_at,
        translations={
            language: Translation(translation.title, translation.text)
            for language, translation in story.translations.items()
        },
    )
    return story_shape(
        shared,
        url=url_for(
            "stories.story", locale=default_locale, public_id=story.public_id, _external=True
        ),
        media=[
            url_for("site.media", media_id=item.public_id, _external=True) for item in story.media
        ],
    )


@bp.get("/stories")
@cached_publicly
def stories() -> Response:
    """Published stories, newest first, a page at a time, filtered like the story list."""
    number = page_parameter(blank_allowed=False)
    filters = story_filters(blank_allowed=False)
    page = page_of_public(filters, number, PER_PAGE)
    following = (
        url_for("api.stories", **filters.as_args(), page=number + 1, _external=True)
        if page.has_next
        else None
    )
    return json_response(
        {
            "items": [story_json(public_view(story)) for story in page.items],
            "page": number,
            "next": following,
        }
    )


@bp.get("/stories/<public_id:public_id>")
@cached_publicly
def story(public_id: str) -> Response:
    """One published story; 410 once the storyteller took it back, 404 when not public now."""
    try:
        found = find_public(public_id)
    except NotPublic as refused:
        abort(refused.status)
    return json_response(story_json(public_view(found)))


@bp.get("/openapi.json")
@cached_publicly
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return json_response(document(current_app.config["STORYBANK_ORGANISATION"].name))
