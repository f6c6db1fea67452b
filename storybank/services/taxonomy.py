"""Themes and campaigns: creating and editing them, with their names in each interface language.
Every change writes its audit event; a refused change changes nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Campaign, CampaignText, StaffUser, Theme, ThemeName
from ..refusals import Refused
from . import audit

SLUG_PATTERN = re.compile(r"^[a-z0-9-]{1,80}$")
NAME_LIMIT = 120
CAMPAIGN_NAME_LIMIT = 200


class TaxonomyRefused(Refused):
    """The change cannot be made; `message` says why, `field` names the form field at fault."""

    field: str

    def __init__(self, message: LazyString | str, field: str, status: int = 400) -> None:
        super().__init__(message, status, field)


def _check_new_slug(model: type[Theme] | type[Campaign], slug: str) -> None:
    if not SLUG_PATTERN.match(slug):
        raise TaxonomyRefused(
            _l("Use only lower-case letters a to z, digits and hyphens (-)."), "slug"
        )
    taken = db.session.scalar(select(func.count()).select_from(model).where(model.slug == slug))
    if taken:
        raise TaxonomyRefused(_slug_taken_message(model), "slug", 409)


def _slug_taken_message(model: type[Theme] | type[Campaign]) -> LazyString:
    if model is Theme:
        return _l("Another theme already has this short name. Choose a different one.")
    return _l("Another campaign already has this short name. Choose a different one.")


def _flush_new(model: type[Theme] | type[Campaign]) -> None:
    """Flush a new theme or campaign; a slug taken at the same moment is refused, not a 500."""
    try:
        db.session.flush()
    except IntegrityError as clash:
        # The caller rolls back: the session cannot be used until it does.
        raise TaxonomyRefused(_slug_taken_message(model), "slug", 409) from clash


# ---------------------------------------------------------------------------------------------
# Themes


def _remaining_locales(existing: set[str], edits: Mapping[str, str]) -> set[str]:
    """The languages that still have a text after `edits` ("" removes a language's text)."""
    kept = {locale for locale in existing if locale not in edits or edits[locale]}
    return kept | {locale for locale, text in edits.items() if text}


def create_theme(admin: StaffUser, slug: str, position: int, names: Mapping[str, str]) -> Theme:
    """A new theme with its names (locale → name; empty names are left out)."""
    _check_new_slug(Theme, slug)
    if not any(names.values()):
        raise TaxonomyRefused(_l("Give the theme a name in at least one language."), "names")
    theme = Theme(
        slug=slug,
        position=position,
        names=[ThemeName(locale=locale, name=name) for locale, name in names.items() if name],
    )
    db.session.add(theme)
    _flush_new(Theme)
    audit.record("theme.created", actor=admin, note=f"slug={slug}")
    return theme


def update_theme(admin: StaffUser, theme: Theme, position: int, names: Mapping[str, str]) -> bool:
    """Change a theme's position and names (an empty name removes that language's name).

    The slug never changes: it is in addresses and filters people have already shared.
    Returns whether anything changed.
    """
    existing = {row.locale: row for row in theme.names}
    if not _remaining_locales(set(existing), names):
        raise TaxonomyRefused(_l("Give the theme a name in at least one language."), "names")
    changed = theme.position != position
    theme.position = position
    for locale, name in names.items():
        row = existing.get(locale)
        if row is None and name:
            theme.names.append(ThemeName(locale=locale, name=name))
        elif row is not None and not name:
            theme.names.remove(row)
        elif row is not None and row.name != name:
            row.name = name
        else:
            continue
        changed = True
    if changed:
        db.session.flush()
        audit.record("theme.updated", actor=admin, note=f"slug={theme.slug}")
    return changed


# ---------------------------------------------------------------------------------------------
# Campaigns


def _check_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise TaxonomyRefused(_l("The closing day must come after the opening day."), "closes_at")


def _check_texts(texts: Mapping[str, tuple[str, str]]) -> None:
    for name, prompt in texts.values():
        if prompt and not name:
            raise TaxonomyRefused(
                _l("Give the campaign a name in each language that has a prompt."), "names"
            )


def create_campaign(
    admin: StaffUser,
    slug: str,
    *,
    is_open: bool,
    opens_at: datetime | None,
    closes_at: datetime | None,
    texts: Mapping[str, tuple[str, str]],
) -> Campaign:
    """A new campaign with its name and prompt per language (locale → (name, prompt))."""
    _check_new_slug(Campaign, slug)
    _check_window(opens_at, closes_at)
    _check_texts(texts)
    if not any(name for name, _prompt in texts.values()):
        raise TaxonomyRefused(_l("Give the campaign a name in at least one language."), "names")
    campaign = Campaign(
        slug=slug,
        is_open=is_open,
        opens_at=opens_at,
        closes_at=closes_at,
        texts=[
            CampaignText(locale=locale, name=name, prompt=prompt)
            for locale, (name, prompt) in texts.items()
            if name
        ],
    )
    db.session.add(campaign)
    _flush_new(Campaign)
    audit.record("campaign.created", actor=admin, note=f"slug={slug}")
    return campaign


def update_campaign(
    admin: StaffUser,
    campaign: Campaign,
    *,
    is_open: bool,
    opens_at: datetime | None,
    closes_at: datetime | None,
    texts: Mapping[str, tuple[str, str]],
) -> bool:
    """Change a campaign's window and texts (an empty name removes that language's text).

    The slug never changes: it is in the addresses of the story form printed on flyers.
    Returns whether anything changed.
    """
    _check_window(opens_at, closes_at)
    _check_texts(texts)
    existing = {row.locale: row for row in campaign.texts}
    names = {locale: name for locale, (name, _prompt) in texts.items()}
    if not _remaining_locales(set(existing), names):
        raise TaxonomyRefused(_l("Give the campaign a name in at least one language."), "names")
    changed = (campaign.is_open, campaign.opens_at, campaign.closes_at) != (
        is_open,
        opens_at,
        closes_at,
    )
    campaign.is_open, campaign.opens_at, campaign.closes_at = is_open, opens_at, closes_at
    for locale, (name, prompt) in texts.items():
        row = existing.get(locale)
        if row is None and name:
            campaign.texts.append(CampaignText(locale=locale, name=name, prompt=prompt))
        elif row is not None and not name:
            campaign.texts.remove(row)
        elif row is not None and (row.name, row.prompt) != (name, prompt):
            row.name, row.prompt = name, prompt
        else:
            continue
        changed = True
    if changed:
        db.session.flush()
        audit.record("campaign.updated", actor=admin, note=f"slug={campaign.slug}")
    return changed
