"""The story form both audiences use (the public form and assisted intake): its fields, how
they are cleaned and limited, the consent scopes, and the choices it offers."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import media
from ..extensions import db
from ..i18n import story_language_choices
from ..models import Attribution, Campaign, ConsentText, Scope, Theme
from ..regions import region_choices
from ..services.submission import NewStory
from .base import Form

BODY_LIMIT = 20_000
TITLE_LIMIT = 200
NAME_LIMIT = 200
SHOWN_NAME_LIMIT = 100
CITY_LIMIT = 120
ANSWER_LIMIT = 5_000
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{24,64}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_CHARACTERS = re.compile(r"^[0-9+()./\s-]+$")

# The scope checkboxes, in the order of the consent text, with their field names.
SCOPE_FIELDS = {scope: f"consent_{scope.value}" for scope in Scope}


# The attributions that need the storyteller's name (shown for full name, private otherwise).
NAME_NEEDED = (Attribution.FULL_NAME, Attribution.FIRST_NAME, Attribution.INITIALS)

# One plain sentence more about each permission, shown under its checkbox.
SCOPE_HELP = {
    Scope.STORE: _l(
        "Needed to send your story. Only our moderators read it; nobody else sees it unless you "
        "allow it below."
    ),
    Scope.PUBLISH: _l(
        "Anyone can then read it here. Before publishing, we remove details that could identify "
        "you, such as addresses and numbers."
    ),
    Scope.ADVOCACY: _l("For example, a short quote in a report or a post, named as you chose."),
    Scope.PRESS: _l("A reporter may write about it, naming you only as you chose."),
    Scope.OFFICIALS: _l("For example, to show a member of Congress how a law affects families."),
    Scope.CONTACT: _l(
        "Only then do we keep the e-mail address or phone number you write below, and only our "
        "staff see it."
    ),
}


def clean_text(value: Any) -> Any:
    """Typed text as stored: Unicode NFC, one kind of line break, no surrounding blanks."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


def clean_line(value: Any) -> Any:
    """A one-line answer: like `clean_text`, with runs of spaces and line breaks made one space."""
    value = clean_text(value)
    return " ".join(value.split()) if isinstance(value, str) else value


def too_long(limit: int) -> Callable[[Any, Field], None]:
    """A length check whose message gives the limit and the length, in the page's language."""

    def check(form: Any, field: Field) -> None:
        length = len(field.data or "")
        if length > limit:
            raise ValidationError(
                ngettext(
                    "This has %(length)s character. The most we can take is %(limit)s.",
                    "This has %(length)s characters. The most we can take is %(limit)s.",
                    length,
                    length=format_decimal(length),
                    limit=format_decimal(limit),
                )
            )

    return check


def ticked(message: Any) -> Callable[[Any, Field], None]:
    """A checkbox that must be ticked."""

    def check(form: Any, field: Field) -> None:
        if not field.data:
            raise StopValidation(str(message))

    return check


def story_text(empty_message: Any) -> Callable[[Any, Field], None]:
    """A story's text: not blank, and within the length limit."""

    def check(form: Any, field: Field) -> None:
        if not field.data:
            raise StopValidation(str(empty_message))
        too_long(BODY_LIMIT)(form, field)

    return check


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices_of(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, str(label)) for value, label in pairs]


class ConsentScopes:
    """One checkbox per consent scope, named `consent_<scope>`."""

    if TYPE_CHECKING:

        def __getitem__(self, name: str) -> Field: ...

    consent_store = BooleanField(Scope.STORE.lazy_label)
    consent_publish = BooleanField(Scope.PUBLISH.lazy_label)
    consent_advocacy = BooleanField(Scope.ADVOCACY.lazy_label)
    consent_press = BooleanField(Scope.PRESS.lazy_label)
    consent_officials = BooleanField(Scope.OFFICIALS.lazy_label)
    consent_contact = BooleanField(Scope.CONTACT.lazy_label)

    def chosen_scopes(self) -> frozenset[Scope]:
        return frozenset(scope for scope, name in SCOPE_FIELDS.items() if self[name].data)

    def scope_fields(self) -> list[tuple[Scope, Field]]:
        return [(scope, self[name]) for scope, name in SCOPE_FIELDS.items()]


class StorytellerForm(Form):
    """A form that checks its own token, so an expired one can re-show the page, not an error."""

    def csrf_failed(self) -> bool:
        """Whether the form token was missing, wrong or expired (after `validate()`)."""
        return bool(self.meta.csrf and self.csrf_token.errors)


class StoryForm(ConsentScopes, StorytellerForm):
    """The story form of SPEC §6: the field names are a public interface, keep them."""

    title = StringField(
        _l("A title for your story"),
        filters=[clean_line],
        validators=[too_long(TITLE_LIMIT)],
    )
    body = TextAreaField(_l("Your story"), filters=[clean_text])
    story_language = SelectField(
        _l("The language your story is written in"),
        invalid_choice_message=_l("Choose a language from the list."),
    )
    themes = CheckboxesField(
        _l("What is your story about?"),
        invalid_choice_message=_l("Choose topics from the list."),
    )
    attribution = RadioField(
        _l("How should we name you if your story is published?"),
        invalid_choice_message=_l("Choose how you want to be named."),
    )
    storyteller_name = StringField(
        _l("Your name"), filters=[clean_line], validators=[too_long(NAME_LIMIT)]
    )
    shown_name = StringField(
        _l("The name to show with your story"),
        filters=[clean_line],
        validators=[too_long(SHOWN_NAME_LIMIT)],
    )
    region = SelectField(
        _l("US state or territory where you live"),
        invalid_choice_message=_l("Choose a state or territory from the list."),
    )
    city = StringField(_l("City or town"), filters=[clean_line], validators=[too_long(CITY_LIMIT)])
    photo = FileField(_l("A photo"))
    audio = FileField(_l("A voice recording"))
    consent_store = BooleanField(
        Scope.STORE.lazy_label,
        validators=[ticked(_l("We can only accept your story if you let us keep it."))],
    )
    contact_email = StringField(
        _l("E-mail address"), filters=[clean_line], validators=[too_long(NAME_LIMIT)]
    )
    contact_phone = StringField(_l("Phone number"), filters=[clean_line], validators=[too_long(40)])
    age_confirm = BooleanField(
        _l("I am 18 or older, or a parent or guardian agrees to this."),
        validators=[ticked(_l("Please confirm your age, or that a parent or guardian agrees."))],
    )
    # A field people never see; automated senders fill it in.
    website = StringField(_l("Leave this field empty"))
    # The idempotency key of this copy of the form: the same form sent twice stores one story.
    submission_key = HiddenField(default=lambda: secrets.token_urlsafe(24))
    # The version of the consent text shown with the form.
    consent_version = HiddenField()

    validate_body = story_text(_l("Please write your story before sending it."))

    def validate_storyteller_name(self, field: Field) -> None:
        attribution = self.chosen_attribution()
        if field.data or attribution not in NAME_NEEDED:
            return
        if attribution is Attribution.FULL_NAME:
            raise ValidationError(str(_l("Please write your name as it should be shown.")))
        raise ValidationError(str(_l("Please write your name. Only the moderators will see it.")))

    def validate_shown_name(self, field: Field) -> None:
        attribution = self.chosen_attribution()
        if attribution is not None and attribution.uses_shown_name and not field.data:
            raise ValidationError(str(_l("Please write exactly the name to show with your story.")))

    def validate_contact_email(self, field: Field) -> None:
        if field.data and not EMAIL.match(field.data):
            raise ValidationError(
                str(_l("This does not look like an e-mail address. Please check it."))
            )

    def validate_contact_phone(self, field: Field) -> None:
        if not field.data:
            return
        digits = sum(ch.isdigit() for ch in field.data)
        if not PHONE_CHARACTERS.match(field.data) or not 7 <= digits <= 15:
            raise ValidationError(
                str(_l("This does not look like a phone number. Please check it."))
            )

    def validate_website(self, field: Field) -> None:
        if field.data:
            raise ValidationError(
                str(_l("Please leave this field empty. It is there to stop automated messages."))
            )

    def chosen_attribution(self) -> Attribution | None:
        try:
            return Attribution(self.attribution.data)
        except ValueError:
            return None

    def cleaned_media(self) -> tuple[list[media.CleanedMedia], bool]:
        """The cleaned photo and recording; a refused file becomes an error on its field."""
        cleaned: list[media.CleanedMedia] = []
        ok = True
        for field, clean, limit in (
            (self.photo, media.clean_photo, media.PHOTO_MAX_BYTES),
            (self.audio, media.clean_audio, media.AUDIO_MAX_BYTES),
        ):
            upload = field.data
            if not isinstance(upload, FileStorage):
                continue
            data = upload.stream.read(limit + 1)
            if not data:
                continue
            try:
                cleaned.append(clean(data))
            except media.MediaRefused as refusal:
                field.errors = [*field.errors, str(refusal.message)]
                ok = False
        return cleaned, ok

    def new_story(
        self,
        *,
        consent_text: ConsentText,
        interface_language: str,
        uploads: list[media.CleanedMedia],
        campaign: Campaign | None = None,
    ) -> NewStory:
        """What the validated form gives, as the submission service takes it."""
        attribution = self.chosen_attribution()
        assert attribution is not None  # validated: the radio only takes known values
        return NewStory(
            body=self.body.data,
            title=self.title.data or "",
            story_language=self.story_language.data,
            attribution=attribution,
            storyteller_name=self.storyteller_name.data or "",
            shown_name=self.shown_name.data or "",
            region=self.region.data or "",
            city=self.city.data or "",
            theme_slugs=tuple(self.themes.data or ()),
            campaign=campaign,
            contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "",
            scopes=self.chosen_scopes(),
            consent_text=consent_text,
            interface_language=interface_language,
            age_confirmed=bool(self.age_confirm.data),
            media=uploads,
        )

    def valid_submission_key(self) -> str:
        """The form's idempotency key; a fresh one if the form came without a usable key."""
        key = self.submission_key.data or ""
        if not SUBMISSION_KEY.match(key):
            key = secrets.token_urlsafe(24)
            self.submission_key.data = key
        return key


def build_story_form(locale: str) -> StoryForm:
    """The story form with its choices (languages, themes, regions) in the page's language."""
    form = StoryForm()
    form.story_language.choices = choices_of(story_language_choices(first=locale))
    form.attribution.choices = choices_of((a.value, a.label) for a in Attribution)
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.slug)).all()
    form.themes.choices = choices_of((theme.slug, theme.name_in(locale)) for theme in themes)
    form.region.choices = choices_of([("", _("I prefer not to say")), *region_choices()])
    # Fields a form may leave out (SPEC §6): the story's language defaults to the page's, and
    # no region is "I prefer not to say".
    if form.story_language.data is None:
        form.story_language.data = locale
    if form.region.data is None:
        form.region.data = ""
    return form
