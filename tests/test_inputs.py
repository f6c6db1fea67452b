"""Input that cannot be what it claims: refused with 400/404/415 or a field error, never a 500,
never silently reinterpreted, and nothing typed lost. One test per class found by fuzzing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from test_reading import PNG, add_media
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import EnvironBuilder, encode_multipart

from conftest import (
    STAFF_PASSWORD,
    form_token,
    hidden_fields,
    post_form,
    stored_stories,
    story_fields,
)
from storybank.inputs import language_tag, region_code, whole_number
from storybank.models import MediaKind

LONG_PASSPHRASE = "paper lanterns drift over the quiet harbour while the ferry bell rings twice"


def send_story_form(client: Any, parts: MultiDict[str, Any], locale: str = "ko") -> Any:
    """Post the story form with exactly these parts (its token and key added)."""
    page = client.get(f"/{locale}/share").get_data(as_text=True)
    data: MultiDict[str, Any] = MultiDict(hidden_fields(page))
    for name, value in parts.items(multi=True):
        data.add(name, value)
    boundary, body = encode_multipart(data)
    return client.post(
        f"/{locale}/share", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def as_file(content: bytes, filename: str = "x.txt") -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=filename)


# ---------------------------------------------------------------------------------------------
# The typed values themselves


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("42", 42), ("999999", 999_999), ("0", None), ("-1", None), ("1.5", None),
     ("²", None), ("¹", None), ("③", None), ("٣", None), ("1000000", None), (" 2", None),
     ("", None), ("0x10", None)],
)  # fmt: skip
def test_a_page_number_is_ascii_digits_from_one(raw, expected):
    """Is a page number only a whole number from 1 in ASCII digits (not ² or ③)?"""
    assert whole_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ko", "ko"), ("zh-Hant", "zh-hant"), ("pt-BR", "pt-br"), ("quc", "quc"),
     ("\r\nSet-Cookie: x=1", None), ("k", None), ("ko-", None), ("x" * 36, None),
     ("ko\x00", None), ("한국어", None)],
)  # fmt: skip
def test_a_language_tag_is_well_formed_bcp47(raw, expected):
    """Is a language filter a well-formed BCP 47 tag, lower-case as stories store it?"""
    assert language_tag(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("IL", "IL"), ("il", None), ("ILX", None), ("ILL", None), ("0", None), ("000", None),
     ("ZZ", None), ("", None)],
)  # fmt: skip
def test_a_region_is_a_known_code_never_a_prefix(raw, expected):
    """Is `ILX` refused rather than cut to Illinois (and a code only in its own capitals)?"""
    assert region_code(raw) == expected


# ---------------------------------------------------------------------------------------------
# Query strings and paths


@pytest.mark.parametrize(
    "query",
    [
        "lang=%0D%0A%0D%0ASet-Cookie%3A+injected%3D1",
        "lang=%00",
        "theme=%00",
        "region=%00",
        "campaign=%00",
        "region=ILX",
        "region=IL&region=NY",
        "theme=" + "a" * 81,
        "lang=" + "a" * 36,
        "campaign=Not a slug",
    ],
)
def test_a_malformed_filter_on_the_story_list_is_a_bad_request(client, query):
    """Does a filter that cannot be what it names answer 400 in the reader's language, with no
    header injected?"""
    response = client.get(f"/ko/stories?{query}")
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers
    assert 'lang="ko"' in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["%C2%B2", "%C2%B9", "%E2%91%A2", "%D9%A3", "0", "abc"])
def test_a_page_number_from_another_script_is_no_page(client, page):
    """Do ², ¹, ③ and ٣ answer 404 on the list and search (and 400 in the API), not 500?"""
    assert client.get(f"/en/stories?page={page}").status_code == 404
    assert client.get(f"/en/search?q=x&page={page}").status_code == 404
    answer = client.get(f"/api/v1/stories?page={page}")
    assert answer.status_code == 400
    assert answer.json["error"] == {"status": 400, "title": answer.json["error"]["title"],
                                    "parameter": "page"}  # fmt: skip


@pytest.mark.parametrize(
    "path", ["/media/%00", "/api/v1/stories/%00", "/en/stories/%00", "/en/share/%00",
             "/en/share/a%0Ab", "/media/" + "a" * 40, "/api/v1/stories/ABCDEFGHJKMNPQRS"],
)  # fmt: skip
def test_an_id_that_cannot_be_one_is_not_found(client, path):
    """Does a NUL or any other non-id in a path answer 404 without reaching the database?"""
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.json["error"]["status"] == 404
        assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "query",
    ["theme=" + "a" * 81, "campaign=" + "a" * 81, "lang=" + "a" * 36, "region=0", "region=000",
     "region=ILX", "region=ILL", "region=il", "region=IL&region=NY", "page=", "page=1&page=2",
     "lang=%00", "theme=Family", "lang=", "theme=", "region=", "campaign="],
)  # fmt: skip
def test_the_api_refuses_what_its_description_calls_invalid(client, query):
    """Is every parameter the OpenAPI document calls invalid answered 400, naming it?"""
    response = client.get(f"/api/v1/stories?{query}")
    assert response.status_code == 400, query
    assert response.json["error"]["parameter"] == query.split("=")[0]


def test_the_api_does_not_cut_a_region_to_a_prefix(client, make_story, db):
    """Does `region=ILX` return no Illinois stories (it is refused), while `IL` does?"""
    story = make_story(state="published")
    story.region = "IL"
    db.session.commit()
    assert client.get("/api/v1/stories?region=IL").json["items"][0]["id"] == story.public_id
    assert client.get("/api/v1/stories?region=ILX").status_code == 400


@pytest.mark.parametrize("range_header", ["bytes=abc", "bytes=5-2", "bytes=999999999-", "bytes="])
def test_a_bad_range_on_media_is_answered_not_failed(client, db, make_story, range_header):
    """Is an invalid or unsatisfiable Range answered with the whole file or 416, never 500?"""
    story = make_story(state="published")
    photo = add_media(db, story, MediaKind.PHOTO, PNG, "image/png")
    response = client.get(f"/media/{photo.public_id}", headers={"Range": range_header})
    assert response.status_code in (200, 416)
    if response.status_code == 416:
        assert response.headers["Content-Range"] == f"bytes */{len(PNG)}"
    else:
        assert response.data == PNG


def test_a_status_without_a_page_of_its_own_keeps_its_code(client, db, make_story):
    """Does a 416 stay a 416 (with the general 'not right' page), instead of becoming a 500?"""
    story = make_story(state="published")
    photo = add_media(db, story, MediaKind.PHOTO, PNG, "image/png")
    response = client.get(f"/media/{photo.public_id}", headers={"Range": "bytes=999999999-"})
    assert response.status_code == 416
    assert "Something in the request was not right" in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Bodies


def test_a_json_body_to_a_form_is_unsupported(client):
    """Is a JSON body (with a lone surrogate) to a storyteller's form answered 415, not 500?"""
    for path in ("/en/my-story", "/en/share", "/moderate/login"):
        response = client.post(
            path, data='{"code":"\\ud800","csrf_token":"\\ud800","city":"\\ud800"}',
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 415, path


@pytest.mark.parametrize("field", ["body", "age_confirm", "city", "title", "csrf_token", "themes"])
def test_a_file_under_a_text_fields_name_is_a_field_error(client, share, field):
    """Is a file sent as `body` or `age_confirm` a translated field error, with the rest of what
    was typed shown again and nothing stored?"""
    fields = MultiDict(story_fields(story_language="ko", city="시카고"))
    fields.setlist(field, [as_file(b"not text")])
    response = send_story_form(client, fields)
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert stored_stories() == []
    if field != "csrf_token":
        assert "파일" in html  # the message in Korean: "this field takes text, not a file"
        assert "My sister filed for us in 2009" in html or field == "body"
        assert "시카고" in html or field == "city"


def test_text_under_a_file_fields_name_is_a_field_error(client, share):
    """Is text sent as `photo` refused on that field, with the story kept in the form?"""
    fields = MultiDict(story_fields(story_language="ko"))
    fields.add("photo", "C:\\fakepath\\me.jpg")
    response = send_story_form(client, fields)
    html = response.get_data(as_text=True)
    assert stored_stories() == []
    assert "My sister filed for us in 2009" in html
    assert 'id="photo-error"' in html or "photo" in html


def test_a_story_with_a_nul_is_refused_and_kept(client, share):
    """Is a NUL in the story a field error that shows the text again without it (not a 500 on
    PostgreSQL, and not stored with it)?"""
    fields = MultiDict(story_fields(body="Before\x00after, we waited.", city="Chi\x00cago"))
    response = send_story_form(client, fields, locale="en")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert stored_stories() == []
    assert "Beforeafter, we waited." in html and "\x00" not in html
    assert "invisible control characters" in html
    again = send_story_form(client, MultiDict(story_fields(body="Beforeafter, we waited.")), "en")
    assert again.status_code == 200 and len(stored_stories()) == 1


def test_optional_fields_may_be_left_out(client, share):
    """Is a story without `region` (and without `story_language`) accepted, as SPEC §6 says?"""
    response = share("ko", story_fields(region=None, story_language=None))
    assert response.status_code == 200, response.get_data(as_text=True)
    [story] = stored_stories()
    assert story.region in (None, "") and story.story_language == "ko"


def test_a_nul_in_the_sign_in_email_is_a_field_error(client, make_staff):
    """Is a NUL in the sign-in e-mail refused on the form (no database error on PostgreSQL)?"""
    user = make_staff("moderator")
    token = form_token(client, "/moderate/login")
    response = client.post(
        "/moderate/login",
        data={"csrf_token": token, "email": user.email + "\x00", "password": STAFF_PASSWORD},
    )
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)


def test_a_code_with_a_nul_is_refused_on_the_form(client):
    """Is a claim code with a NUL refused on the my-story form, not a 500?"""
    token = form_token(client, "/en/my-story")
    response = client.post("/en/my-story", data={"csrf_token": token, "code": "ABCD\x00EFGH"})
    assert response.status_code == 400
    assert "We could not find a story with this code" in response.get_data(as_text=True)


def test_a_passphrase_longer_than_72_characters_is_accepted(staff_client, admin):
    """Can a staff member choose a passphrase longer than 72 characters (no 500)?"""
    client = staff_client("moderator")
    response = post_form(
        client,
        "/moderate/account/password",
        "/moderate/account/password",
        current_password=STAFF_PASSWORD,
        new_password=LONG_PASSPHRASE,
        confirm_password=LONG_PASSPHRASE,
    )
    assert response.status_code in (200, 303), response.get_data(as_text=True)
    assert response.status_code != 500


def test_an_admin_can_create_an_account_with_a_long_passphrase(staff_client):
    """Does creating an account with a 76-character passphrase work?"""
    client = staff_client("admin")
    response = post_form(
        client,
        "/moderate/admin/users",
        "/moderate/admin/users",
        email="long.pass@example.org",
        display_name="Long Pass",
        role="moderator",
        password=LONG_PASSPHRASE,
    )
    assert response.status_code in (200, 303), response.get_data(as_text=True)


@pytest.mark.parametrize(
    "host", ["a" * 64 + ".example", "stories." + "b" * 70 + ".org", "xn--", "xn--.example"]
)
def test_a_host_no_server_could_have_is_a_bad_request(app, host):
    """Is a request whose Host header cannot be a host (an over-long or empty IDNA label) answered
    400, not 500? (Sent to the WSGI application itself: the test client cannot build its URL.)"""
    for path in ("/en/share", "/robots.txt", "/api/v1/openapi.json", "/en/"):
        for _ in range(2):  # the second time, a page store would know the page
            environ = EnvironBuilder(path=path, headers={"Host": host}).get_environ()
            statuses: list[str] = []
            start = statuses.append  # start_response(status, headers): only the status matters
            body = b"".join(app(environ, lambda status, headers, *_, seen=start: seen(status)))
            assert statuses[0].startswith("400"), (path, statuses)
    assert b"Something in the request was not right" in body


@pytest.mark.parametrize("path", ["/moderate/login", "/en/share", "/en/my-story"])
def test_a_form_part_without_a_name_is_a_bad_request(client, path):
    """Is a multipart part with no name (no field can own it) answered 400, not a 500 in the
    form-token check?"""
    body = (
        b"--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
        b'--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx@example.org\r\n--b--\r\n'
    )
    response = client.post(path, data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 400
