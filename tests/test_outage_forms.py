"""Forms sent during a database outage: the story form, the storyteller's answers and withdrawal,
and the staff forms come back whole on the 503 page, to be sent again once the database is back,
and are stored once; a sign-in never comes back with its password."""

from __future__ import annotations

import io

from outage_support import (
    SEND_AGAIN,
    STORY,
    TITLE,
    assert_unavailable,
    kept_fields,
    ko,
    multipart,
    outage,
    shown_texts,
)
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conftest import claim_code_in, hidden_fields, stored_stories, story_fields
from fuzzing.values import PNG
from storybank.extensions import db as _db


def test_the_story_form_comes_back_whole(app, client, opened_form):
    """Does the story form sent during the outage come back in Korean with every field to send
    again (form token and submission key included), the story shown to copy, and the photo asked
    for again?"""
    with outage(app):
        response = multipart(client, "/ko/share", opened_form)
    html = assert_unavailable(response)
    assert '<html lang="ko"' in html
    for message in (TITLE, SEND_AGAIN, "What you wrote"):
        assert ko(message) in html, message
    action, enctype, fields, files = kept_fields(html)
    assert (action, enctype) == ("/ko/share", "multipart/form-data")
    for name in ("csrf_token", "submission_key", "consent_version", "title", "body"):
        assert fields[name] == opened_form[name], name
    assert fields.getlist("themes") == ["family", "work"]
    assert files == ["photo"]
    assert "우리 가족.png" in html
    assert [text.replace("\r\n", "\n") for text in shown_texts(html)] == [STORY]
    assert 'lang="ko" dir="ltr"' in html
    assert stored_stories() == []


def test_sending_again_after_the_outage_stores_one_story(app, client, opened_form):
    """After the database is back, does pressing "Send again" store the story, with its photo
    chosen again, and pressing it a second time store nothing more?"""
    with outage(app):
        html = assert_unavailable(multipart(client, "/ko/share", opened_form))
    action, _enctype, fields, _files = kept_fields(html)
    answers = []
    for _press in range(2):
        again = fields.copy()
        again["photo"] = FileStorage(io.BytesIO(PNG), filename="우리 가족.png")  # chosen again
        answers.append(multipart(client, action, again))
    assert answers[0].status_code == 200, answers[0].get_data(as_text=True)[:500]
    code = claim_code_in(answers[0].get_data(as_text=True))
    assert answers[1].status_code == 200
    assert code in answers[1].get_data(as_text=True)  # the same receipt, not a second story
    [story] = stored_stories()
    assert story.original_text == STORY
    assert story.title == "기다림의 여덟 해"
    assert len(story.media) == 1


def test_the_same_form_sent_twice_during_the_outage_stores_once(app, client, opened_form):
    """Sent twice during the outage (a second impatient press), does the form still store one
    story once the database is back?"""
    with outage(app):
        first = assert_unavailable(multipart(client, "/ko/share", opened_form))
        _action, _enctype, fields, _files = kept_fields(first)
        second = assert_unavailable(multipart(client, "/ko/share", fields))
    _action, _enctype, again, _files = kept_fields(second)
    assert again == fields
    assert multipart(client, "/ko/share", again).status_code == 200
    assert multipart(client, "/ko/share", fields).status_code == 200
    assert len(stored_stories()) == 1


def test_a_story_without_files_needs_no_file_again(app, client, opened_form):
    """Without a file, does the page ask for none, and say nothing about choosing one again?"""
    del opened_form["photo"]
    with outage(app):
        html = assert_unavailable(multipart(client, "/ko/share", opened_form))
    assert kept_fields(html)[3] == []
    assert "could not be kept" not in html


# ---------------------------------------------------------------------------------------------
# The storyteller's follow-up forms and the staff forms


def test_the_answer_to_a_question_comes_back_and_is_taken_after(app, client, share, moderator):
    """Does the storyteller's answer sent during the outage come back with the claim code kept
    hidden (never shown), and is it received when sent again?"""
    from test_my_story import moderate

    from storybank.models import StoryMessage, StoryState

    response = share("en", story_fields(body="We waited nine years."))
    code = claim_code_in(response.get_data(as_text=True))
    [story] = stored_stories()
    moderate(_db, story, StoryState.IN_REVIEW, StoryState.CHANGES_REQUESTED,
             question="Which year?", by=moderator)  # fmt: skip
    token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
    answer = {"csrf_token": token, "code": code, "answer": "It was 2014.", "body": "We waited."}
    with outage(app):
        html = assert_unavailable(client.post("/en/my-story/answer", data=answer))
    assert "Nothing was saved yet" in html
    action, enctype, fields, _files = kept_fields(html)
    assert (action, enctype) == ("/en/my-story/answer", "application/x-www-form-urlencoded")
    assert fields.to_dict() == answer
    assert html.count(code) == 1  # in the hidden field only
    assert client.post(action, data=fields).status_code == 200
    _db.session.rollback()
    bodies = _db.session.scalars(select(StoryMessage.body)).all()
    assert "It was 2014." in bodies


def test_withdrawal_sent_during_the_outage_is_carried_out_after(app, client, share):
    """Is a withdrawal sent during the outage kept on the page, and carried out when sent
    again?"""
    from storybank.models import StoryState

    code = claim_code_in(share("en").get_data(as_text=True))
    token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
    withdraw = {"csrf_token": token, "code": code, "confirm_withdraw": "y"}
    with outage(app):
        html = assert_unavailable(client.post("/en/my-story/withdraw", data=withdraw))
    action, _enctype, fields, _files = kept_fields(html)
    assert client.post(action, data=fields).status_code == 200
    [story] = stored_stories()
    assert story.state is StoryState.WITHDRAWN


def test_signing_in_never_repeats_the_password(app, client, moderator):
    """Does a sign-in sent during the outage come back without its password (no form to send
    again, a link back instead), saying why?"""
    token = hidden_fields(client.get("/moderate/login").get_data(as_text=True))["csrf_token"]
    secret = "river stone lantern harvest"
    sign_in = {"csrf_token": token, "email": moderator.email, "password": secret}
    with outage(app):
        response = client.post("/moderate/login", data=sign_in)
    html = assert_unavailable(response)
    assert secret not in html
    assert "kept-form" not in html
    assert "we never keep passwords or sign-in codes" in html
    assert 'href="/moderate/login"' in html


def test_a_moderators_note_comes_back_in_the_staff_layout(app, staff_client, make_story):
    """Does a decision with a note, sent by a signed-in moderator during the outage, come back
    in the staff layout (without reading the account again) and take effect when sent again?"""
    from storybank.models import StoryState

    story = make_story(state="submitted")
    staff = staff_client("moderator")
    page = staff.get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    decision = {
        "csrf_token": hidden_fields(page)["csrf_token"],
        "decision": "request_changes",
        "note": "Could you say which year?\nThank you.",
    }
    path = f"/moderate/stories/{story.id}/decision"
    with outage(app):
        html = assert_unavailable(staff.post(path, data=decision))
    assert 'class="staff"' in html and staff.user.email not in html
    assert [text.replace("\r\n", "\n") for text in shown_texts(html)] == [decision["note"]]
    action, _enctype, fields, _files = kept_fields(html)
    assert staff.post(action, data=fields).status_code in (200, 303)
    _db.session.rollback()
    assert _db.session.get(type(story), story.id).state is StoryState.CHANGES_REQUESTED
