"""The OpenAPI 3.1 description of the JSON API, built here so it cannot drift from the views.

The document is a developer-facing contract, so it is written in English and not translated.
Every object schema refuses unknown fields (`additionalProperties: false`): a client validating
with it would notice at once if the API ever exposed more than the SPEC allows.
"""

from __future__ import annotations

from typing import Any

from ..inputs import LANGUAGE_TAG_LIMIT, PAGE_LIMIT, PUBLIC_ID
from ..regions import US_REGIONS

# Stories on one page of `GET /stories` (the views use this number too).
PER_PAGE = 20

DESCRIPTION = """\
Read-only access to the stories published on this site. There is no authentication, nothing can
be changed through the API, and every request is a GET.

**What "published" means.** A story appears here only while all of these hold: a moderator has
published it, the storyteller's current consent includes publishing on this website, and the
storyteller has not withdrawn it. Stories show the publishable text (the moderated version, never
the original), the storyteller's name only as they chose to be named, and only translations that
a moderator approved for the current text.

**Consent can change.** A storyteller may narrow their consent or withdraw their story at any
time. A story that is no longer published answers `404`; a withdrawn story answers `410 Gone`
and its content is erased. If you keep copies, check them again regularly and delete any story
that answers 404 or 410.

**Caching.** Answers carry `ETag`, `Last-Modified` and `Cache-Control: public, max-age=…`. A
conditional request (`If-None-Match`) is answered `304 Not Modified` while nothing public changed.
"""

JSON = "application/json"


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {JSON: {"schema": schema}}


def closed_object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object schema with every property required and nothing else allowed."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
        **extra,
    }


TRANSLATION = closed_object(
    {
        "title": {
            "type": ["string", "null"],
            "description": "The translated title; null when the translation has none.",
        },
        "text": {"type": "string", "description": "The translated publishable text."},
    },
    description="An approved translation of the story's current publishable text.",
)

STORY = closed_object(
    {
        "id": {
            "type": "string",
            "pattern": f"^{PUBLIC_ID}$",
            "description": "The story's public identifier (random; not a database key).",
        },
        "title": {"type": ["string", "null"], "description": "Null for an untitled story."},
        "text": {
            "type": "string",
            "description": "The publishable text: plain text, paragraphs separated by blank "
            "lines. Never HTML; escape it when you show it.",
        },
        "language": {
            "type": "string",
            "description": "BCP 47 tag of the language the story was told in.",
        },
        "attribution": {
            "type": ["string", "null"],
            "description": "The storyteller's name exactly as they chose to be shown (a first "
            "name, initials, a pen name or their full name); null when they chose to be "
            "anonymous. Show it as it is, and show nothing else about who they are.",
        },
        "themes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Slugs of the story's themes (usable as the `theme` filter).",
        },
        "region": {
            "type": ["string", "null"],
            "pattern": "^[A-Z]{2}$",
            "description": "US state or territory code, e.g. `IL`.",
        },
        "campaign": {
            "type": ["string", "null"],
            "description": "Slug of the campaign the story was told for.",
        },
        "published_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the story was first published (RFC 3339, UTC).",
        },
        "url": {
            "type": "string",
            "format": "uri",
            "description": "The story's page on this site, in the site's default language.",
        },
        "translations": {
            "type": "object",
            "propertyNames": {"type": "string", "minLength": 2, "maxLength": 35},
            "additionalProperties": ref("schemas", "Translation"),
            "description": "Approved translations, keyed by BCP 47 language tag.",
        },
        "media": {
            "type": "array",
            "items": {"type": "string", "format": "uri"},
            "description": "Addresses of the story's photo and voice recording, if any "
            "(metadata removed).",
        },
    },
    description="A published story: everything the API ever shows of it.",
    examples=[
        {
            "id": "k3v9q2m7x4p8h1rt",
            "title": "기다린 세월",
            "text": "우리 가족은 십 년을 기다렸습니다.\n\n그리고 마침내...",
            "language": "ko",
            "attribution": "Eun Jin",
            "themes": ["family"],
            "region": "IL",
            "campaign": "waiting-years",
            "published_at": "2026-11-21T04:24:33Z",
            "url": "https://stories.example.org/en/stories/k3v9q2m7x4p8h1rt",
            "translations": {
                "en": {"title": "Years of waiting", "text": "Our family waited ten years."}
            },
            "media": ["https://stories.example.org/media/8wq4z1c6n2b7d5fs"],
        }
    ],
)

STORY_LIST = closed_object(
    {
        "items": {"type": "array", "items": ref("schemas", "Story"), "maxItems": PER_PAGE},
        "page": {"type": "integer", "minimum": 1, "description": "This page's number."},
        "next": {
            "type": ["string", "null"],
            "format": "uri",
            "description": "The next page (same filters), or null on the last page.",
        },
    },
    description=f"One page of published stories, newest first, at most {PER_PAGE}.",
)

ERROR = closed_object(
    {
        "error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["status", "title"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status code."},
                "title": {
                    "type": "string",
                    "description": "A short explanation (in the language of Accept-Language).",
                },
                "parameter": {
                    "type": "string",
                    "description": "For a 400: the query parameter that was not valid.",
                },
            },
        }
    },
    description="What went wrong.",
)


def query_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


SLUG = {"type": "string", "pattern": "^[a-z0-9-]{1,80}$", "maxLength": 80}

PARAMETERS = {
    "lang": query_parameter(
        "lang",
        "Only stories told in this language (BCP 47 tag, e.g. `ko` or `zh-hant`; case does not "
        "matter).",
        {
            "type": "string",
            "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
            "maxLength": LANGUAGE_TAG_LIMIT,
        },
    ),
    "theme": query_parameter("theme", "Only stories with this theme (its slug).", SLUG),
    "region": query_parameter(
        "region",
        "Only stories from this US state or territory (its two-letter postal code, e.g. `IL`).",
        {"type": "string", "enum": sorted(US_REGIONS)},
    ),
    "campaign": query_parameter(
        "campaign", "Only stories told for this campaign (its slug).", SLUG
    ),
    "page": query_parameter(
        "page",
        "Page number, from 1. A page past the last one is empty; anything that is not a whole "
        "number from 1 (an empty value included) is answered 400.",
        {"type": "integer", "minimum": 1, "maximum": PAGE_LIMIT, "default": 1},
    ),
    "public_id": {
        "name": "public_id",
        "in": "path",
        "required": True,
        "description": "The story's public identifier (`id`).",
        "schema": {"type": "string", "pattern": f"^{PUBLIC_ID}$"},
    },
}

RESPONSES = {
    "NotModified": {"description": "Not Modified: your copy (its ETag) is still current."},
    "BadRequest": {
        "description": "Bad Request: a query parameter is not valid (such as `page=0`, "
        "`region=ZZ` or a parameter given twice); `error.parameter` names it.",
        "content": json_content(ref("schemas", "Error")),
    },
    "NotFound": {
        "description": "Not Found: no such story, or it is not published now (never "
        "published, unpublished by a moderator, or its storyteller took back the permission "
        "to publish it).",
        "content": json_content(ref("schemas", "Error")),
    },
    "Gone": {
        "description": "Gone: the storyteller withdrew this story and its content was erased. "
        "Delete any copy you keep.",
        "content": json_content(ref("schemas", "Error")),
    },
}


def document(organisation: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API as served by this site."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{organisation}: published stories",
            "summary": "Read-only JSON access to the stories published on this site.",
            "description": DESCRIPTION,
            "version": "1.0.0",
        },
        # Relative: the API lives next to this document, whatever the site's address.
        "servers": [{"url": "/api/v1"}],
        # No authentication at all: everything here is public.
        "security": [],
        "tags": [{"name": "stories", "description": "Published stories."}],
        "paths": {
            "/stories": {
                "get": {
                    "operationId": "listStories",
                    "tags": ["stories"],
                    "summary": "Published stories, newest first",
                    "description": f"{PER_PAGE} stories a page. Filters combine: a story is "
                    "listed when it matches all of the filters given.",
                    "parameters": [
                        ref("parameters", name)
                        for name in ("lang", "theme", "region", "campaign", "page")
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of stories.",
                            "content": json_content(ref("schemas", "StoryList")),
                        },
                        "304": ref("responses", "NotModified"),
                        "400": ref("responses", "BadRequest"),
                    },
                }
            },
            "/stories/{public_id}": {
                "get": {
                    "operationId": "getStory",
                    "tags": ["stories"],
                    "summary": "One published story",
                    "parameters": [ref("parameters", "public_id")],
                    "responses": {
                        "200": {
                            "description": "The story.",
                            "content": json_content(ref("schemas", "Story")),
                        },
                        "304": ref("responses", "NotModified"),
                        "404": ref("responses", "NotFound"),
                        "410": ref("responses", "Gone"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Story": STORY,
                "Translation": TRANSLATION,
                "StoryList": STORY_LIST,
                "Error": ERROR,
            },
            "parameters": PARAMETERS,
            "responses": RESPONSES,
        },
    }
