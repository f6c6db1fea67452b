"""Translations: translators translate only what readers may see, moderators approve them, and
readers get only approved translations of the text they can read now."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from conftest import form_token, hidden_fields
from storybank.models import (
    AuditEvent,
    PublishableRevision,
    Story,
    StoryTranslation,
    TranslationState,
)
from storybank.services.storyteller import withdraw
from storybank.services.translations import is_stale, public_translations

ORIGINAL_TITLE = "기다림의 원래 제목"
ORIGINAL_TEXT = (
    "저는 김은진입니다. 제 전화번호는 010-1234-5678 입니다.\n\n우리는 8년을 기다렸습니다."
)
PUBLISHABLE_TITLE = "기다림"
PUBLISHABLE_TEXT = "제 전화번호는 [삭제됨] 입니다.\n\n우리는 8년을 기다렸습니다."
ENGLISH_TEXT = "My phone number is [removed].\n\nWe waited eight years."


@pytest.fixture
def korean_story(db, make_story):
    """A published Korean story whose text readers see (version 2) differs from the original."""
    story = make_story(state="published", language="ko", title=ORIGINAL_TITLE, body=ORIGINAL_TEXT)
    add_revision(db, story.id, PUBLISHABLE_TEXT, title=PUBLISHABLE_TITLE)
    return story


def add_revision(db, story_id, text, title=None):
    """A moderator's newer publishable revision (a redaction, say), written directly."""
    db.session.rollback()
    story = db.session.get(Story, story_id)
    number = story.current_revision.number + 1
    story.revisions.append(PublishableRevision(number=number, title=title, text=text))
    db.session.commit()
    return number


def edit_path(story_id, language="en"):
    return f"/moderate/stories/{story_id}/translations/{language}"


def review_path(story_id, language="en"):
    return f"/moderate/stories/{story_id}/translations/{language}/review"


def save(client, story_id, language="en", **fields):
    """Open the translator's page and send the form with the revision it showed."""
    page = client.get(edit_path(story_id, language))
    assert page.status_code == 200, page.status_code
    data = hidden_fields(page.get_data(as_text=True))
    data.update(fields)
    return client.post(edit_path(story_id, language), data=data)


def decide(client, story_id, decision, language="en", **fields):
    """Open the moderator's page and send a decision on the translation it showed."""
    page = client.get(review_path(story_id, language))
    assert page.status_code == 200, page.status_code
    data = hidden_fields(page.get_data(as_text=True))
    data.update(decision=decision, **fields)
    return client.post(review_path(story_id, language), data=data)


def stored_translation(db, story_id, language="en"):
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(
        select(StoryTranslation).where(
            StoryTranslation.story_id == story_id, StoryTranslation.language == language
        )
    )


def audit_actions(db, story_id):
    db.session.rollback()
    return [
        (event.action, event.note)
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.story_id == story_id).order_by(AuditEvent.id)
        )
    ]


@pytest.fixture
def translator_client(staff_client):
    return staff_client("translator")


@pytest.fixture
def moderator_client(staff_client):
    return staff_client("moderator")


@pytest.fixture
def drafted(db, korean_story, translator_client):
    """The Korean story with an English translation saved by a translator."""
    answer = save(translator_client, korean_story.id, title="Waiting", text=ENGLISH_TEXT)
    assert answer.status_code == 303
    return korean_story


def test_translator_translates_a_published_korean_story(db, korean_story, translator_client):
    """Can a translator find a published story, translate it into English, and is the draft
    saved, from the current text, with an audit event that does not copy the translation?"""
    listing = translator_client.get("/moderate/translations/?language=en")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert PUBLISHABLE_TITLE in html
    assert f'href="{edit_path(korean_story.id)}"' in html

    decomposed = unicodedata.normalize("NFD", "Café talk.")
    answer = save(translator_client, korean_story.id, title="Waiting", text=decomposed)
    assert answer.status_code == 303
    assert answer.location.endswith(edit_path(korean_story.id))

    translation = stored_translation(db, korean_story.id)
    assert translation.review_state is TranslationState.DRAFT
    assert translation.title == "Waiting"
    assert translation.text == unicodedata.normalize("NFC", "Café talk.")
    assert translation.translator_id == translator_client.user.id
    assert translation.source_revision_number == 2
    assert translation.reviewed_by_id is None
    events = audit_actions(db, korean_story.id)
    assert ("translation.saved", "language=en; revision=2") in events
    assert not any("Café" in (note or "") for _action, note in events)

    listing = translator_client.get("/moderate/translations/").get_data(as_text=True)
    assert "English" in listing and "Draft" in listing


def test_translator_sees_the_publishable_text_not_the_original(korean_story, translator_client):
    """Does the translator's page show the text readers see, with its language, and never the
    original text or title, the redacted details or the storyteller's name?"""
    for path in (
        edit_path(korean_story.id),
        f"/moderate/stories/{korean_story.id}/translations/",
        "/moderate/translations/",
    ):
        answer = translator_client.get(path)
        assert answer.status_code == 200, path
        html = answer.get_data(as_text=True)
        assert PUBLISHABLE_TITLE in html, path
        assert ORIGINAL_TITLE not in html, path
        assert "010-1234-5678" not in html, path
        assert "김은진" not in html, path
        assert "Test Storyteller" not in html, path
    html = translator_client.get(edit_path(korean_story.id)).get_data(as_text=True)
    assert "제 전화번호는 [삭제됨] 입니다." in html
    assert '<div class="story-text" lang="ko" dir="ltr">' in html
    textarea = html[html.index("<textarea") : html.index(">", html.index("<textarea"))]
    assert 'lang="en"' in textarea and 'dir="ltr"' in textarea


def test_the_target_language_field_is_right_to_left_for_urdu(korean_story, translator_client):
    """Is a translation into Urdu typed in a right-to-left field?"""
    html = translator_client.get(edit_path(korean_story.id, "ur")).get_data(as_text=True)
    textarea = html[html.index("<textarea") : html.index(">", html.index("<textarea"))]
    assert 'lang="ur"' in textarea and 'dir="rtl"' in textarea


def test_choosing_a_language_leads_to_the_translation_form(korean_story, translator_client):
    """Does the language chooser of a story lead to its translation form, and refuse a
    language it does not offer?"""
    start = f"/moderate/stories/{korean_story.id}/translations/"
    answer = translator_client.get(f"{start}?language=es")
    assert answer.status_code == 303
    assert answer.location.endswith(edit_path(korean_story.id, "es"))
    assert translator_client.get(f"{start}?language=ko").status_code == 400


@pytest.mark.parametrize(
    ("state", "scopes"),
    [
        ("submitted", ("store", "publish")),
        ("in_review", ("store", "publish")),
        ("unpublished", ("store", "publish")),
        ("published", ("store",)),
    ],
)
def test_a_story_readers_cannot_see_is_not_found(
    make_story, translator_client, moderator_client, state, scopes
):
    """Is a story that is not public now (never published, unpublished, or published without
    the storyteller's permission) missing from every translation page?"""
    story = make_story(state=state, language="ko", title="비공개", scopes=scopes)
    assert translator_client.get(edit_path(story.id)).status_code == 404
    assert translator_client.get(f"/moderate/stories/{story.id}/translations/").status_code == 404
    token = form_token(translator_client, "/moderate/translations/")
    answer = translator_client.post(
        edit_path(story.id), data={"csrf_token": token, "text": "Hello", "revision": "1"}
    )
    assert answer.status_code == 404
    assert "비공개" not in translator_client.get("/moderate/translations/").get_data(as_text=True)
    assert moderator_client.get(review_path(story.id)).status_code == 404


def test_a_withdrawn_story_is_gone(db, drafted, translator_client, moderator_client):
    """Once the storyteller takes the story back, do its translation pages answer 410 Gone?"""
    db.session.rollback()
    withdraw(db.session.get(Story, drafted.id))
    db.session.commit()
    assert translator_client.get(edit_path(drafted.id)).status_code == 410
    answer = translator_client.post(
        edit_path(drafted.id),
        data={
            "csrf_token": form_token(translator_client, "/moderate/translations/"),
            "text": "Hello",
            "revision": "2",
        },
    )
    assert answer.status_code == 410
    assert moderator_client.get(review_path(drafted.id)).status_code == 410
    assert stored_translation(db, drafted.id) is None


@pytest.mark.parametrize("language", ["ko", "xx", "EN", "klingon"])
def test_the_story_language_or_an_unknown_language_is_not_found(
    korean_story, translator_client, language
):
    """Is a translation into the story's own language, or into no known language, refused?"""
    assert translator_client.get(edit_path(korean_story.id, language)).status_code == 404


def test_an_empty_translation_is_refused_and_the_typed_title_kept(
    db, korean_story, translator_client
):
    """Does an empty text re-show the form with a message, status 400, keeping the title?"""
    answer = save(translator_client, korean_story.id, title="My typed title", text="  \n ")
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert 'value="My typed title"' in html
    assert "Write the translation of the text. It cannot be empty." in html
    assert 'aria-invalid="true"' in html
    assert stored_translation(db, korean_story.id) is None


def test_a_too_long_translation_is_refused(db, korean_story, translator_client):
    """Is a translation longer than 20,000 characters refused, keeping what was typed?"""
    answer = save(translator_client, korean_story.id, text="가" * 20_001)
    assert answer.status_code == 400
    assert "20,001" in answer.get_data(as_text=True)
    assert stored_translation(db, korean_story.id) is None


def test_translating_a_text_that_changed_meanwhile_is_refused(db, korean_story, translator_client):
    """When the text readers see changes while the translator works, is the save refused (so
    nothing redacted meanwhile comes back), keeping the typed translation?"""
    page = translator_client.get(edit_path(korean_story.id)).get_data(as_text=True)
    add_revision(db, korean_story.id, "우리는 8년을 기다렸습니다.", title=PUBLISHABLE_TITLE)
    answer = translator_client.post(
        edit_path(korean_story.id),
        data={**hidden_fields(page), "title": "Waiting", "text": "My typed translation."},
    )
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "My typed translation." in html
    assert "The text readers see changed while you were translating." in html
    assert stored_translation(db, korean_story.id) is None
    # The form now carries the newer text's version: sending it again saves.
    answer = translator_client.post(
        edit_path(korean_story.id),
        data={**hidden_fields(html), "title": "Waiting", "text": "My typed translation."},
    )
    assert answer.status_code == 303
    assert stored_translation(db, korean_story.id).source_revision_number == 3


def test_a_moderator_approves_a_translation(db, drafted, moderator_client):
    """Does a moderator find the draft waiting, approve it, and do readers then get it?"""
    queue = moderator_client.get("/moderate/translations/review")
    assert queue.status_code == 200
    assert f'href="{review_path(drafted.id)}"' in queue.get_data(as_text=True)
    page = moderator_client.get(review_path(drafted.id)).get_data(as_text=True)
    assert "We waited eight years." in page and "[삭제됨]" in page

    answer = decide(moderator_client, drafted.id, "approve")
    assert answer.status_code == 303

    translation = stored_translation(db, drafted.id)
    assert translation.review_state is TranslationState.APPROVED
    assert translation.reviewed_by_id == moderator_client.user.id
    story = db.session.get(Story, drafted.id)
    assert public_translations(story) == [translation]
    assert ("translation.approved", "language=en; revision=2") in audit_actions(db, drafted.id)
    queue = moderator_client.get("/moderate/translations/review").get_data(as_text=True)
    assert review_path(drafted.id) not in queue


def test_editing_an_approved_translation_needs_approving_again(
    db, drafted, moderator_client, translator_client
):
    """When an approved translation is edited, does it go back to draft, and do readers stop
    seeing it until a moderator approves it again?"""
    assert decide(moderator_client, drafted.id, "approve").status_code == 303
    page = translator_client.get(edit_path(drafted.id)).get_data(as_text=True)
    assert "goes back to a moderator for approval" in page
    assert "We waited eight years." in page  # the translation as it stands

    answer = save(translator_client, drafted.id, title="Waiting", text="We waited for 8 years.")
    assert answer.status_code == 303
    translation = stored_translation(db, drafted.id)
    assert translation.review_state is TranslationState.DRAFT
    assert translation.reviewed_by_id is None
    assert public_translations(db.session.get(Story, drafted.id)) == []


def test_saving_an_unchanged_translation_changes_nothing(
    db, drafted, moderator_client, translator_client
):
    """Does saving an approved translation unchanged leave it approved?"""
    assert decide(moderator_client, drafted.id, "approve").status_code == 303
    answer = save(translator_client, drafted.id, title="Waiting", text=ENGLISH_TEXT)
    assert answer.status_code == 303
    assert stored_translation(db, drafted.id).review_state is TranslationState.APPROVED


def test_approving_a_stale_translation_is_refused(db, drafted, moderator_client):
    """When the text changed after the translation was made (a redaction, say), is approving
    it refused with a clear message, changing nothing?"""
    add_revision(db, drafted.id, "우리는 기다렸습니다.", title=PUBLISHABLE_TITLE)
    page = moderator_client.get(review_path(drafted.id)).get_data(as_text=True)
    assert "cannot be approved" in page

    answer = decide(moderator_client, drafted.id, "approve")
    assert answer.status_code == 409
    assert "made from an older version of the text" in answer.get_data(as_text=True)
    translation = stored_translation(db, drafted.id)
    assert translation.review_state is TranslationState.DRAFT
    assert translation.reviewed_by_id is None
    assert is_stale(translation)
    assert "translation.approved" not in [a for a, _n in audit_actions(db, drafted.id)]


def test_an_approved_translation_of_an_older_text_is_not_shown(db, drafted, moderator_client):
    """Once the text readers see changes, do readers stop getting the earlier translation,
    and does the moderator's review page say it is outdated?"""
    assert decide(moderator_client, drafted.id, "approve").status_code == 303
    add_revision(db, drafted.id, "우리는 기다렸습니다.")
    assert public_translations(db.session.get(Story, drafted.id)) == []
    html = moderator_client.get(f"/moderate/stories/{drafted.id}").get_data(as_text=True)
    assert f'href="{review_path(drafted.id)}"' in html
    assert "Outdated: readers now see version 3." in html


def test_a_stale_translation_is_not_shown_to_translators(db, drafted, translator_client):
    """Is a translation of an older text kept from the translator's form (it may hold details
    redacted since)?"""
    add_revision(db, drafted.id, "우리는 기다렸습니다.")
    html = translator_client.get(edit_path(drafted.id)).get_data(as_text=True)
    assert "We waited eight years." not in html
    assert "details may have been removed" in html


def test_a_moderator_sends_a_translation_back(db, drafted, moderator_client, translator_client):
    """Does rejecting mark the translation for rework and show the note to the translator?"""
    answer = decide(moderator_client, drafted.id, "reject", note="Please translate the title.")
    assert answer.status_code == 303
    translation = stored_translation(db, drafted.id)
    assert translation.review_state is TranslationState.REJECTED
    assert translation.reviewed_by_id == moderator_client.user.id
    assert public_translations(db.session.get(Story, drafted.id)) == []
    assert (
        "translation.rejected",
        "language=en; revision=2; note=Please translate the title.",
    ) in audit_actions(db, drafted.id)
    html = translator_client.get(edit_path(drafted.id)).get_data(as_text=True)
    assert "Please translate the title." in html


def test_an_unknown_decision_is_refused(db, drafted, moderator_client):
    """Is a decision other than approve or reject refused with 400, changing nothing?"""
    for decision in ("publish", ""):
        answer = decide(moderator_client, drafted.id, decision)
        assert answer.status_code == 400
    assert stored_translation(db, drafted.id).review_state is TranslationState.DRAFT


def test_a_decision_on_a_translation_saved_meanwhile_is_refused(
    db, drafted, moderator_client, translator_client
):
    """If the translator saves again while the moderator reads, is the approval refused so that
    nothing is approved unseen?"""
    page = moderator_client.get(review_path(drafted.id)).get_data(as_text=True)
    save(translator_client, drafted.id, title="Waiting", text="Something else entirely.")
    answer = moderator_client.post(
        review_path(drafted.id), data={**hidden_fields(page), "decision": "approve"}
    )
    assert answer.status_code == 409
    assert "Something else entirely." in answer.get_data(as_text=True)
    assert stored_translation(db, drafted.id).review_state is TranslationState.DRAFT


def test_the_list_filters_by_target_language(db, drafted, make_story, translator_client):
    """Does the list show, for a chosen language, only stories still to translate into it?"""
    other = make_story(state="published", language="es", title="La espera")
    english = make_story(state="published", language="en", title="English original")
    html = translator_client.get(
        "/moderate/translations/?language=en&status=untranslated"
    ).get_data(as_text=True)
    assert "La espera" in html
    assert PUBLISHABLE_TITLE not in html  # translated already
    assert "English original" not in html  # already in English
    assert f'href="{edit_path(other.id)}"' in html
    html = translator_client.get("/moderate/translations/").get_data(as_text=True)
    assert "La espera" in html and PUBLISHABLE_TITLE in html and "English original" in html
    add_revision(db, drafted.id, "우리는 기다렸습니다.", title=PUBLISHABLE_TITLE)
    html = translator_client.get("/moderate/translations/?language=en&status=outdated").get_data(
        as_text=True
    )
    assert PUBLISHABLE_TITLE in html and "La espera" not in html
    assert english.id  # listed only without a language filter


def test_translators_cannot_approve_and_moderators_cannot_translate(
    drafted, translator_client, moderator_client
):
    """Is approving refused to translators, and writing translations refused to moderators?"""
    assert translator_client.get(review_path(drafted.id)).status_code == 403
    assert translator_client.get("/moderate/translations/review").status_code == 403
    answer = translator_client.post(
        review_path(drafted.id),
        data={
            "csrf_token": form_token(translator_client, "/moderate/translations/"),
            "decision": "approve",
        },
    )
    assert answer.status_code == 403

    assert moderator_client.get(edit_path(drafted.id)).status_code == 403
    assert moderator_client.get("/moderate/translations/").status_code == 403
    answer = moderator_client.post(
        edit_path(drafted.id),
        data={
            "csrf_token": form_token(moderator_client, "/moderate/translations/review"),
            "text": "Mine",
            "revision": "2",
        },
    )
    assert answer.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, drafted):
    """Does every translation page send a visitor without a session to sign in?"""
    for path in (
        "/moderate/translations/",
        "/moderate/translations/review",
        edit_path(drafted.id),
        review_path(drafted.id),
        f"/moderate/stories/{drafted.id}/translations/",
    ):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.location.endswith("/moderate/login"), path
