"""Reviewing stories through HTTP: the queue, claiming, flags and redaction, decisions enforced
against consent, the storyteller's answer, contact details, and the audit trail of each step."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import claim_code_in, form_token, forms_in, hidden_fields, post_form, story_fields
from storybank.models import AuditEvent, MessageAuthor, Story, StoryState

A_NUMBER = "A123456789"
JOURNEY_BODY = (
    "We came in 2014. My alien number is " + A_NUMBER + " and my sister still waits.\n\n"
    "Every year the letter says the same thing."
)


def _story(db: Any, story_id: int) -> Story:
    db.session.rollback()  # see what the requests committed
    return db.session.get(Story, story_id)


def _events(db: Any, story_id: int) -> list[tuple[str, str | None, str | None]]:
    db.session.rollback()
    rows = db.session.query(AuditEvent).filter_by(story_id=story_id).order_by(AuditEvent.id)
    return [(event.action, event.from_state, event.to_state) for event in rows]


def _decide(client: Any, story_id: int, decision: str, note: str = "", **extra: str) -> Any:
    page = f"/moderate/stories/{story_id}"
    return post_form(client, page, f"{page}/decision", decision=decision, note=note, **extra)


def _claim(client: Any, story_id: int, **extra: str) -> Any:
    page = f"/moderate/stories/{story_id}"
    html = client.get(page).get_data(as_text=True)
    ((_form, fields),) = forms_in(html, f"{page}/claim")
    return client.post(f"{page}/claim", data={**fields, **extra})


def test_the_whole_review_journey(share, staff_client, client, db):
    """Can a story go from the form through claim, redaction, a question, the storyteller's
    answer, publication and unpublication, with the audit trail right after every step?"""
    told = share(fields=story_fields(body=JOURNEY_BODY, consent_contact=None))
    code = claim_code_in(told.get_data(as_text=True))
    story = Story.query.one() if False else None
    db.session.rollback()
    story = db.session.query(Story).one()
    story_id = story.id
    assert story.flag_count == 1

    moderator = staff_client("moderator")  # signed in with TOTP enrolment
    queue = moderator.get("/moderate/").get_data(as_text=True)
    assert f"/moderate/stories/{story_id}" in queue
    assert 'class="flag-count">1<' in queue

    # Opening is read-only; claiming moves it to review.
    page = moderator.get(f"/moderate/stories/{story_id}").get_data(as_text=True)
    assert f'<mark class="flag" title="A-number (alien registration number)">{A_NUMBER}' in page
    assert _story(db, story_id).state is StoryState.SUBMITTED
    assert _claim(moderator, story_id).status_code == 303
    assert _story(db, story_id).state is StoryState.IN_REVIEW
    assert _events(db, story_id)[-1] == ("story.claimed", "submitted", "in_review")

    # One click redacts the flagged A-number into a new revision; the original is kept.
    page = moderator.get(f"/moderate/stories/{story_id}").get_data(as_text=True)
    redactions = forms_in(page, f"/moderate/stories/{story_id}/redact")
    ((_form, fields),) = [(f, h) for f, h in redactions if "field" in h]
    assert moderator.post(f"/moderate/stories/{story_id}/redact", data=fields).status_code == 303
    story = _story(db, story_id)
    assert A_NUMBER in story.original_text
    assert A_NUMBER not in story.current_revision.text
    assert "[…]" in story.current_revision.text
    assert story.current_revision.number == 2 and story.flag_count == 0
    assert _events(db, story_id)[-1] == ("story.redacted", None, None)

    # A question for the storyteller.
    asked = _decide(moderator, story_id, "request_changes", "Which year did your sister file?")
    assert asked.status_code == 303
    assert _story(db, story_id).state is StoryState.CHANGES_REQUESTED
    assert _events(db, story_id)[-1] == (
        "story.changes_requested",
        "in_review",
        "changes_requested",
    )
    question_event = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
    assert "sister" not in (question_event.note or "")  # the trail never copies the message

    # The storyteller reads it with their code and answers; the story returns to review.
    status = client.post(
        "/en/my-story", data={"csrf_token": form_token(client, "/en/my-story"), "code": code}
    ).get_data(as_text=True)
    assert "Which year did your sister file?" in status
    fields = hidden_fields(status)
    answered = client.post(
        "/en/my-story/answer",
        data={
            "csrf_token": fields["csrf_token"],
            "code": code,
            "answer": "In 2009.",
            "body": _story(db, story_id).current_revision.text + "\n\nShe filed in 2009.",
        },
    )
    assert answered.status_code == 200
    assert _story(db, story_id).state is StoryState.IN_REVIEW
    assert _events(db, story_id)[-1] == ("story.answered", "changes_requested", "in_review")
    page = moderator.get(f"/moderate/stories/{story_id}").get_data(as_text=True)
    assert "In 2009." in page and "Answer from the storyteller" in page

    # Publish, as the storyteller allowed.
    assert _decide(moderator, story_id, "publish").status_code == 303
    story = _story(db, story_id)
    assert story.state is StoryState.PUBLISHED and story.published_at is not None
    assert _events(db, story_id)[-1] == ("story.published", "in_review", "published")

    # Unpublish.
    assert _decide(moderator, story_id, "unpublish", "Checking a detail").status_code == 303
    assert _story(db, story_id).state is StoryState.UNPUBLISHED
    event = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
    assert (event.action, event.to_state, event.note) == (
        "story.unpublished",
        "unpublished",
        "Checking a detail",
    )
    assert event.actor_id == moderator.user.id

    # The history on the page shows every step.
    history = moderator.get(f"/moderate/stories/{story_id}").get_data(as_text=True)
    for action in ("story.submitted", "story.claimed", "story.redacted", "story.answered"):
        assert action in history


def test_a_decline_claims_a_submitted_story_first(make_story, staff_client, db):
    """Does a decision on a submitted story claim it (to review) and then decide?"""
    story = make_story()
    moderator = staff_client("moderator")
    answer = _decide(moderator, story.id, "decline", "Not a story")
    assert answer.status_code == 303
    assert _story(db, story.id).state is StoryState.DECLINED
    assert _story(db, story.id).assigned_to_id == moderator.user.id
    assert _events(db, story.id)[-2:] == [
        ("story.claimed", "submitted", "in_review"),
        ("story.declined", "in_review", "declined"),
    ]


def _assert_unchanged(db: Any, story_id: int, state: str, events_before: int) -> None:
    story = _story(db, story_id)
    assert story.state is StoryState(state)
    assert len(_events(db, story_id)) == events_before


@pytest.mark.parametrize(
    ("state", "scopes", "decision", "note", "status", "message"),
    [
        ("in_review", ("store",), "publish", "", 409, "did not allow publishing"),
        ("in_review", ("store", "publish"), "retract", "", 400, "Choose one of the decisions"),
        ("in_review", ("store", "publish"), "", "", 400, "Choose one of the decisions"),
        ("in_review", ("store", "publish"), "request_changes", "", 400, "Write the question"),
        ("declined", ("store", "publish"), "publish", "", 409, "cannot become"),
        ("published", ("store", "publish"), "request_changes", "Why?", 409, "cannot become"),
        ("published", ("store", "publish"), "publish", "", 409, "cannot become"),
        ("submitted", ("store", "publish"), "unpublish", "", 409, "cannot become"),
    ],
)
def test_illegal_decisions_change_nothing(
    make_story, staff_client, db, state, scopes, decision, note, status, message
):
    """Is a decision that consent or the lifecycle forbids refused, clearly, changing nothing?"""
    story = make_story(state=state, scopes=scopes)
    moderator = staff_client("moderator")
    before = len(_events(db, story.id))
    answer = _decide(moderator, story.id, decision, note)
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    assert "Nothing was changed" in answer.get_data(as_text=True)
    _assert_unchanged(db, story.id, state, before)


def test_a_decision_on_a_withdrawn_story_is_refused(make_story, staff_client, db, client):
    """Once the storyteller took the story back, is every decision refused?"""
    from storybank.services.storyteller import withdraw

    story = make_story(state="in_review")
    withdraw(db.session.get(Story, story.id))
    db.session.commit()
    moderator = staff_client("moderator")
    before = len(_events(db, story.id))
    for decision in ("publish", "unpublish", "decline", "request_changes"):
        answer = _decide(moderator, story.id, decision, "note")
        assert answer.status_code == 410
        assert "took this story back" in answer.get_data(as_text=True)
    _assert_unchanged(db, story.id, "withdrawn", before)
    page = moderator.get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    assert "A story taken back by the storyteller" in page
    assert "Decision" not in page


def test_flags_left_in_the_text_need_a_confirmation_to_publish(make_story, staff_client, db):
    """Does publishing with details still marked need the moderator's explicit confirmation?"""
    story = make_story(state="in_review", body="Write to me at ana@example.org please.")
    moderator = staff_client("moderator")
    refused = _decide(moderator, story.id, "publish")
    assert refused.status_code == 400
    assert "1 detail that may identify the storyteller" in refused.get_data(as_text=True)
    assert _story(db, story.id).state is StoryState.IN_REVIEW
    assert _decide(moderator, story.id, "publish", confirm_flags="y").status_code == 303
    assert _story(db, story.id).state is StoryState.PUBLISHED


def test_a_stale_claim_is_refused(make_story, staff_client, db):
    """When someone claimed the story after the page was shown, is a claim refused?"""
    story = make_story()
    first, second = staff_client("moderator"), staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    seen = second.get(page).get_data(as_text=True)  # shown while nobody has it
    ((_form, old_fields),) = forms_in(seen, f"{page}/claim")
    assert _claim(first, story.id).status_code == 303
    stale = second.post(f"{page}/claim", data={**old_fields, "take_over": "y"})
    assert stale.status_code == 409
    assert "Meanwhile" in stale.get_data(as_text=True)
    assert _story(db, story.id).assigned_to_id == first.user.id
    # Taking over needs the box ticked on a page that showed who has it.
    without_box = _claim(second, story.id)
    assert without_box.status_code == 409 and "To take it over" in without_box.get_data(
        as_text=True
    )
    assert _claim(second, story.id, take_over="y").status_code == 303
    assert _story(db, story.id).assigned_to_id == second.user.id
    assert _events(db, story.id)[-1] == ("story.taken_over", None, None)


def test_a_story_held_by_someone_else_cannot_be_decided(make_story, staff_client, db):
    """Can a moderator decide or edit a story another moderator is reviewing? (No.)"""
    story = make_story()
    holder, other = staff_client("moderator"), staff_client("moderator")
    _claim(holder, story.id)
    before = len(_events(db, story.id))
    refused = _decide(other, story.id, "decline", "spam")
    assert refused.status_code == 409
    assert "is reviewing this story" in refused.get_data(as_text=True)
    page = f"/moderate/stories/{story.id}"
    edit = post_form(other, page, f"{page}/text", publishable_text="Changed", revision="1")
    assert edit.status_code == 409
    _assert_unchanged(db, story.id, "in_review", before)


def test_editing_the_text_makes_a_revision_and_keeps_the_original(make_story, staff_client, db):
    """Does saving the publishable text add a revision, leave the original, and refuse a save
    made over a newer version (keeping what was typed)?"""
    story = make_story(body="Original words.")
    moderator = staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    saved = post_form(
        moderator,
        page,
        f"{page}/text",
        publishable_title="New title",
        publishable_text="Edited words.",
        revision="1",
    )
    assert saved.status_code == 303
    current = _story(db, story.id)
    assert current.original_text == "Original words."
    assert (current.current_revision.number, current.current_revision.text) == (2, "Edited words.")
    assert current.current_revision.created_by_id == moderator.user.id
    stale = post_form(
        moderator, page, f"{page}/text", publishable_text="My slower edit.", revision="1"
    )
    assert stale.status_code == 409
    assert "newer version" in stale.get_data(as_text=True)
    assert "My slower edit." in stale.get_data(as_text=True)
    empty = post_form(moderator, page, f"{page}/text", publishable_text="  ", revision="2")
    assert empty.status_code == 400
    assert _story(db, story.id).current_revision.number == 2
    assert [e[0] for e in _events(db, story.id)][-1] == "story.text_edited"


def test_the_storytellers_hidden_name_is_flagged(make_story, staff_client, db):
    """When the storyteller chose a pen name, is their real name in the text flagged?"""
    story = make_story(
        body="My name is Kim Eun-jin and I came in 2015.",
        attribution="pen_name",
        storyteller_name="Kim Eun-jin",
        shown_name="A mother in Chicago",
    )
    moderator = staff_client("moderator")
    page = moderator.get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    assert "The storyteller&#39;s name" in page or "The storyteller's name" in page
    assert _story(db, story.id).flag_count == 1
    redact_all = [h for _f, h in forms_in(page, f"/moderate/stories/{story.id}/redact")]
    assert (
        moderator.post(f"/moderate/stories/{story.id}/redact", data=redact_all[0]).status_code
        == 303
    )
    assert "Kim" not in _story(db, story.id).current_revision.text


def test_contact_details_need_the_scope_and_a_deliberate_audited_view(make_story, staff_client, db):
    """Are contact details shown only with the contact scope, after a click that is audited?"""
    story = make_story(scopes=("store", "publish", "contact"))
    stored = db.session.get(Story, story.id)
    stored.contact_email = "eunjin@example.org"
    db.session.commit()
    moderator = staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    assert "eunjin@example.org" not in moderator.get(page).get_data(as_text=True)
    shown = post_form(moderator, page, f"{page}/contact")
    assert shown.status_code == 200 and "eunjin@example.org" in shown.get_data(as_text=True)
    db.session.rollback()
    event = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
    assert (event.action, event.actor_id) == ("contact.viewed", moderator.user.id)
    assert "eunjin" not in (event.note or "")

    private = make_story(scopes=("store", "publish"))
    page = f"/moderate/stories/{private.id}"
    refused = post_form(moderator, page, f"{page}/contact")
    assert refused.status_code == 403
    assert "did not allow us to contact them" in refused.get_data(as_text=True)


def test_the_queue_filters_counts_and_pages(make_story, staff_client, db, storyteller_world):
    """Do the queue's counts, filters (state, language, flagged, mine, theme, campaign) and
    pages show the right stories, oldest first?"""
    from storybank.models import Campaign, Theme

    ko = make_story(language="ko", title="가족 이야기", body="가족이 헤어졌습니다.")
    flagged = make_story(title="Flagged", body="Call 312-555-0199 any time.")
    published = make_story(state="published", title="Out there")
    stored = db.session.get(Story, flagged.id)
    stored.flag_count = 1
    stored.themes = [db.session.query(Theme).filter_by(slug="family").one()]
    stored.campaign = db.session.query(Campaign).one()
    db.session.commit()
    moderator = staff_client("moderator")
    page = moderator.get("/moderate/").get_data(as_text=True)
    assert "가족 이야기" in page and "Flagged" in page and "Out there" not in page
    assert page.index("가족 이야기") < page.index("Flagged")  # oldest first
    assert "2 stories, oldest first." in page

    def titles(query: str) -> str:
        return moderator.get("/moderate/?" + query).get_data(as_text=True)

    assert "Flagged" not in titles("language=ko") and "가족 이야기" in titles("language=ko")
    assert "가족 이야기" not in titles("flagged=1") and "Flagged" in titles("flagged=1")
    assert "Flagged" in titles("theme=family") and "가족 이야기" not in titles("theme=family")
    assert "Flagged" in titles("campaign=waiting-years")
    assert "Out there" in titles("state=published") and "Flagged" not in titles("state=published")
    assert "No stories match" in titles("mine=1")
    _claim(moderator, ko.id)
    assert "가족 이야기" in titles("mine=1") and "Flagged" not in titles("mine=1")
    assert "Out there" in titles("state=nonsense&page=x") or "Flagged" in titles("state=nonsense")
    del published

    for n in range(26):
        make_story(title=f"Bulk {n:02d}")
    first = titles("")
    assert "Page 1 of 2" in first and "Bulk 22" in first and "Bulk 23" not in first
    assert "Bulk 25" in titles("page=2")


def test_bulk_decline_as_spam(make_story, staff_client, db):
    """Can several stories be declined as spam at once, one decision and event each, leaving
    stories someone else holds alone?"""
    spam = [make_story(title=f"Buy now {n}") for n in range(3)]
    held = make_story(title="Held")
    holder, moderator = staff_client("moderator"), staff_client("moderator")
    _claim(holder, held.id)
    ids = [story.id for story in [*spam, held]]
    unconfirmed = moderator.post(
        "/moderate/bulk", data={"csrf_token": form_token(moderator, "/moderate/"), "story": ids}
    )
    assert unconfirmed.status_code == 303
    assert all(_story(db, i).state is not StoryState.DECLINED for i in ids)
    answer = moderator.post(
        "/moderate/bulk",
        data={"csrf_token": form_token(moderator, "/moderate/"), "story": ids, "confirm_spam": "y"},
    )
    assert answer.status_code == 303
    page = moderator.get("/moderate/").get_data(as_text=True)
    assert "3 stories were declined as spam." in page
    assert "1 story was left as it was" in page
    for story in spam:
        assert _story(db, story.id).state is StoryState.DECLINED
        declines = [e for e in _events(db, story.id) if e[0] == "story.declined"]
        assert declines == [("story.declined", "in_review", "declined")]
    assert _story(db, held.id).state is StoryState.IN_REVIEW


def test_staff_see_the_media_of_a_story(make_story, staff_client, db):
    """Does the review page preview a story's photo, served only to staff?"""
    from storybank.models import Media, MediaKind

    story = make_story()
    db.session.add(
        Media(
            story_id=story.id,
            kind=MediaKind.PHOTO,
            content_type="image/png",
            byte_size=3,
            sha256="0" * 64,
            data=b"png",
            width=1,
            height=1,
        )
    )
    db.session.commit()
    media = db.session.query(Media).one()
    moderator = staff_client("moderator")
    page = moderator.get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    assert f"/moderate/media/{media.public_id}" in page
    served = moderator.get(f"/moderate/media/{media.public_id}")
    assert served.status_code == 200 and served.data == b"png"
    assert served.headers["Cache-Control"] == "no-store"
    anonymous = moderator.application.test_client().get(f"/moderate/media/{media.public_id}")
    assert anonymous.status_code == 303


def test_the_storyteller_sees_the_question_in_the_moderators_words(share, staff_client, client, db):
    """Is the moderator's question stored as a message to the storyteller?"""
    share()
    db.session.rollback()
    story_id = db.session.query(Story).one().id
    moderator = staff_client("moderator")
    _decide(moderator, story_id, "request_changes", "Can we leave out the city?")
    story = _story(db, story_id)
    (message,) = story.messages
    assert message.author is MessageAuthor.MODERATOR and message.staff_user_id == moderator.user.id
    assert message.body == "Can we leave out the city?"


def test_an_expired_form_token_keeps_the_moderators_text(make_story, staff_client, db):
    """When the page was open so long that its token expired, is the edit kept on the page?"""
    story = make_story(body="Original words.")
    moderator = staff_client("moderator")
    answer = moderator.post(
        f"/moderate/stories/{story.id}/text",
        data={
            "csrf_token": "expired",
            "publishable_text": "An hour of careful edits.",
            "revision": "1",
        },
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "An hour of careful edits." in page and "open too long" in page
    note = moderator.post(
        f"/moderate/stories/{story.id}/decision",
        data={"csrf_token": "expired", "decision": "request_changes", "note": "A kind question."},
    )
    assert note.status_code == 400 and "A kind question." in note.get_data(as_text=True)
    assert _story(db, story.id).current_revision.number == 1
    assert _story(db, story.id).state is StoryState.SUBMITTED


@pytest.mark.parametrize(
    ("state", "offered"),
    [
        ("submitted", ["publish", "request_changes", "decline"]),
        ("in_review", ["publish", "request_changes", "decline"]),
        ("published", ["unpublish"]),
        ("unpublished", ["publish"]),
        ("declined", []),
    ],
)
def test_only_legal_decisions_are_offered(make_story, staff_client, state, offered):
    """Does the decision form offer only what the lifecycle allows in the story's state?"""
    story = make_story(state=state)
    page = staff_client("moderator").get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    shown = [
        d
        for d in ("publish", "unpublish", "request_changes", "decline")
        if f'id="decision-{d}"' in page
    ]
    assert shown == offered


def test_versions_say_why_they_were_made_in_the_staff_language(make_story, staff_client, db):
    """Is the reason of each version (a redaction, an edit) shown in the page's language?"""
    story = make_story(body="Write to ana@example.org.")
    moderator = staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    html = moderator.get(page).get_data(as_text=True)
    (fields,) = [h for _f, h in forms_in(html, f"{page}/redact") if "field" in h]
    moderator.post(f"{page}/redact", data=fields)
    assert "Redacted: E-mail address" in moderator.get(page).get_data(as_text=True)
    moderator.set_cookie("lang", "ko")
    korean = moderator.get(page).get_data(as_text=True)
    assert "가림: " in korean and "redacted: email" not in korean
