"""Receiving a story from the story form, for the public form and assisted intake alike: the
form checked against the consent text it was shown with, the story stored and committed once,
and the same copy of the form sent twice recognised. Each side shows the outcome its own way."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Campaign, ConsentMethod, ConsentText, StaffUser, Story
from ..services.submission import DuplicateSubmission, Receipt, find_submitted, submit_story
from .story import StoryForm


@dataclass(frozen=True)
class Invalid:
    """Something in the form needs the sender's attention; the errors are on its fields."""


@dataclass(frozen=True)
class ConsentChanged:
    """The consent text changed while the form was open: the scope ticks were cleared and the
    form now names the current version, so the text is read and the choices ticked again."""


@dataclass(frozen=True)
class Stored:
    """The story was stored and committed."""

    receipt: Receipt


@dataclass(frozen=True)
class SentBefore:
    """This copy of the form was sent already: `story` is the one it stored."""

    story: Story
    submission_key: str
    body: str


Received = Invalid | ConsentChanged | Stored | SentBefore


def ask_consent_again(form: StoryForm, consent_text: ConsentText) -> None:
    """Clear the scope ticks and name the current consent text: the choices are made again."""
    for _scope, field in form.scope_fields():
        field.data = False
    form.consent_version.data = str(consent_text.version)


def receive_story(
    form: StoryForm,
    consent_text: ConsentText,
    *,
    language: str,
    campaign: Campaign | None = None,
    method: ConsentMethod = ConsentMethod.ONLINE,
    recorded_by: StaffUser | None = None,
) -> Received:
    """Check the sent story form and store its story; the session is committed or rolled back.

    `language` is the language the consent text was given in (the interface's, or the one it
    was read aloud in at intake).
    """
    valid = form.validate()
    uploads, uploads_ok = form.cleaned_media()
    if form.consent_version.data != str(consent_text.version):
        ask_consent_again(form, consent_text)
        return ConsentChanged()
    if not (valid and uploads_ok):
        return Invalid()

    key = form.valid_submission_key()
    new = form.new_story(
        consent_text=consent_text, interface_language=language, uploads=uploads, campaign=campaign
    )
    try:
        receipt = submit_story(new, key, method=method, recorded_by=recorded_by)
        db.session.commit()
    except DuplicateSubmission as duplicate:
        db.session.rollback()
        return SentBefore(duplicate.story, key, new.body)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request stored it.
        db.session.rollback()
        existing = find_submitted(key)
        if existing is None:
            raise
        return SentBefore(existing, key, new.body)
    return Stored(receipt)
