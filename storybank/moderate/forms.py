"""The staff forms: signing in, the account, and reviewing a story."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from ..forms import Form
from ..forms.story import TITLE_LIMIT, clean_line, clean_text, story_text, too_long

NOTE_LIMIT = 2_000


def required(message: Any) -> Any:
    """A field that must not be empty, with our own translated message."""

    def check(form: Any, field: Field) -> None:
        if not field.data:
            raise StopValidation(str(message))

    return check


class SignInForm(Form):
    email = StringField(
        _l("E-mail address"),
        filters=[clean_line],
        validators=[required(_l("Enter your e-mail address."))],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(Form):
    totp = StringField(
        _l("6-digit code from your authenticator app"),
        filters=[lambda value: "".join(value.split()) if isinstance(value, str) else value],
        validators=[required(_l("Enter the 6-digit code."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7"},
    )

    def validate_totp(self, field: Field) -> None:
        if not (len(field.data) == 6 and field.data.isascii() and field.data.isdigit()):
            raise ValidationError(str(_l("The code has 6 digits. Please check it.")))


class PasswordChangeForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[required(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[required(_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[required(_l("Enter the new password a second time."))],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_confirm_password(self, field: Field) -> None:
        if field.data != self.new_password.data:
            raise ValidationError(str(_l("The two new passwords are not the same.")))


class ConfirmForm(Form):
    """A button that changes something: only its form token."""


class ClaimForm(Form):
    # Who held the story when the page was shown: a claim made on an old view is refused.
    holder = HiddenField()
    take_over = BooleanField(_l("Take over this story from the moderator who has it"))


class TextForm(Form):
    publishable_title = StringField(
        _l("Title readers see"), filters=[clean_line], validators=[too_long(TITLE_LIMIT)]
    )
    publishable_text = TextAreaField(_l("Text readers see"), filters=[clean_text])
    # The revision the moderator started from: saving over a newer one is refused.
    revision = HiddenField()

    validate_publishable_text = story_text(
        _l("The text readers see cannot be empty. To keep a story off the site, decline it.")
    )


class RedactForm(Form):
    """One flag to redact (`start`, `end`, `kind` in the current revision), or all of them."""

    revision = HiddenField()
    field = HiddenField()
    start = HiddenField()
    end = HiddenField()


class DecisionForm(Form):
    decision = HiddenField()
    note = TextAreaField(_l("Note"), filters=[clean_text], validators=[too_long(NOTE_LIMIT)])
    confirm_flags = BooleanField(
        _l("I checked the details still marked in the text: they are safe to publish.")
    )


class BulkForm(Form):
    confirm_spam = BooleanField(_l("Yes, these stories are spam."))
