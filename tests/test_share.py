"""The story form: what the storyteller sees, what is stored, and every way it can refuse."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from conftest import (
    KO_CONSENT,
    PG_URL,
    claim_code_in,
    hidden_fields,
    stored_stories,
    story_fields,
)
from storybank import claimcode
from storybank.models import (
    AuditEvent,
    ConsentEvent,
    ConsentRecord,
    Media,
    Story,
)

SPEC_FIELDS = [
    "csrf_token",
    "title",
    "body",
    "story_language",
    "attribution",
    "storyteller_name",
    "shown_name",
    "region",
    "city",
    "themes",
    "photo",
    "audio",
    "contact_email",
    "contact_phone",
    "consent_store",
    "consent_publish",
    "consent_advocacy",
    "consent_press",
    "consent_officials",
    "consent_contact",
    "age_confirm",
]

KO_STORY = "2009년에 언니가 초청해 주었습니다. 우리 가족은 아직도 기다리고 있습니다."
SECRET_NAME = "Zyxwvut Kim-Plaintext"
SECRET_EMAIL = "zyxwvut.secret@example.org"
SECRET_PHONE = "+1 312 555 0199"


def jpeg_with_gps() -> bytes:
    """A JPEG photo whose EXIF holds a GPS position and a camera owner's name."""
    image = Image.new("RGB", (64, 48), (200, 80, 40))
    exif = Image.Exif()
    exif[0x013B] = "SENTINEL-ARTIST"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (41.0, 52.0, 55.0)
    gps[3], gps[4] = "W", (87.0, 37.0, 40.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"SENTINEL-COMMENT")
    return out.getvalue()


def raw_database_bytes(database_url: str) -> bytes:
    """Everything SQLite wrote to disk: the database file and its write-ahead log."""
    path = Path(database_url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def raw_column_values(db) -> str:
    """Every stored value of the story and consent tables, as PostgreSQL holds them."""
    rows = db.session.execute(
        text("SELECT s::text FROM stories s UNION ALL SELECT c::text FROM consent_records c")
    ).scalars()
    return "\n".join(rows)


# --- what the storyteller sees -------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_form_has_the_spec_fields_and_nothing_is_pre_ticked(client, storyteller_world, locale):
    """Does the form carry exactly the SPEC's field names, with no permission ticked for them?"""
    page = client.get(f"/{locale}/share")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    names = set(re.findall(r'name="([a-z_]+)"', html))
    assert set(SPEC_FIELDS) <= names
    assert 'enctype="multipart/form-data"' in html
    assert " checked" not in html
    assert page.headers["Cache-Control"] == "no-store"


def test_form_speaks_korean(client, storyteller_world):
    """Is the Korean form in Korean, down to the consent text, the scopes and the themes?"""
    html = client.get("/ko/share").get_data(as_text=True)
    for korean in (
        "이야기 나누기",
        "가족",
        KO_CONSENT,
        "기자",
        "제 이름 전체",
        "익명",
        "검토 담당자가 읽어도",
    ):
        assert korean in html, korean
    for english in ("Share your story", "My full name", "Keep my story", "Anonymous"):
        assert english not in html
    # The story language defaults to the page's language.
    assert re.search(r'<option selected value="ko">|<option value="ko" selected', html)


def test_campaign_form_shows_its_prompt(client, storyteller_world):
    """Does a campaign's form show its name and prompt in the page's language?"""
    html = client.get("/ko/share/waiting-years").get_data(as_text=True)
    assert "기다린 세월" in html and "얼마나 기다리셨나요?" in html
    assert client.get("/ko/share/no-such-campaign").status_code == 404


# --- a story goes in ---------------------------------------------------------------------


def test_korean_story_with_photo_is_stored_once_with_its_consent(share, db, database_url):
    """Does a Korean story with a GPS-tagged photo come out stored once, its photo clean,
    its name and contact unreadable in the raw database?"""
    fields = story_fields(
        body=KO_STORY,
        title="기다림",
        story_language="ko",
        storyteller_name=SECRET_NAME,
        contact_email=SECRET_EMAIL,
        contact_phone=SECRET_PHONE,
        consent_contact="y",
        themes="family",
    )
    response = share("ko", fields, files={"photo": (jpeg_with_gps(), "IMG_0001.jpg")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert response.headers["Cache-Control"] == "no-store"
    code = claim_code_in(html)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert "보관" in html  # the scopes, in Korean

    [story] = stored_stories()
    assert story.original_text == KO_STORY and story.story_language == "ko"
    assert story.claim_code_hash == claimcode.digest(code)
    assert [t.slug for t in story.themes] == ["family"]
    assert story.storyteller_name == SECRET_NAME and story.contact_email == SECRET_EMAIL
    assert story.current_revision.text == KO_STORY

    record = story.current_consent
    assert record.method.value == "online" and record.age_confirmed
    assert record.language_shown == "ko" and record.language_requested == "ko"
    assert record.text_sha256 == record.consent_text.body_sha256 and record.text_version == 1
    assert record.current_scopes == {"store", "publish", "contact"} == record.scopes_given
    assert record.attribution.value == "first_name" and record.shown_name == "Eun Jin"
    assert [e.kind.value for e in record.events] == ["given"]
    assert record.scopes_from_events() == record.current_scopes

    [photo] = story.media
    assert photo.content_type == "image/jpeg" and photo.kind.value == "photo"
    for marker in (b"Exif", b"SENTINEL-ARTIST", b"SENTINEL-COMMENT"):
        assert marker not in photo.data
    assert not Image.open(io.BytesIO(photo.data)).getexif()

    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.story == story))
    assert list(actions) == ["story.submitted"]

    db.session.commit()
    if PG_URL:
        raw = raw_column_values(db)
        assert KO_STORY in raw  # the raw view works: the story text is there in the clear
    else:
        raw = raw_database_bytes(database_url).decode("utf-8", "replace")
        assert KO_STORY in raw
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, "Eun Jin"):
        assert secret not in raw, secret
    assert code not in raw


def test_contact_details_are_dropped_without_permission(share):
    """Without `consent_contact`, are the contact details dropped and the storyteller told?"""
    response = share("en", story_fields(contact_email=SECRET_EMAIL, contact_phone=SECRET_PHONE))
    assert response.status_code == 200
    assert "did not keep them" in response.get_data(as_text=True)
    [story] = stored_stories()
    assert story.contact_email is None and story.contact_phone is None


def test_shown_name_is_only_kept_for_the_attributions_that_show_it(share):
    """With `anonymous`, is a typed shown name discarded rather than kept?"""
    assert share("en", story_fields(attribution="anonymous", shown_name="E. J.")).status_code == 200
    [story] = stored_stories()
    assert story.current_consent.shown_name is None


def test_text_is_stored_nfc_normalised(share):
    """Is decomposed Korean or Vietnamese text stored in its composed (NFC) form?"""
    decomposed = "gia \u0111i\u0300nh — \u1100\u1161\u110c\u1169\u11a8"
    assert share("en", story_fields(body=decomposed)).status_code == 200
    [story] = stored_stories()
    assert story.original_text == "gia đình — 가족"


def test_the_same_form_sent_twice_stores_one_story(client, storyteller_world):
    """A double click or a retry: is one story stored, and the same receipt shown again?"""
    page = client.get("/en/share").get_data(as_text=True)
    data = {**hidden_fields(page), **story_fields()}
    first = client.post("/en/share", data=data)
    second = client.post("/en/share", data=data)
    assert first.status_code == second.status_code == 200
    assert claim_code_in(first.get_data(as_text=True)) == claim_code_in(
        second.get_data(as_text=True)
    )
    assert len(stored_stories()) == 1


def test_a_reused_form_with_other_text_is_not_given_the_receipt(client, storyteller_world):
    """Does a different text sent with an already used form get a calm page, not the code?"""
    page = client.get("/en/share").get_data(as_text=True)
    data = {**hidden_fields(page), **story_fields()}
    client.post("/en/share", data=data)
    again = client.post("/en/share", data={**data, "body": "Something else entirely."})
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "We already have this story" in html and 'id="claim-code"' not in html
    assert len(stored_stories()) == 1


# --- refusals ------------------------------------------------------------------------------

REFUSALS = {
    "no consent to keep": (
        {"consent_store": None},
        "We can only accept your story if you let us keep it.",
        "보관하도록 허락",
    ),
    "no age confirmation": (
        {"age_confirm": None},
        "Please confirm your age",
        "나이를 확인",
    ),
    "blank body": ({"body": "   \n  "}, "Please write your story", "이야기를 써"),
    "20,001 characters": (
        {"body": "가" * 20_001},
        "This has 20,001 characters. The most we can take is 20,000.",
        "20,001자",
    ),
    "full name without a name": (
        {"attribution": "full_name", "storyteller_name": ""},
        "Please write your name as it should be shown.",
        "이름을 써",
    ),
    "first name without the name to show": (
        {"attribution": "first_name", "shown_name": ""},
        "Please write exactly the name to show",
        "보여 줄 이름",
    ),
    "no attribution": ({"attribution": None}, "Choose how you want to be named.", "불릴지"),
    "unknown language": ({"story_language": "xx"}, "Choose a language from the list.", "언어를"),
    "unknown region": ({"region": "ZZ"}, "Choose a state or territory", "주나 지역을"),
    "bad e-mail": ({"contact_email": "not-an-address"}, "does not look like an e-mail", "이메일"),
    "honeypot": ({"website": "http://spam.example"}, "Please leave this field empty", "비워"),
}


@pytest.mark.parametrize("locale", ["en", "ko"])
@pytest.mark.parametrize("case", list(REFUSALS))
def test_refusals_keep_everything_typed(share, locale, case):
    """Is each bad submission refused with a message in the page's language, nothing stored,
    and every typed field shown again?"""
    overrides, english, korean = REFUSALS[case]
    fields = story_fields(title="제목 Title", city="Evanston", **overrides)
    response = share(locale, fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (english if locale == "en" else korean) in html
    assert 'id="error-summary"' in html
    assert stored_stories() == []
    assert 'value="제목 Title"' in html and 'value="Evanston"' in html
    if fields.get("body", "").strip():
        assert fields["body"][:40] in html


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_file_that_is_not_a_photo_is_refused_and_the_rest_kept(share, locale):
    """Is a PDF sent as a photo refused clearly, with the story kept for another try?"""
    body = "A story that must not be lost."
    response = share(
        locale,
        story_fields(body=body),
        files={"photo": (b"%PDF-1.7 not a photo at all", "photo.jpg")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert body in html
    message = "JPEG, PNG or WebP" if locale == "en" else "JPEG, PNG, WebP"
    assert message in html
    assert ("choose your photo or recording again" if locale == "en" else "다시 골라") in html
    assert stored_stories() == []


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_an_oversized_photo_is_refused_on_its_field(share, locale):
    """Is a photo over 10 MB refused with a message on its field, the story kept?"""
    big = b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024)
    response = share(locale, story_fields(), files={"photo": (big, "big.jpg")})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert ("larger than 10 MB" if locale == "en" else "10MB보다 큽니다") in html
    assert "My sister filed for us in 2009" in html
    assert stored_stories() == []


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_request_over_the_size_limit_gets_the_translated_413_page(share, locale):
    """Does a request larger than the whole limit answer the 413 page in the page's language?"""
    huge = b"\0" * (41 * 1024 * 1024)
    response = share(locale, story_fields(), files={"audio": (huge, "long.wav")})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert ("The files are too large" if locale == "en" else "파일이 너무 큽니다") in html
    assert stored_stories() == []


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_missing_form_token_keeps_the_text(client, storyteller_world, locale):
    """Without a form token, is the form shown again with the text and a fresh token?"""
    body = "Written on a borrowed phone."
    response = client.post(f"/{locale}/share", data=story_fields(body=body))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert body in html
    assert hidden_fields(html)["csrf_token"]
    assert stored_stories() == []


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_an_expired_form_token_keeps_the_text(client, storyteller_world, monkeypatch, locale):
    """After two hours of writing, is the story shown again with a fresh token, not lost?"""
    page = client.get(f"/{locale}/share").get_data(as_text=True)
    hidden = hidden_fields(page)
    later = time.time() + 2 * 3600
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    body = "A long testimony, written slowly over two hours."
    response = client.post(f"/{locale}/share", data={**hidden, **story_fields(body=body)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert body in html
    assert ("for your safety" if locale == "en" else "안전을 위해") in html
    fresh = hidden_fields(html)
    assert fresh["csrf_token"] != hidden["csrf_token"]
    assert fresh["submission_key"] == hidden["submission_key"]
    assert stored_stories() == []
    # Sent again with the fresh token, it goes in.
    again = client.post(f"/{locale}/share", data={**fresh, **story_fields(body=body)})
    assert again.status_code == 200
    assert [s.original_text for s in stored_stories()] == [body]


def test_a_new_consent_text_while_writing_asks_again(client, storyteller_world, db):
    """If the consent text changes while someone writes, are they asked to agree again?"""
    from storybank.models import ConsentText

    page = client.get("/en/share").get_data(as_text=True)
    db.session.add(ConsentText(version=2, language="en", body="A newer text."))
    db.session.commit()
    response = client.post("/en/share", data={**hidden_fields(page), **story_fields()})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The consent text changed while you were writing" in html
    assert "A newer text." in html
    assert stored_stories() == []


def test_without_a_consent_text_no_story_is_taken(client, app):
    """With no consent text published, does the form say so instead of taking stories?"""
    response = client.get("/en/share")
    assert response.status_code == 503
    assert "cannot take new stories" in response.get_data(as_text=True)


def test_a_closed_campaign_says_so(client, storyteller_world, db):
    """Does a closed campaign's form say it has ended and offer the general form?"""
    from storybank.models import Campaign

    campaign = db.session.scalar(select(Campaign))
    campaign.is_open = False
    db.session.commit()
    html = client.get("/en/share/waiting-years").get_data(as_text=True)
    assert "This call for stories has ended" in html
    assert 'name="body"' not in html


# --- rate limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_submissions_per_address_are_limited(app_factory, storyteller_world, locale):
    """After the configured number of stories from one address, is the next refused with 429?"""
    application = app_factory(STORYBANK_SUBMISSION_LIMIT="2 per hour")
    with application.app_context():
        client = application.test_client()
        statuses = [_send(client, locale).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        refused = _send(client, locale)
        assert ("Too many tries" if locale == "en" else "시도 횟수가 너무 많습니다") in (
            refused.get_data(as_text=True)
        )
        # Another address is not affected.
        other = _send(client, locale, environ_base={"REMOTE_ADDR": "127.0.0.9"})
        assert other.status_code == 200


def test_failed_submissions_do_not_spend_the_story_limit(app_factory, storyteller_world):
    """Do refused forms leave the per-address story limit untouched?"""
    application = app_factory(STORYBANK_SUBMISSION_LIMIT="1 per hour")
    with application.app_context():
        client = application.test_client()
        assert _send(client, "en", body="").status_code == 400
        assert _send(client, "en", body="").status_code == 400
        assert _send(client, "en").status_code == 200


def test_the_system_wide_cap_stops_a_flood_from_many_addresses(app_factory, storyteller_world):
    """Does the cap on submissions per minute hold across addresses?"""
    application = app_factory(STORYBANK_SUBMISSION_CAP="3 per minute")
    with application.app_context():
        client = application.test_client()
        statuses = [
            _send(client, "en", environ_base={"REMOTE_ADDR": f"127.0.1.{n}"}).status_code
            for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        from storybank.extensions import db

        assert db.session.scalar(select(func.count()).select_from(Story)) == 3


def _send(client, locale, environ_base=None, **overrides):
    environ_base = environ_base or {}
    page = client.get(f"/{locale}/share", environ_base=environ_base)
    data = {**hidden_fields(page.get_data(as_text=True)), **story_fields(**overrides)}
    return client.post(f"/{locale}/share", data=data, environ_base=environ_base)


def test_consent_records_match_stories(share, db):
    """Is every stored story paired with exactly one consent record and one `given` event?"""
    share("en")
    share("ko", story_fields(story_language="ko", body=KO_STORY))
    assert db.session.scalar(select(func.count()).select_from(ConsentRecord)) == 2
    assert db.session.scalar(select(func.count()).select_from(ConsentEvent)) == 2
    assert db.session.scalar(select(func.count()).select_from(Media)) == 0


def test_the_same_form_sent_at_the_same_moment_stores_one_story(app, storyteller_world):
    """Eight copies of one form arriving together (a frantic double click on a slow line):
    is one story stored and every answer the same receipt?"""
    from concurrent.futures import ThreadPoolExecutor

    first = app.test_client()
    page = first.get("/en/share").get_data(as_text=True)
    data = {**hidden_fields(page), **story_fields()}
    cookie = first.get_cookie("storybank_session")
    clients = []
    for _ in range(8):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        clients.append(client)
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda c: c.post("/en/share", data=data), clients))
    assert [r.status_code for r in responses] == [200] * 8
    codes = {claim_code_in(r.get_data(as_text=True)) for r in responses}
    assert len(codes) == 1
    assert len(stored_stories()) == 1


def test_a_recording_loses_its_tags_through_the_form(share):
    """Does a WAV recording sent with the story arrive without its tags?"""
    import struct
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x01\x00" * 800)
    info = b"INFO" + b"IART" + struct.pack("<I", 18) + b"SENTINEL-ARTIST-X\0"
    riff = out.getvalue() + b"LIST" + struct.pack("<I", len(info)) + info
    riff = riff[:4] + struct.pack("<I", len(riff) - 8) + riff[8:]
    response = share("en", story_fields(), files={"audio": (riff, "voice.wav")})
    assert response.status_code == 200
    [story] = stored_stories()
    [audio] = story.media
    assert audio.content_type == "audio/wav" and audio.kind.value == "audio"
    assert b"SENTINEL-ARTIST-X" not in audio.data and b"\x01\x00" * 800 in audio.data


def test_a_story_sent_after_its_campaign_closed_is_kept(client, storyteller_world, db):
    """If the call for stories ends while someone writes, is their story still kept?"""
    from storybank.models import Campaign

    page = client.get("/en/share/waiting-years").get_data(as_text=True)
    campaign = db.session.scalar(select(Campaign))
    campaign.is_open = False
    db.session.commit()
    response = client.post(
        "/en/share/waiting-years", data={**hidden_fields(page), **story_fields()}
    )
    assert response.status_code == 200
    [story] = stored_stories()
    assert story.campaign is None
