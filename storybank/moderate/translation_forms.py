"""The translation forms: a translator's translation, and a moderator's decision on it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField

from ..forms import Form
from ..forms.story import TITLE_LIMIT, clean_line, clean_text, story_text, too_long

# The moderator's note goes into the audit trail, whose notes are at most 500 characters.
NOTE_LIMIT = 400


class TranslationForm(Form):
    title = StringField(
        _l("Translated title"), filters=[clean_line], validators=[too_long(TITLE_LIMIT)]
    )
    text = TextAreaField(_l("Translated text"), filters=[clean_text])
    # The revision the translator translated from: a translation of an older text is refused.
    revision = HiddenField()

    validate_text = story_text(_l("Write the translation of the text. It cannot be empty."))


class TranslationDecisionForm(Form):
    """The decision itself is the button pressed (`decision` = `approve` or `reject`)."""

    note = TextAreaField(
        _l("Note to the translator"), filters=[clean_text], validators=[too_long(NOTE_LIMIT)]
    )
    # Which version of the translation the moderator read: a decision on another is refused.
    seen = HiddenField()
