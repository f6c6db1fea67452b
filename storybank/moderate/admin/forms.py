"""The admin forms: staff accounts, themes and campaigns, consent texts, and the audit log's
filters. Fields per language are added for the enabled locales when a form is made."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar, cast

from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from ...forms import Form
from ...forms.story import clean_line, clean_text, too_long
from ...i18n import LOCALE_REGISTRY, language_name
from ...models import Role
from ...services.consent_texts import BODY_LIMIT
from ...services.taxonomy import CAMPAIGN_NAME_LIMIT, NAME_LIMIT, SLUG_PATTERN
from ..forms import FilterForm, required

EMAIL_LIMIT = 254
DISPLAY_NAME_LIMIT = 120
PROMPT_LIMIT = 2_000
POSITION_MAX = 999
PUBLIC_ID = re.compile(r"^[0-9a-z]{1,32}$")
DATE_MESSAGE = _l("Enter a date, such as 2026-05-31.")

FormT = TypeVar("FormT", bound=Form)


# ---------------------------------------------------------------------------------------------
# Days: admins choose days; the database keeps moments in UTC.


def _zone() -> Any:
    return get_timezone() or UTC


def day_start(day: date) -> datetime:
    """The first moment of `day` in the configured time zone, in UTC."""
    zone = _zone()
    naive = datetime.combine(day, time())
    # pytz zones need localize(); zoneinfo zones take tzinfo directly.
    local = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)
    return cast(datetime, local.astimezone(UTC))


def local_day(moment: datetime | None) -> date | None:
    """The day a stored moment falls on, in the configured time zone."""
    return moment.astimezone(_zone()).date() if moment is not None else None


def local_today() -> date:
    return datetime.now(_zone()).date()


def lower_line(value: Any) -> Any:
    value = clean_line(value)
    return value.lower() if isinstance(value, str) else value


def day_field(label: Any, **kwargs: Any) -> DateField:
    """An optional date, typed as YYYY-MM-DD (browsers show a date picker)."""
    return DateField(label, validators=[Optional()], invalid_value_message=DATE_MESSAGE, **kwargs)


def locale_label(tag: str) -> str:
    """A language in its own name, then in the page's language: "한국어 (Korean)"."""
    own, here = LOCALE_REGISTRY[tag].native_name, language_name(tag)
    if own.casefold() == here.casefold():
        return own
    # Translators: a language in its own name, then in the page's language: "Español (Spanish)".
    return _("%(own)s (%(here)s)", own=own, here=here)


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]


def add_error(field: Field, message: Any) -> None:
    field.errors = [*field.errors, str(message)]


# ---------------------------------------------------------------------------------------------
# Staff accounts


class NewUserForm(Form):
    email = StringField(
        _l("E-mail address"),
        filters=[lower_line],
        validators=[required(_l("Enter the e-mail address.")), too_long(EMAIL_LIMIT)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    display_name = StringField(
        _l("Name shown to other staff"),
        filters=[clean_line],
        validators=[too_long(DISPLAY_NAME_LIMIT)],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(_l("Role"), default=Role.MODERATOR.value)
    password = PasswordField(
        _l("First password"),
        validators=[required(_l("Enter a first password for the account."))],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(Form):
    role = SelectField(_l("Role"))


def new_user_form(**kwargs: Any) -> NewUserForm:
    form = NewUserForm(**kwargs)
    form.role.choices = role_choices()
    return form


def role_form(**kwargs: Any) -> RoleForm:
    form = RoleForm(**kwargs)
    form.role.choices = role_choices()
    return form


# ---------------------------------------------------------------------------------------------
# Themes and campaigns


def name_field(tag: str) -> str:
    return f"name_{tag}"


def prompt_field(tag: str) -> str:
    return f"prompt_{tag}"


class SlugMixin:
    slug = StringField(
        _l("Short name in addresses"),
        filters=[lower_line],
        validators=[required(_l("Enter a short name for addresses.")), too_long(80)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )

    def validate_slug(self, field: Field) -> None:
        if not SLUG_PATTERN.match(field.data):
            raise ValidationError(
                str(_l("Use only lower-case letters a to z, digits and hyphens (-)."))
            )


class LocalisedForm(Form):
    """A form with a name field (and maybe more) per enabled locale."""

    locales: tuple[str, ...] = ()

    def names(self) -> dict[str, str]:
        return {tag: self[name_field(tag)].data or "" for tag in self.locales}

    def first_name_field(self) -> Field:
        return self[name_field(self.locales[0])]


class ThemeForm(LocalisedForm):
    position = IntegerField(
        _l("Position in lists"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, POSITION_MAX, message=_l("Use a number from 0 to 999.")),
        ],
        invalid_value_message=_l("Use a whole number, such as 0, 1 or 2."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        if not any(self.names().values()):
            add_error(
                self.first_name_field(), _l("Give the theme a name in at least one language.")
            )
            return False
        return valid


class NewThemeForm(SlugMixin, ThemeForm):
    pass


class CampaignForm(LocalisedForm):
    is_open = BooleanField(_l("Taking stories"), default=True)
    opens_at = day_field(_l("Opens on"))
    closes_at = day_field(_l("Closes on"))

    def validate_closes_at(self, field: Field) -> None:
        opens = self.opens_at.data
        if field.data is not None and opens is not None and field.data <= opens:
            raise ValidationError(str(_l("The closing day must come after the opening day.")))

    def prompts(self) -> dict[str, str]:
        return {tag: self[prompt_field(tag)].data or "" for tag in self.locales}

    def texts(self) -> dict[str, tuple[str, str]]:
        names, prompts = self.names(), self.prompts()
        return {tag: (names[tag], prompts[tag]) for tag in self.locales}

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        for tag, (name, prompt) in self.texts().items():
            if prompt and not name:
                add_error(
                    self[name_field(tag)],
                    _l("Give the campaign a name in this language too, or leave its prompt empty."),
                )
                valid = False
        if not any(self.names().values()):
            add_error(
                self.first_name_field(), _l("Give the campaign a name in at least one language.")
            )
            valid = False
        return valid


class NewCampaignForm(SlugMixin, CampaignForm):
    pass


def _with_locales(base: type[FormT], locales: Sequence[str], fields: dict[str, Any]) -> type[FormT]:
    """A subclass of `base` with `fields` added, made per request for the enabled locales."""
    return cast(type[FormT], type(base.__name__, (base,), {"locales": tuple(locales), **fields}))


def theme_form(locales: Sequence[str], *, new: bool, **kwargs: Any) -> ThemeForm:
    """The theme form with a name field per enabled locale (and the slug for a new theme)."""
    fields = {
        name_field(tag): StringField(
            _("Name in %(language)s", language=locale_label(tag)),
            filters=[clean_line],
            validators=[too_long(NAME_LIMIT)],
        )
        for tag in locales
    }
    base: type[ThemeForm] = NewThemeForm if new else ThemeForm
    return _with_locales(base, locales, fields)(**kwargs)


def campaign_form(locales: Sequence[str], *, new: bool, **kwargs: Any) -> CampaignForm:
    """The campaign form with a name and a prompt per enabled locale (and the slug if new)."""
    fields: dict[str, Any] = {}
    for tag in locales:
        label = locale_label(tag)
        fields[name_field(tag)] = StringField(
            _("Name in %(language)s", language=label),
            filters=[clean_line],
            validators=[too_long(CAMPAIGN_NAME_LIMIT)],
        )
        fields[prompt_field(tag)] = TextAreaField(
            _("Prompt in %(language)s", language=label),
            filters=[clean_text],
            validators=[too_long(PROMPT_LIMIT)],
        )
    base: type[CampaignForm] = NewCampaignForm if new else CampaignForm
    return _with_locales(base, locales, fields)(**kwargs)


# ---------------------------------------------------------------------------------------------
# Consent texts


class ConsentTextForm(Form):
    language = SelectField(_l("Language"))
    body = TextAreaField(
        _l("Text of the new version"),
        filters=[clean_text],
        validators=[required(_l("Write the text of the new version.")), too_long(BODY_LIMIT)],
    )
    effective_from = day_field(_l("Takes effect on"))

    def validate_effective_from(self, field: Field) -> None:
        if field.data is not None and field.data < local_today():
            raise ValidationError(
                str(_l("A new version cannot take effect on a day that has passed."))
            )

    def effective_moment(self) -> datetime | None:
        """When the version takes effect: now for today (or no day), else the day's start."""
        day = self.effective_from.data
        return day_start(day) if day is not None and day > local_today() else None


def consent_text_form(locales: Sequence[str], **kwargs: Any) -> ConsentTextForm:
    form = ConsentTextForm(**kwargs)
    form.language.choices = [(tag, locale_label(tag)) for tag in locales]
    return form


# ---------------------------------------------------------------------------------------------
# The audit log's filters (a GET form: it changes nothing, so it has no form token)


class AuditFilterForm(FilterForm):
    action = SelectField(_l("Action"), default="")
    actor = SelectField(_l("Staff member"), default="")
    story = StringField(
        _l("Story address"),
        filters=[lower_line],
        render_kw={"spellcheck": "false", "autocomplete": "off", "dir": "ltr"},
    )
    date_from = day_field(_l("First day"))
    date_to = day_field(_l("Last day"))

    def validate_story(self, field: Field) -> None:
        if field.data and not PUBLIC_ID.match(field.data):
            raise ValidationError(
                str(_l("A story address is the letters and digits at the end of its link."))
            )

    def validate_date_to(self, field: Field) -> None:
        start = self.date_from.data
        if field.data is not None and start is not None and field.data < start:
            raise ValidationError(str(_l("The last day comes before the first day.")))


def audit_filter_form(
    formdata: Any, actions: Sequence[str], actors: Sequence[tuple[int, str]]
) -> AuditFilterForm:
    form = AuditFilterForm(formdata=formdata)
    form.action.choices = [("", _("Any action")), *((action, action) for action in actions)]
    form.actor.choices = [("", _("Anyone")), *((str(uid), name) for uid, name in actors)]
    return form
