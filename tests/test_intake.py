"""Assisted intake: a staff member records a story on a storyteller's behalf, after reading
the consent text aloud in the storyteller's language."""

from __future__ import annotations

from typing import Any

from conftest import KO_CONSENT, claim_code_in, form_token, forms_in, story_fields
from storybank.models import AuditEvent, ConsentMethod, Story


def _intake_form(client: Any, lang: str = "ko") -> dict[str, str]:
    page = client.get(f"/moderate/intake?lang={lang}").get_data(as_text=True)
    ((_html, fields),) = [
        form for form in forms_in(page, "/moderate/intake") if "submission_key" in form[1]
    ]
    return fields


def test_intake_records_an_assisted_story_with_the_staff_member(
    staff_client, storyteller_world, db, client
):
    """Is a story recorded at intake stored as assisted, naming the staff member, with the
    consent text of the storyteller's language, and does its code work for the storyteller?"""
    moderator = staff_client("moderator")
    page = moderator.get("/moderate/intake?lang=ko").get_data(as_text=True)
    assert KO_CONSENT in page and 'lang="ko"' in page
    fields = {**_intake_form(moderator), **story_fields(story_language="ko", region="")}
    answer = moderator.post("/moderate/intake?lang=ko", data=fields)
    assert answer.status_code == 200
    receipt = answer.get_data(as_text=True)
    code = claim_code_in(receipt)
    assert "내 확인 코드" in receipt  # the storyteller's part is in their language
    assert "/ko/my-story" in receipt

    db.session.rollback()
    story = db.session.query(Story).one()
    consent = story.current_consent
    assert consent.method is ConsentMethod.ASSISTED
    assert consent.recorded_by_id == moderator.user.id
    assert (consent.language_shown, consent.language_requested) == ("ko", "ko")
    assert consent.events[0].staff_user_id == moderator.user.id
    event = db.session.query(AuditEvent).filter_by(action="story.submitted").one()
    assert event.actor_id == moderator.user.id and "assisted" in event.note

    status = client.post(
        "/ko/my-story", data={"csrf_token": form_token(client, "/ko/my-story"), "code": code}
    )
    assert status.status_code == 200


def test_intake_refuses_an_incomplete_form_and_keeps_the_story(staff_client, storyteller_world, db):
    """Without permission to keep the story, is it refused, and kept in the form?"""
    moderator = staff_client("moderator")
    fields = {
        **_intake_form(moderator, "en"),
        **story_fields(consent_store=None, body="A long story told slowly."),
    }
    answer = moderator.post("/moderate/intake?lang=en", data=fields)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "A long story told slowly." in page
    assert "We can only accept your story if you let us keep it." in page
    db.session.rollback()
    assert db.session.query(Story).count() == 0


def test_intake_sent_twice_stores_one_story(staff_client, storyteller_world, db):
    """Does a double click at intake store one story and say so calmly?"""
    moderator = staff_client("moderator")
    fields = {**_intake_form(moderator, "en"), **story_fields()}
    assert moderator.post("/moderate/intake?lang=en", data=fields).status_code == 200
    again = moderator.post("/moderate/intake?lang=en", data=fields)
    assert again.status_code == 409
    assert "recorded already" in again.get_data(as_text=True)
    db.session.rollback()
    assert db.session.query(Story).count() == 1


def test_an_expired_intake_form_keeps_the_text_and_asks_for_consent_again(
    staff_client, storyteller_world, db
):
    """When the form token expired during a long interview, is everything typed kept and the
    permissions asked again?"""
    moderator = staff_client("moderator")
    fields = {**_intake_form(moderator, "en"), **story_fields(body="Told over an hour.")}
    fields["csrf_token"] = "expired-token"
    answer = moderator.post("/moderate/intake?lang=en", data=fields)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Told over an hour." in page and "permissions were cleared" in page
    db.session.rollback()
    assert db.session.query(Story).count() == 0


def test_intake_without_a_consent_text_explains_what_is_missing(staff_client):
    """With no consent text published yet, does intake say so instead of failing?"""
    moderator = staff_client("moderator")
    page = moderator.get("/moderate/intake")
    assert page.status_code == 200
    assert "There is no consent text yet" in page.get_data(as_text=True)
