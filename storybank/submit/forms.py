"""The storyteller's self-service forms behind the claim code: answer, narrow consent, withdraw,
and the receipt as a file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..forms.story import (
    ANSWER_LIMIT,
    ConsentScopes,
    StorytellerForm,
    clean_text,
    story_text,
    ticked,
    too_long,
)


class ClaimCodeForm(StorytellerForm):
    """The claim code, as typed: case, spaces and dashes do not matter."""

    code = StringField(_l("Your claim code"))


class AnswerForm(ClaimCodeForm):
    """The storyteller's answer to a moderator's question, with the story revised if they wish."""

    answer = TextAreaField(
        _l("Your answer"), filters=[clean_text], validators=[too_long(ANSWER_LIMIT)]
    )
    body = TextAreaField(_l("Your story"), filters=[clean_text])

    validate_body = story_text(_l("Your story cannot be empty. To remove it, take it back."))

    def validate_answer(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(str(_l("Please write an answer to the question.")))


class ReceiptForm(ClaimCodeForm):
    """The receipt as a text file: only the code, carried again in a hidden field."""


class NarrowConsentForm(ConsentScopes, ClaimCodeForm):
    """The permissions in force; unticking one takes it back. Nothing can be added here."""


class WithdrawForm(ClaimCodeForm):
    """Taking the story back, confirmed by a checkbox."""

    confirm_withdraw = BooleanField(
        _l("Yes, take my story back and erase it. I understand this cannot be undone."),
        validators=[ticked(_l("Please tick the box to confirm that you want to take it back."))],
    )
