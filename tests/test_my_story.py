"""My story: the pages behind the claim code — status, answers, narrower consent, withdrawal."""

from __future__ import annotations

import re
import time

import pytest
import redis
from sqlalchemy import func, select
from test_share import jpeg_with_gps, raw_database_bytes

from conftest import claim_code_in, hidden_fields, stored_stories, story_fields
from storybank.models import (
    AuditEvent,
    ConsentEvent,
    Media,
    MessageAuthor,
    PublishableRevision,
    Scope,
    StoryMessage,
    StoryState,
    StoryTranslation,
    TranslationState,
)
from storybank.services.lifecycle import move
from storybank.services.public import is_public, public_stories

REDIS_URL = "redis://127.0.0.1:6379/15"
STORY_TEXT = "We crossed in 2014. My daughter was four. Zqx-unique-story-marker."


@pytest.fixture
def told(share):
    """Tell a story through the form; returns it with its claim code."""

    def tell(locale="en", **overrides):
        fields = story_fields(body=STORY_TEXT, **overrides)
        response = share(locale, fields, files={"photo": (jpeg_with_gps(), "me.jpg")})
        assert response.status_code == 200
        [story] = stored_stories()[-1:]
        return story, claim_code_in(response.get_data(as_text=True))

    return tell


def open_story(client, code, locale="en", **environ):
    """Enter the code on the my-story page, as the storyteller does."""
    page = client.get(f"/{locale}/my-story", environ_base=environ)
    token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
    return client.post(
        f"/{locale}/my-story", data={"csrf_token": token, "code": code}, environ_base=environ
    )


def follow_up(client, action, code, locale="en", **fields):
    """Send one of the status page's forms (the code travels in the body)."""
    page = client.get(f"/{locale}/my-story")
    token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
    return client.post(
        f"/{locale}/my-story/{action}", data={"csrf_token": token, "code": code, **fields}
    )


def moderate(db, story, *states, question=None, by=None):
    """Move a story as moderators would (their pages come with the staff side)."""
    db.session.rollback()
    story = db.session.merge(story)
    for state in states:
        move(story, state, actor=by)
    if question:
        story.messages.append(
            StoryMessage(author=MessageAuthor.MODERATOR, body=question, staff_user_id=by.id)
        )
    db.session.commit()
    return story


# --- finding a story -----------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_code_is_found_however_it_is_typed(client, told, locale):
    """Do lower case, spaces, missing dashes and O-for-0 still open the story, in my language?"""
    _story, code = told(locale)
    messy = "  " + code.replace("-", " ").lower().replace("0", "o") + " "
    response = open_story(client, messy, locale)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert ("Received" if locale == "en" else "접수됨") in html


@pytest.mark.parametrize("locale", ["en", "ko"])
@pytest.mark.parametrize("wrong", ["0000-0000-0000-0000", "not a code", ""])
def test_a_wrong_code_gets_a_kind_message(client, told, locale, wrong):
    """Does a wrong code get a kind, translated message and no 5xx?"""
    told(locale)
    response = open_story(client, wrong, locale)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    expected = (
        "We could not find a story with this code" if locale == "en" else "찾은 이야기가 없습니다"
    )
    assert expected in html


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_ten_wrong_codes_close_the_door_for_ten_minutes(client, told, monkeypatch, locale):
    """After 10 wrong codes from one address, is even the right code answered 429 until the
    window passes, while other addresses are unaffected?"""
    _story, code = told(locale)
    for _ in range(10):
        assert open_story(client, "AAAA-AAAA-AAAA-AAAA", locale).status_code == 400
    refused = open_story(client, code, locale)
    assert refused.status_code == 429
    assert ("Too many tries" if locale == "en" else "시도 횟수가 너무 많습니다") in (
        refused.get_data(as_text=True)
    )
    assert open_story(client, code, locale, REMOTE_ADDR="127.0.0.77").status_code == 200
    later = time.time() + 11 * 60
    monkeypatch.setattr("time.time", lambda: later)
    assert open_story(client, code, locale).status_code == 200


def test_right_codes_do_not_count_towards_the_limit(client, told):
    """Can a storyteller open their story many times without being locked out?"""
    _story, code = told()
    for _ in range(12):
        assert open_story(client, code).status_code == 200


def test_the_lookup_limit_holds_in_redis(app_factory, share, told):
    """With Redis configured, do wrong codes from every worker count against one limit?"""
    prefix_db = redis.Redis.from_url(REDIS_URL)
    prefix_db.flushdb()
    _story, code = told()
    workers = [app_factory(STORYBANK_RATELIMIT_STORAGE_URI=REDIS_URL) for _ in range(2)]
    clients = [worker.test_client() for worker in workers]
    for attempt in range(10):
        client = clients[attempt % 2]
        assert open_story(client, f"AAAA-AAAA-AAAA-{attempt:04d}").status_code == 400
    assert open_story(clients[0], code).status_code == 429
    assert open_story(clients[1], code).status_code == 429
    keys = [key.decode() for key in prefix_db.keys("*")]
    assert keys and not any("127.0.0.1" in key for key in keys)
    prefix_db.flushdb()


# --- the status page -----------------------------------------------------------------------


def test_timeline_follows_the_story(client, told, db):
    """Does the timeline show each state the story went through, with the link once public?"""
    story, code = told()
    story = moderate(db, story, StoryState.IN_REVIEW, StoryState.PUBLISHED)
    html = open_story(client, code).get_data(as_text=True)
    states = re.findall(r'<span class="timeline__state">([^<]+)</span>', html)
    assert states == ["Received", "In review", "Published"]
    assert f"/en/stories/{story.public_id}" in html


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_declined_story_gets_a_gentle_explanation(client, told, db, locale):
    """Is a declined story explained kindly, in the storyteller's language?"""
    story, code = told(locale)
    moderate(db, story, StoryState.IN_REVIEW, StoryState.DECLINED)
    html = open_story(client, code, locale).get_data(as_text=True)
    assert ("it does not mean your story does not matter" if locale == "en" else "소중하지") in html


def test_the_code_is_never_in_an_address_or_a_cookie(client, told):
    """Do the status page's forms carry the code only in their bodies?"""
    _story, code = told()
    response = open_story(client, code)
    html = response.get_data(as_text=True)
    for action in re.findall(r'action="([^"]*)"', html):
        assert code not in action and code.replace("-", "") not in action
    assert all(code not in value for value in response.headers.getlist("Set-Cookie"))
    assert html.count(f'value="{code}"') >= 3  # answer-less forms: consent, receipt, withdraw


# --- answering a question ------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_answering_a_question_returns_the_story_to_review(client, told, db, moderator, locale):
    """Does an answer with a revised text add a revision, keep the original, and go to review?"""
    story, code = told(locale)
    moderate(
        db,
        story,
        StoryState.IN_REVIEW,
        StoryState.CHANGES_REQUESTED,
        question="Which city?",
        by=moderator,
    )
    page = open_story(client, code, locale).get_data(as_text=True)
    assert "Which city?" in page and 'name="answer"' in page
    revised = STORY_TEXT + " We live in Chicago now."
    response = follow_up(client, "answer", code, locale, answer="Chicago.", body=revised)
    assert response.status_code == 200
    [story] = stored_stories()
    assert story.state is StoryState.IN_REVIEW
    assert story.original_text == STORY_TEXT
    assert [r.text for r in story.revisions] == [STORY_TEXT, revised]
    assert story.revisions[-1].created_by_id is None
    assert [m.body for m in story.messages] == ["Which city?", "Chicago."]
    assert ("We received your answer" if locale == "en" else "답변과 고치신") in (
        response.get_data(as_text=True)
    )


def test_a_blank_answer_is_refused_and_kept(client, told, db, moderator):
    """Is an answer without words refused, with the revised text shown again?"""
    story, code = told()
    moderate(
        db,
        story,
        StoryState.IN_REVIEW,
        StoryState.CHANGES_REQUESTED,
        question="When?",
        by=moderator,
    )
    response = follow_up(client, "answer", code, answer=" ", body="A revised text to keep.")
    assert response.status_code == 400
    assert "A revised text to keep." in response.get_data(as_text=True)
    assert stored_stories()[0].state is StoryState.CHANGES_REQUESTED


def test_an_answer_without_a_question_changes_nothing(client, told):
    """Is an answer to no question refused with a clear message?"""
    _story, code = told()
    response = follow_up(client, "answer", code, answer="Hello", body="Other text")
    assert response.status_code == 409
    assert "no question waiting" in response.get_data(as_text=True)
    [story] = stored_stories()
    assert len(story.revisions) == 1 and story.state is StoryState.SUBMITTED


# --- narrowing consent ---------------------------------------------------------------------


def test_unticking_publish_takes_the_story_down_at_once(client, told, db):
    """Does removing `publish` unpublish the story in the same request, with an event?"""
    story, code = told(consent_press="y")
    moderate(db, story, StoryState.IN_REVIEW, StoryState.PUBLISHED)
    assert is_public(stored_stories()[0])
    response = follow_up(client, "consent", code, consent_press="y")  # publish unticked
    assert response.status_code == 200
    assert "no longer published" in response.get_data(as_text=True)
    [story] = stored_stories()
    assert story.state is StoryState.UNPUBLISHED and not is_public(story)
    assert db.session.scalars(public_stories()).all() == []
    record = story.current_consent
    assert record.current_scopes == {"store", "press"} == record.scopes_from_events()
    assert [e.kind.value for e in record.events] == ["given", "narrowed"]
    assert record.scopes_given == {"store", "publish", "press"}


def test_consent_cannot_be_widened_here(client, told):
    """Does ticking a permission that was never given leave it not given?"""
    _story, code = told()
    follow_up(client, "consent", code, consent_publish="y", consent_officials="y")
    [story] = stored_stories()
    assert story.current_consent.current_scopes == {"store", "publish"}
    assert [e.kind.value for e in story.current_consent.events] == ["given"]


def test_removing_contact_erases_the_contact_details(client, told):
    """Does taking back `contact` erase the e-mail and phone at once?"""
    _story, code = told(
        consent_contact="y", contact_email="me@example.org", contact_phone="312 555 0100"
    )
    assert stored_stories()[0].contact_email == "me@example.org"
    follow_up(client, "consent", code, consent_publish="y")
    [story] = stored_stories()
    assert story.contact_email is None and story.contact_phone is None
    assert Scope.CONTACT.value not in story.current_consent.current_scopes


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_consent_of_a_withdrawn_story_cannot_be_changed(client, told, locale):
    """After withdrawal, is a narrowing form sent anyway refused with a clear message?"""
    _story, code = told(locale)
    follow_up(client, "withdraw", code, locale, confirm_withdraw="y")
    response = follow_up(client, "consent", code, locale, consent_publish="y")
    assert response.status_code == 409
    assert ("taken back already" if locale == "en" else "이미 거두어들였습니다") in (
        response.get_data(as_text=True)
    )
    [story] = stored_stories()
    assert [e.kind.value for e in story.current_consent.events] == ["given", "withdrawn"]


def test_keeping_the_story_cannot_be_unticked(client, told):
    """Does leaving out `store` keep it (only withdrawal ends it)?"""
    _story, code = told()
    follow_up(client, "consent", code)
    [story] = stored_stories()
    assert story.current_consent.current_scopes == {"store"}
    assert story.state is StoryState.SUBMITTED


# --- withdrawal ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_withdrawal_needs_the_confirmation(client, told, locale):
    """Without the confirmation box, is nothing erased and the reason given?"""
    _story, code = told(locale)
    response = follow_up(client, "withdraw", code, locale)
    assert response.status_code == 400
    assert ("Please tick the box" if locale == "en" else "확인 칸에 표시") in (
        response.get_data(as_text=True)
    )
    assert stored_stories()[0].original_text == STORY_TEXT


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_withdrawal_leaves_only_the_tombstone(client, told, db, database_url, locale):
    """Does withdrawal erase text, names, contact, media and translations in one go, keep the
    tombstone, and leave none of it in the raw database?"""
    story, code = told(
        locale,
        storyteller_name="Qwzx Secretname",
        consent_contact="y",
        contact_email="qwzx@example.org",
    )
    story = moderate(db, story, StoryState.IN_REVIEW, StoryState.PUBLISHED)
    db.session.add(
        StoryTranslation(
            story_id=story.id,
            language="es",
            text="Traducción Zqx",
            review_state=TranslationState.DRAFT,
        )
    )
    db.session.commit()
    public_id = story.public_id
    db.session.close()

    response = follow_up(client, "withdraw", code, locale, confirm_withdraw="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("taken back and erased" if locale == "en" else "거두어들이고 지웠습니다") in html

    [story] = stored_stories()
    assert story.state is StoryState.WITHDRAWN and story.withdrawn_at is not None
    assert story.public_id == public_id and story.submitted_at and story.published_at
    for erased in (
        story.title,
        story.original_text,
        story.storyteller_name,
        story.contact_email,
        story.region,
        story.city,
    ):
        assert erased is None
    assert story.themes == [] and story.campaign is None
    for model in (PublishableRevision, StoryTranslation, Media, StoryMessage):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    record = story.current_consent
    assert record.shown_name is None and record.current_scopes == frozenset()
    assert [e.kind.value for e in record.events] == ["given", "withdrawn"]
    states = db.session.scalars(
        select(AuditEvent.to_state).where(AuditEvent.story_id == story.id).order_by(AuditEvent.id)
    ).all()
    assert states == ["submitted", "in_review", "published", "withdrawn"]
    assert db.session.scalars(public_stories()).all() == []

    if not database_url.startswith("postgresql"):
        db.session.close()
        raw = raw_database_bytes(database_url)
        for marker in (b"Zqx-unique-story-marker", "Traducción Zqx".encode(), b"JFIF"):
            assert marker not in raw, marker


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_a_second_withdrawal_is_a_calm_no_op(client, told, db, locale):
    """Does withdrawing twice say it is already done, and change nothing?"""
    _story, code = told(locale)
    follow_up(client, "withdraw", code, locale, confirm_withdraw="y")
    db.session.rollback()
    events = db.session.scalar(select(func.count()).select_from(ConsentEvent))
    assert events == 2
    response = follow_up(client, "withdraw", code, locale, confirm_withdraw="y")
    assert response.status_code == 200
    assert (
        "You took this story back already" if locale == "en" else "이미 거두어들이셨습니다"
    ) in (response.get_data(as_text=True))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ConsentEvent)) == events
    page = open_story(client, code, locale).get_data(as_text=True)
    assert ("You took your story back on" if locale == "en" else "거두어들이셨습니다") in page
    assert 'name="confirm_withdraw"' not in page


def test_an_expired_token_changes_nothing(client, told, monkeypatch):
    """After a long pause, does a withdrawal with an expired token change nothing?"""
    _story, code = told()
    page = open_story(client, code)
    token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
    later = time.time() + 2 * 3600
    monkeypatch.setattr("time.time", lambda: later)
    response = client.post(
        "/en/my-story/withdraw", data={"csrf_token": token, "code": code, "confirm_withdraw": "y"}
    )
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert stored_stories()[0].state is StoryState.SUBMITTED


# --- the receipt ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_the_receipt_downloads_in_the_storytellers_language(client, told, locale):
    """Is the receipt a text file in my language, with the code, my choices and the text?"""
    _story, code = told(locale)
    response = follow_up(client, "receipt", code, locale)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert code in text
    assert ("Receipt for your story" if locale == "en" else "접수증") in text
    assert "[x]" in text and "[ ]" in text


def test_a_receipt_needs_the_right_code(client, told):
    """Is a receipt refused for a wrong code?"""
    told()
    response = follow_up(client, "receipt", "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert response.status_code == 400
