"""The JSON API: exactly the published stories, exactly the SPEC's fields, as its OpenAPI says."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import add_translation, take_out_of_public
from storybank.models import (
    Campaign,
    CampaignText,
    Media,
    MediaKind,
    MessageAuthor,
    PublishableRevision,
    RevisionReason,
    StoryMessage,
    StoryTranslation,
    Theme,
    ThemeName,
    TranslationState,
)
from storybank.models._types import utcnow
from storybank.services import decisions, storyteller

SPEC_FIELDS = {
    "id",
    "title",
    "text",
    "language",
    "attribution",
    "themes",
    "region",
    "campaign",
    "published_at",
    "url",
    "translations",
    "media",
}
DOCUMENT_URI = "urn:storybank:openapi"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000117a5d7e40000000049454e44ae426082"
)


# ---------------------------------------------------------------------------------------------
# Checking answers against the served OpenAPI document


def pointer_to(*keys: str) -> str:
    return "#/" + "/".join(key.replace("~", "~0").replace("/", "~1") for key in keys)


def response_schema(document: dict[str, Any], path: str, status: int) -> str:
    """A JSON pointer to the schema the document promises for `GET path` answering `status`."""
    keys = ["paths", path, "get", "responses", str(status)]
    node: Any = document
    for key in keys:
        node = node[key]
    if "$ref" in node:
        keys = node["$ref"].removeprefix("#/").split("/")
    return pointer_to(*keys, "content", "application/json", "schema")


def validator_for(document: dict[str, Any], path: str, status: int) -> Draft202012Validator:
    """A validator for the answers of `GET path` with `status`, its $refs resolved in place."""
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": DOCUMENT_URI + response_schema(document, path, status)},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def api_get(client: Any, url: str, status: int = 200, **headers: str) -> Any:
    """GET an API address and check the answer against the served OpenAPI document."""
    document = client.get("/api/v1/openapi.json").json
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.data)
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    path = "/stories" if url.split("?")[0] == "/api/v1/stories" else "/stories/{public_id}"
    validator_for(document, path, status).validate(response.json)
    return response


# ---------------------------------------------------------------------------------------------
# Building stories


@pytest.fixture
def taxonomy(db: Any) -> dict[str, Any]:
    """Two themes and two campaigns, named in English and Korean."""
    family = Theme(slug="family", position=0, names=[ThemeName(locale="en", name="Family")])
    work = Theme(slug="work", position=1, names=[ThemeName(locale="en", name="Work")])
    waiting = Campaign(
        slug="waiting-years",
        texts=[CampaignText(locale="en", name="Waiting years", prompt="How long?")],
    )
    dreams = Campaign(
        slug="dreams", texts=[CampaignText(locale="en", name="Dreams", prompt="Dream?")]
    )
    db.session.add_all([family, work, waiting, dreams])
    db.session.commit()
    return {"family": family, "work": work, "waiting-years": waiting, "dreams": dreams}


def shape(db: Any, story: Any, **fields: Any) -> Any:
    """Set a story's region, themes or campaign after it was made."""
    for name, value in fields.items():
        setattr(story, name, value)
    db.session.commit()
    return story


@pytest.fixture
def full_story(db, make_story, moderator, translator, taxonomy):
    """A published Korean story with everything a storyteller can give and staff can add."""
    story = make_story(
        state="in_review",
        language="ko",
        title="기다린 세월",
        body="우리 가족은 십 년을 기다렸습니다. 전화 312-555-0188 로 연락하세요.",
        attribution="pen_name",
        storyteller_name="Park Eun-jin Secretname",
        shown_name="Eun Jin",
        scopes=("store", "publish", "contact"),
    )
    story.contact_email = "eunjin.private@example.org"
    story.contact_phone = "+1 312 555 0188"
    story.city = "Secretville"
    story.region = "IL"
    story.themes = [taxonomy["family"], taxonomy["work"]]
    story.campaign = taxonomy["waiting-years"]
    story.revisions.append(
        PublishableRevision(
            number=2,
            title="기다린 세월",
            text="우리 가족은 십 년을 기다렸습니다. 전화 [가림] 로 연락하세요.",
            created_by=moderator,
            reason=RevisionReason.REDACTED,
            redacted_kinds="phone",
        )
    )
    story.messages.append(
        StoryMessage(
            author=MessageAuthor.MODERATOR,
            staff_user=moderator,
            body="Private question: is the neighbour named?",
            created_at=utcnow(),
        )
    )
    db.session.commit()
    decisions.decide(
        story, moderator, "publish", "Internal note: checked with the organiser", confirm_flags=True
    )
    db.session.commit()
    add_translation(
        story,
        moderator,
        "en",
        "Years of waiting",
        "Our family waited ten years.",
        translator=translator,
    )
    db.session.add(
        StoryTranslation(
            story=story,
            language="es",
            title="Borrador secreto",
            text="Texto sin aprobar",
            review_state=TranslationState.DRAFT,
            translator=translator,
            source_revision_number=2,
        )
    )
    photo = Media(
        story=story,
        kind=MediaKind.PHOTO,
        content_type="image/png",
        byte_size=len(PNG),
        sha256=hashlib.sha256(PNG).hexdigest(),
        data=PNG,
        width=1,
        height=1,
    )
    db.session.add(photo)
    db.session.commit()
    return story


# ---------------------------------------------------------------------------------------------
# The description


def test_the_description_is_a_valid_openapi_3_1_document(client):
    """Does /api/v1/openapi.json pass the OpenAPI validator and describe both endpoints?"""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.json
    validate_openapi(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/stories", "/stories/{public_id}"}
    listing = document["paths"]["/stories"]["get"]
    names = {
        document["components"]["parameters"][p["$ref"].split("/")[-1]]["name"]
        for p in listing["parameters"]
    }
    assert names == {"lang", "theme", "region", "campaign", "page"}
    assert set(listing["responses"]) >= {"200", "400"}
    assert set(document["paths"]["/stories/{public_id}"]["get"]["responses"]) >= {
        "200",
        "404",
        "410",
    }
    description = document["info"]["description"]
    assert "Read-only" in description and 'What "published" means' in description
    assert set(document["components"]["schemas"]["Story"]["properties"]) == SPEC_FIELDS


def test_every_object_in_the_description_refuses_unknown_fields(client):
    """Does every object schema say `additionalProperties: false` (maps: only translations)?"""
    document = client.get("/api/v1/openapi.json").json
    objects = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                objects.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["components"]["schemas"])
    assert len(objects) >= 5
    for schema in objects:
        closed = schema["additionalProperties"]
        assert closed is False or closed == {"$ref": "#/components/schemas/Translation"}, schema


def test_the_schemas_would_notice_one_field_too_many(client, full_story):
    """Would a validating client notice an extra field, a missing one, or a bad date?"""
    document = client.get("/api/v1/openapi.json").json
    story = client.get(f"/api/v1/stories/{full_story.public_id}").json
    one = validator_for(document, "/stories/{public_id}", 200)
    listing = validator_for(document, "/stories", 200)
    assert one.is_valid(story)
    assert listing.is_valid({"items": [story], "page": 1, "next": None})
    wrong = [
        {**story, "contact_email": "x@example.org"},
        {key: value for key, value in story.items() if key != "attribution"},
        {**story, "published_at": "yesterday"},
        {**story, "translations": {"es": {"title": None, "text": "t", "translator": "x"}}},
    ]
    for body in wrong:
        assert not one.is_valid(body)
        assert not listing.is_valid({"items": [body], "page": 1, "next": None})
    assert not validator_for(document, "/stories/{public_id}", 404).is_valid(
        {"error": {"status": 404, "title": "x", "trace": "..."}}
    )


def test_the_api_is_read_only(client, full_story):
    """Is anything but reading refused on every API address?"""
    for url in ("/api/v1/stories", f"/api/v1/stories/{full_story.public_id}"):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, json={"title": "changed"})
            assert response.status_code == 405
            assert response.json["error"]["status"] == 405


# ---------------------------------------------------------------------------------------------
# One story


def test_one_story_has_exactly_the_spec_fields(client, full_story, moderator):
    """Does a story answer with the SPEC's fields: public id, publishable text, chosen name,
    slugs, RFC 3339 date, absolute addresses, approved translations only?"""
    response = api_get(client, f"/api/v1/stories/{full_story.public_id}")
    story = response.json
    assert set(story) == SPEC_FIELDS
    assert story["id"] == full_story.public_id
    assert story["title"] == "기다린 세월"
    assert story["text"] == "우리 가족은 십 년을 기다렸습니다. 전화 [가림] 로 연락하세요."
    assert story["language"] == "ko"
    assert story["attribution"] == "Eun Jin"
    assert story["themes"] == ["family", "work"]
    assert story["region"] == "IL"
    assert story["campaign"] == "waiting-years"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", story["published_at"])
    published = datetime.fromisoformat(story["published_at"])
    assert published.utcoffset() is not None
    assert story["url"] == f"http://localhost/en/stories/{full_story.public_id}"
    assert story["translations"] == {
        "en": {"title": "Years of waiting", "text": "Our family waited ten years."}
    }
    assert story["media"] == [f"http://localhost/media/{full_story.media[0].public_id}"]
    # Written as UTF-8, not as \u escapes.
    assert "기다린 세월" in response.get_data(as_text=True)


def test_nothing_private_leaks_into_any_answer(client, db, full_story, moderator, translator):
    """Do contact details, the hidden full name, the original text, an unapproved translation,
    moderation notes and messages, internal ids and staff stay out of every JSON answer?"""
    db.session.rollback()
    answers = "\n".join(
        client.get(url).get_data(as_text=True)
        for url in (
            f"/api/v1/stories/{full_story.public_id}",
            "/api/v1/stories",
            "/api/v1/stories?lang=ko&theme=family&region=IL&campaign=waiting-years",
            "/api/v1/openapi.json",
        )
    )
    for secret in (
        "eunjin.private@example.org",
        "555 0188",
        "312-555-0188",
        "Secretname",
        "Park Eun-jin",
        "Secretville",
        "Borrador secreto",
        "Texto sin aprobar",
        "Internal note",
        "Private question",
        "Redacted: phone number",
        moderator.email,
        translator.email,
    ):
        assert secret not in answers, secret
    story = client.get(f"/api/v1/stories/{full_story.public_id}").json
    assert story["id"] != str(full_story.id)
    assert json.dumps(story).count(str(full_story.public_id)) == 2  # its id and its page


def test_an_anonymous_untitled_story_has_nulls_not_guesses(client, make_story):
    """Does an anonymous story without title, region or campaign answer null for them?"""
    story = make_story(
        state="published", title="", attribution="anonymous", storyteller_name="Hidden Person"
    )
    found = api_get(client, f"/api/v1/stories/{story.public_id}").json
    assert found["attribution"] is None
    assert found["title"] in (None, "")
    assert found["region"] is None and found["campaign"] is None
    assert found["themes"] == [] and found["translations"] == {} and found["media"] == []
    assert "Hidden Person" not in json.dumps(found)


def test_a_full_name_is_shown_only_when_chosen(client, make_story):
    """Is the full name the attribution only when the storyteller chose `full_name`?"""
    story = make_story(
        state="published", attribution="full_name", storyteller_name="Maria Elena Soto"
    )
    assert api_get(client, f"/api/v1/stories/{story.public_id}").json["attribution"] == (
        "Maria Elena Soto"
    )


@pytest.mark.parametrize(
    "state", ["submitted", "in_review", "changes_requested", "unpublished", "declined"]
)
def test_a_story_the_public_may_not_see_is_not_found(client, make_story, state):
    """Does a story that is not published now answer a 404 error object, and nothing of it?"""
    story = make_story(state=state, title="Secret title", body="Secret text")
    response = api_get(client, f"/api/v1/stories/{story.public_id}", 404)
    assert response.json["error"]["status"] == 404
    assert "Secret" not in response.get_data(as_text=True)


def test_an_unknown_story_is_not_found(client):
    """Does an id that never existed answer 404 like any hidden story?"""
    assert api_get(client, "/api/v1/stories/nosuchstory0000", 404).json == {
        "error": {"status": 404, "title": "Page not found"}
    }


def test_a_story_without_the_publish_permission_is_not_found(client, make_story):
    """Is a published story whose consent lacks `publish` hidden from the API?"""
    story = make_story(state="published", scopes=("store", "advocacy"))
    api_get(client, f"/api/v1/stories/{story.public_id}", 404)
    assert story.public_id not in client.get("/api/v1/stories").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Lists


def test_the_list_is_newest_first_twenty_a_page(client, make_story):
    """Are stories listed newest first, 20 a page, with an absolute next link until the end?"""
    stories = [make_story(state="published", title=f"Story {n}") for n in range(23)]
    first = api_get(client, "/api/v1/stories").json
    assert first["page"] == 1
    assert [item["id"] for item in first["items"]] == [s.public_id for s in stories[::-1][:20]]
    assert first["next"] == "http://localhost/api/v1/stories?page=2"
    second = api_get(client, "/api/v1/stories?page=2").json
    assert [item["id"] for item in second["items"]] == [s.public_id for s in stories[2::-1]]
    assert second["page"] == 2 and second["next"] is None


def test_a_page_past_the_end_is_empty(client, make_story):
    """Is a page after the last one an empty list with no next link (not an error)?"""
    make_story(state="published")
    beyond = api_get(client, "/api/v1/stories?page=7").json
    assert beyond == {"items": [], "page": 7, "next": None}


def test_an_empty_site_answers_an_empty_first_page(client):
    """Does the list answer an empty first page when nothing is published?"""
    assert api_get(client, "/api/v1/stories").json == {"items": [], "page": 1, "next": None}


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9999999", " 2"])
def test_a_bad_page_number_is_a_bad_request(client, page):
    """Is a page that is not a whole number from 1 answered 400 with the error object?"""
    response = api_get(client, f"/api/v1/stories?page={page}", 400)
    assert response.json["error"]["status"] == 400


def test_filters_combine(client, db, make_story, taxonomy):
    """Does every filter narrow the list, and do they combine (all must match)?"""
    chicago_family = shape(
        db,
        make_story(state="published", language="ko"),
        region="IL",
        themes=[taxonomy["family"]],
        campaign=taxonomy["waiting-years"],
    )
    chicago_work = shape(
        db,
        make_story(state="published", language="es"),
        region="IL",
        themes=[taxonomy["work"]],
        campaign=taxonomy["dreams"],
    )
    texas_family = shape(
        db,
        make_story(state="published", language="ko"),
        region="TX",
        themes=[taxonomy["family"], taxonomy["work"]],
        campaign=taxonomy["waiting-years"],
    )
    hidden = shape(
        db, make_story(state="unpublished", language="ko"), region="IL", themes=[taxonomy["family"]]
    )

    def ids(query: str) -> set[str]:
        return {item["id"] for item in api_get(client, f"/api/v1/stories?{query}").json["items"]}

    assert ids("") == {chicago_family.public_id, chicago_work.public_id, texas_family.public_id}
    assert ids("region=IL") == {chicago_family.public_id, chicago_work.public_id}
    assert ids("region=IL") == {chicago_family.public_id, chicago_work.public_id}
    assert ids("theme=family") == {chicago_family.public_id, texas_family.public_id}
    assert ids("lang=ko") == {chicago_family.public_id, texas_family.public_id}
    assert ids("campaign=dreams") == {chicago_work.public_id}
    assert ids("region=IL&theme=family") == {chicago_family.public_id}
    assert ids("lang=ko&theme=work") == {texas_family.public_id}
    assert ids("lang=ko&theme=work&region=IL") == set()
    assert ids("theme=family&campaign=waiting-years&region=TX&lang=ko") == {texas_family.public_id}
    assert ids("theme=nothing-like-this") == set()
    assert hidden.public_id not in ids("region=IL&theme=family")


def test_the_next_link_keeps_the_filters(client, db, make_story, taxonomy):
    """Does the next page of a filtered list stay filtered?"""
    for _ in range(21):
        shape(db, make_story(state="published", language="ko"), themes=[taxonomy["family"]])
    make_story(state="published", language="en")
    first = api_get(client, "/api/v1/stories?theme=family&lang=ko").json
    assert first["next"] == "http://localhost/api/v1/stories?theme=family&lang=ko&page=2"
    second = api_get(client, first["next"].removeprefix("http://localhost")).json
    assert len(second["items"]) == 1 and second["items"][0]["language"] == "ko"
    assert second["next"] is None


# ---------------------------------------------------------------------------------------------
# Consent changes and caching


@pytest.mark.parametrize("change", ["unpublish", "narrow", "withdraw"])
def test_a_story_leaves_the_api_in_the_next_request(client, db, make_story, moderator, change):
    """Does a story vanish from the list at once when unpublished, when the storyteller takes
    back `publish`, or when they withdraw it (which answers 410)?"""
    story = make_story(state="published", title="Here now")
    assert story.public_id in client.get("/api/v1/stories").get_data(as_text=True)
    api_get(client, f"/api/v1/stories/{story.public_id}")
    take_out_of_public(story, moderator, change)
    listed = api_get(client, "/api/v1/stories").json
    assert story.public_id not in {item["id"] for item in listed["items"]}
    gone = api_get(
        client, f"/api/v1/stories/{story.public_id}", 410 if change == "withdraw" else 404
    )
    assert "Here now" not in gone.get_data(as_text=True)


def test_a_withdrawn_story_answers_gone(client, db, make_story):
    """Does a withdrawn story answer 410 with the error object?"""
    story = make_story(state="published")
    storyteller.withdraw(story)
    db.session.commit()
    response = api_get(client, f"/api/v1/stories/{story.public_id}", 410)
    assert response.json["error"]["status"] == 410


@pytest.mark.parametrize("change", ["publish", "withdraw"])
def test_validators_change_when_the_public_stories_do(client, db, make_story, change):
    """Is a repeated request answered 304, and does a publish or a withdrawal end that?"""
    story = make_story(state="published")
    urls = ("/api/v1/stories", f"/api/v1/stories/{story.public_id}")
    etags = {}
    for url in urls:
        first = client.get(url)
        etags[url] = first.headers["ETag"]
        assert "public" in first.headers["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": etags[url]})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["Access-Control-Allow-Origin"] == "*"
    if change == "publish":
        make_story(state="published")
    else:
        storyteller.withdraw(story)
        db.session.commit()
    listing = client.get(urls[0], headers={"If-None-Match": etags[urls[0]]})
    assert listing.status_code == 200 and listing.headers["ETag"] != etags[urls[0]]
    one = client.get(urls[1], headers={"If-None-Match": etags[urls[1]]})
    assert one.status_code == (200 if change == "publish" else 410)
    assert one.headers.get("ETag") != etags[urls[1]]


def test_errors_and_unknown_addresses_under_the_api_are_json(client):
    """Does an address under /api/ that does not exist answer JSON, not an HTML page?"""
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.json == {"error": {"status": 404, "title": "Page not found"}}
