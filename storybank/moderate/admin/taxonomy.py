"""Themes and campaigns, named (and prompted) in every enabled language."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import Field

from ...extensions import db
from ...i18n import enabled_locales
from ...models import Campaign, Theme
from ...models._types import utcnow
from ...permissions import requires
from ...services import taxonomy
from ..access import bp
from .common import P, locale_rows, or_404
from .forms import (
    CampaignForm,
    ThemeForm,
    add_error,
    campaign_form,
    day_start,
    local_day,
    name_field,
    prompt_field,
    theme_form,
)


def _refused_on_field(form: ThemeForm | CampaignForm, refused: taxonomy.TaxonomyRefused) -> int:
    """Put a service's refusal on its form field (the first name for "names"); the status."""
    db.session.rollback()
    field: Field = form[refused.field] if refused.field in form else form.first_name_field()
    add_error(field, refused.message)
    return int(refused.status)


def _theme_data(theme: Theme) -> dict[str, Any]:
    data: dict[str, Any] = {"position": theme.position}
    data.update({name_field(row.locale): row.name for row in theme.names})
    return data


@bp.route("/admin/themes", methods=["GET", "POST"])
@requires(P.MANAGE_TAXONOMY)
def admin_themes() -> Any:
    """The themes, and the form to add one."""
    locales = enabled_locales()
    form = theme_form(locales, new=True)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            try:
                theme = taxonomy.create_theme(
                    current_user, form["slug"].data, form.position.data or 0, form.names()
                )
            except taxonomy.TaxonomyRefused as refused:
                status = _refused_on_field(form, refused)
            else:
                db.session.commit()
                flash(_("Theme %(slug)s was saved.", slug=theme.slug), "notice")
                return redirect(url_for("moderate.admin_themes"), code=303)
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.slug)).all()
    return (
        render_template(
            "moderate/admin/themes.html",
            themes=themes,
            form=form,
            locales=locale_rows(locales),
        ),
        status,
    )


@bp.route("/admin/themes/<int:theme_id>", methods=["GET", "POST"])
@requires(P.MANAGE_TAXONOMY)
def admin_theme(theme_id: int) -> Any:
    """Edit a theme's names and position (its short name stays, as links use it)."""
    theme = or_404(Theme, theme_id)
    locales = enabled_locales()
    form = theme_form(locales, new=False, data=_theme_data(theme))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            try:
                changed = taxonomy.update_theme(
                    current_user, theme, form.position.data or 0, form.names()
                )
            except taxonomy.TaxonomyRefused as refused:
                status = _refused_on_field(form, refused)
                theme = or_404(Theme, theme_id)
            else:
                db.session.commit()
                if changed:
                    flash(_("Theme %(slug)s was saved.", slug=theme.slug), "notice")
                else:
                    flash(_("Nothing was changed."), "notice")
                return redirect(url_for("moderate.admin_themes"), code=303)
    return (
        render_template(
            "moderate/admin/theme.html",
            theme=theme,
            form=form,
            locales=locale_rows(locales),
        ),
        status,
    )


def _campaign_data(campaign: Campaign) -> dict[str, Any]:
    data: dict[str, Any] = {
        "is_open": campaign.is_open,
        "opens_at": local_day(campaign.opens_at),
        "closes_at": local_day(campaign.closes_at),
    }
    for row in campaign.texts:
        data[name_field(row.locale)] = row.name
        data[prompt_field(row.locale)] = row.prompt
    return data


def _window(form: CampaignForm) -> dict[str, Any]:
    opens, closes = form.opens_at.data, form.closes_at.data
    return {
        "is_open": bool(form.is_open.data),
        "opens_at": day_start(opens) if opens else None,
        "closes_at": day_start(closes) if closes else None,
    }


def _render_campaigns(template: str, form: CampaignForm, status: int, **context: Any) -> Any:
    locales = enabled_locales()
    return (
        render_template(
            template,
            form=form,
            locales=locale_rows(locales),
            now=utcnow(),
            **context,
        ),
        status,
    )


@bp.route("/admin/campaigns", methods=["GET", "POST"])
@requires(P.MANAGE_TAXONOMY)
def admin_campaigns() -> Any:
    """The campaigns, and the form to add one."""
    form = campaign_form(enabled_locales(), new=True)
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            try:
                campaign = taxonomy.create_campaign(
                    current_user, form["slug"].data, texts=form.texts(), **_window(form)
                )
            except taxonomy.TaxonomyRefused as refused:
                status = _refused_on_field(form, refused)
            else:
                db.session.commit()
                flash(_("Campaign %(slug)s was saved.", slug=campaign.slug), "notice")
                return redirect(url_for("moderate.admin_campaigns"), code=303)
    campaigns = db.session.scalars(
        select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())
    ).all()
    return _render_campaigns("moderate/admin/campaigns.html", form, status, campaigns=campaigns)


@bp.route("/admin/campaigns/<int:campaign_id>", methods=["GET", "POST"])
@requires(P.MANAGE_TAXONOMY)
def admin_campaign(campaign_id: int) -> Any:
    """Edit a campaign's window, names and prompts (its short name stays, as links use it)."""
    campaign = or_404(Campaign, campaign_id)
    form = campaign_form(enabled_locales(), new=False, data=_campaign_data(campaign))
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            try:
                changed = taxonomy.update_campaign(
                    current_user, campaign, texts=form.texts(), **_window(form)
                )
            except taxonomy.TaxonomyRefused as refused:
                status = _refused_on_field(form, refused)
                campaign = or_404(Campaign, campaign_id)
            else:
                db.session.commit()
                if changed:
                    flash(_("Campaign %(slug)s was saved.", slug=campaign.slug), "notice")
                else:
                    flash(_("Nothing was changed."), "notice")
                return redirect(url_for("moderate.admin_campaigns"), code=303)
    return _render_campaigns("moderate/admin/campaign.html", form, status, campaign=campaign)
