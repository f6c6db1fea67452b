"""The staff forms: signing in, the account, reviewing a story, and the filters of the staff
lists (the review queue and the translations; the audit log's are with the admin forms)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation, ValidationError

from ..forms import Form
from ..forms.story import TITLE_LIMIT, choices_of, clean_line, clean_text, story_text, too_long
from ..i18n import STORY_LANGUAGES, current_locale, story_language_choices
from ..inputs import language_tag, slug, whole_number
from ..models import Campaign, StoryState, Theme
from ..regions import region_choices
from ..services.eligibility import Use
from ..services.exports import ExportFormat
from ..services.public import StoryFilters
from ..services.queue import QueueFilters
from ..services.translations import ListFilters, ListStatus

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


# ---------------------------------------------------------------------------------------------
# The staff lists' filters. A GET form changes nothing, so it has no form token. The filters
# are lenient: a value that is not one of the field's is left out (or, where the list says so,
# shown with its message) and the list is shown all the same, so a stale link still opens it.


def page_number(value: object) -> int:
    """A staff list's page: a number that is not a page number shows the first page."""
    return (whole_number(value) if isinstance(value, str) else None) or 1


def lenient(parse: Callable[[str], str | None], fallback: str = "") -> Callable[[object], str]:
    """A field filter: the value as `parse` reads it, `fallback` for one it cannot read."""

    def read(value: object) -> str:
        return (parse(value) if isinstance(value, str) and value else None) or fallback

    return read


def one_of(values: Iterable[str]) -> Callable[[str], str | None]:
    allowed = frozenset(values)
    return lambda raw: raw if raw in allowed else None


class FilterCheckbox(BooleanField):
    """A checkbox filter: on when the form sends it (as `1`), off for any other value."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = bool(valuelist) and valuelist[0] == "1"

    def _value(self) -> str:
        return "1"


class FilterForm(Form):
    """A staff list's filters and which page of it to show (`?page=`, never a field shown)."""

    class Meta:
        csrf = False

    page = HiddenField(filters=[page_number])

    def as_args(self) -> dict[str, str]:
        """The filters as sent, for links to the list's other pages (blank ones left out)."""
        sent = {field.short_name: field.raw_data[0].strip() for field in self if field.raw_data}
        return {name: value for name, value in sent.items() if value and name != "page"}


QUEUE_STATES = ("open", "all", *(state.value for state in StoryState))


class QueueFilterForm(FilterForm):
    state = HiddenField(id="filter-state", filters=[lenient(one_of(QUEUE_STATES), "open")])
    language = SelectField(
        _l("Story language"), id="filter-language", default="", filters=[lenient(language_tag)]
    )
    campaign = SelectField(
        _l("Campaign"), id="filter-campaign", default="", filters=[lenient(slug)]
    )
    theme = SelectField(_l("Theme"), id="filter-theme", default="", filters=[lenient(slug)])
    flagged = FilterCheckbox(
        _l("Only stories with identifying details marked"), id="filter-flagged"
    )
    mine = FilterCheckbox(_l("Only stories assigned to me"), id="filter-mine")

    @property
    def filters(self) -> QueueFilters:
        return QueueFilters(
            state=self.state.data,
            language=self.language.data,
            campaign=self.campaign.data,
            theme=self.theme.data,
            flagged=self.flagged.data,
            mine=self.mine.data,
        )

    def as_args(self) -> dict[str, str]:
        """The filters as the queue reads them, for links that show the same view."""
        chosen = {
            "state": self.state.data,
            "language": self.language.data,
            "campaign": self.campaign.data,
            "theme": self.theme.data,
            "flagged": "1" if self.flagged.data else "",
            "mine": "1" if self.mine.data else "",
        }
        return {name: value for name, value in chosen.items() if value}


def offer_campaigns_and_themes(
    campaign_field: SelectField,
    theme_field: SelectField,
    campaigns: Sequence[Campaign],
    themes: Sequence[Theme],
    locale: str,
) -> None:
    """Campaign and theme filters offering each by its name in `locale`, or any."""
    campaign_names = []
    for campaign in campaigns:
        text = campaign.text_in(locale)
        campaign_names.append((campaign.slug, text.name if text else campaign.slug))
    campaign_field.choices = choices_of([("", _("Any campaign")), *campaign_names])
    theme_field.choices = choices_of(
        [("", _("Any theme")), *((theme.slug, theme.name_in(locale)) for theme in themes)]
    )


def queue_filter_form(
    formdata: Any,
    campaigns: Sequence[Campaign] = (),
    themes: Sequence[Theme] = (),
    *,
    prefix: str = "",
) -> QueueFilterForm:
    """The queue's filters from `formdata`, the choices named in the page's language. The bulk
    form carries them back as `q_state`, `q_language`…: `prefix="q_"` reads those."""
    locale = current_locale().tag
    form = QueueFilterForm(formdata=formdata, prefix=prefix)
    form.language.choices = choices_of([("", _("Any language")), *story_language_choices(first="")])
    offer_campaigns_and_themes(form.campaign, form.theme, campaigns, themes, locale)
    return form


class TranslationFilterForm(FilterForm):
    language = SelectField(
        _l("Language you translate into"),
        id="filter-language",
        default="",
        filters=[lenient(one_of(STORY_LANGUAGES))],
    )
    status = SelectField(
        _l("Which stories"),
        id="filter-status",
        default=ListStatus.ALL.value,
        filters=[lenient(one_of(ListStatus), ListStatus.ALL.value)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = choices_of(
            [("", _("Any language")), *story_language_choices(first="")]
        )
        self.status.choices = choices_of(
            [
                (ListStatus.ALL.value, _("All published stories")),
                (ListStatus.UNTRANSLATED.value, _("Not yet translated into this language")),
                (ListStatus.OUTDATED.value, _("Translated from an older version of the text")),
            ]
        )
        if not self.language.data:
            # Which stories is a question about one language: without one, all of them.
            self.status.data = ListStatus.ALL.value

    @property
    def filters(self) -> ListFilters:
        return ListFilters(language=self.language.data, status=ListStatus(self.status.data))

    def as_args(self) -> dict[str, str]:
        """The filters as the list reads them, for links that show the same view."""
        if not self.language.data:
            return {}
        if self.status.data == ListStatus.ALL.value:
            return {"language": self.language.data}
        return {"language": self.language.data, "status": self.status.data}


# ---------------------------------------------------------------------------------------------
# Exports

FORMAT_LABELS = {
    ExportFormat.CSV: _l("CSV, for spreadsheet programs"),
    ExportFormat.JSON: _l("JSON, for other programs"),
}
USE_LABELS = {
    Use.PUBLISH: _l("This website (the published stories)"),
    Use.ADVOCACY: _l("The organisation's own reports and social media"),
    Use.PRESS: _l("Journalists"),
    Use.OFFICIALS: _l("Elected officials and their staff"),
}


class ExportForm(Form):
    use = RadioField(
        _l("What the stories will be used for"),
        invalid_choice_message=_l("Choose one of the uses on the list."),
    )
    format = RadioField(
        _l("File format"),
        default=ExportFormat.CSV.value,
        invalid_choice_message=_l("Choose CSV or JSON."),
    )
    region = SelectField(
        _l("State or territory"),
        default="",
        invalid_choice_message=_l("Choose a state or territory from the list."),
    )
    campaign = SelectField(
        _l("Campaign"), default="", invalid_choice_message=_l("Choose a campaign from the list.")
    )
    theme = SelectField(
        _l("Theme"), default="", invalid_choice_message=_l("Choose a theme from the list.")
    )
    language = SelectField(
        _l("Story language"),
        default="",
        invalid_choice_message=_l("Choose a language from the list."),
    )

    @property
    def story_filters(self) -> StoryFilters:
        """The filters chosen (none on a form that was not sent or not valid)."""
        if not self.is_submitted() or self.errors:
            return StoryFilters()
        return StoryFilters(
            theme=self.theme.data or None,
            language=self.language.data or None,
            region=self.region.data or None,
            campaign=self.campaign.data or None,
        )


def export_form(campaigns: Sequence[Campaign], themes: Sequence[Theme], locale: str) -> ExportForm:
    """The export form with its choices named in the page's language."""
    form = ExportForm()
    form.use.choices = choices_of((use.value, USE_LABELS[use]) for use in Use)
    form.format.choices = choices_of((kind.value, FORMAT_LABELS[kind]) for kind in ExportFormat)
    form.region.choices = choices_of([("", _("Any state or territory")), *region_choices()])
    offer_campaigns_and_themes(form.campaign, form.theme, campaigns, themes, locale)
    form.language.choices = choices_of([("", _("Any language")), *story_language_choices(first="")])
    return form
