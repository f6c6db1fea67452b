"""Admin pages: staff accounts, themes and campaigns, consent texts, and the audit log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload
from wtforms import Field

from ..db.pagination import paginate_rows
from ..extensions import db
from ..i18n import LOCALE_REGISTRY, current_locale, enabled_locales
from ..models import AuditEvent, Campaign, ConsentText, Role, StaffUser, Story, Theme
from ..models._types import utcnow
from ..permissions import Permission, requires, user_can
from ..services import accounts, consent_texts, taxonomy
from .access import bp
from .admin_forms import (
    AuditFilterForm,
    CampaignForm,
    ThemeForm,
    add_error,
    audit_filter_form,
    campaign_form,
    consent_text_form,
    day_start,
    local_day,
    locale_label,
    name_field,
    new_user_form,
    prompt_field,
    role_form,
    theme_form,
)
from .forms import ConfirmForm

P = Permission
AUDIT_PER_PAGE = 50

# The admin index: each section with what it is for, shown to accounts that may open it.
SECTIONS = (
    (
        "moderate.admin_users",
        _l("Staff accounts"),
        _l(
            "Add moderators, translators and administrators, disable accounts, reset a second "
            "factor, change a role."
        ),
        P.MANAGE_USERS,
    ),
    (
        "moderate.admin_themes",
        _l("Themes"),
        _l("The topics storytellers can tag their story with, named in each language."),
        P.MANAGE_TAXONOMY,
    ),
    (
        "moderate.admin_campaigns",
        _l("Campaigns"),
        _l("Calls for stories on one subject, with their dates, names and prompts."),
        P.MANAGE_TAXONOMY,
    ),
    (
        "moderate.admin_consent",
        _l("Consent texts"),
        _l("What storytellers agree to: one version after another, in each language."),
        P.MANAGE_CONSENT_TEXTS,
    ),
    (
        "moderate.audit_log",
        _l("Audit log"),
        _l("Everything staff and storytellers did, newest first."),
        P.VIEW_AUDIT_LOG,
    ),
)


@bp.get("/admin/")
@requires(P.MANAGE_USERS)
def admin_index() -> Any:
    """The sections of the administration this account may open."""
    sections = [
        (endpoint, str(title), str(summary))
        for endpoint, title, summary, permission in SECTIONS
        if user_can(current_user, permission)
    ]
    return render_template("moderate/admin/index.html", sections=sections)


ModelT = TypeVar("ModelT")


def _or_404(model: type[ModelT], key: int) -> ModelT:
    found = db.session.get(model, key)
    if found is None:
        abort(404)
    return found


def _locale_rows(locales: Sequence[str]) -> list[dict[str, str]]:
    """The enabled locales as the forms show them: tag, label, and the attributes of a field
    where text in that language is typed."""
    return [
        {
            "tag": tag,
            "label": locale_label(tag),
            "lang": LOCALE_REGISTRY[tag].html_lang,
            "dir": LOCALE_REGISTRY[tag].direction,
        }
        for tag in locales
    ]


# ---------------------------------------------------------------------------------------------
# Staff accounts


def _render_users(form: Any = None, *, error: str | None = None, status: int = 200) -> Any:
    users = db.session.scalars(
        select(StaffUser).order_by(StaffUser.is_disabled, StaffUser.email)
    ).all()
    return (
        render_template(
            "moderate/admin/users.html",
            users=users,
            form=form if form is not None else new_user_form(formdata=None),
            roles=list(Role),
            action_form=ConfirmForm(formdata=None),
            error=error,
        ),
        status,
    )


def _creation_refused(form: Any, refusal: accounts.AccountError) -> Any:
    """The form again with the reason on the field at fault; nothing was stored."""
    db.session.rollback()
    email = (form.email.data or "").strip().lower()
    if accounts.find_staff_user(email) is not None:
        field, status = form.email, 409
    elif not accounts.EMAIL_PATTERN.match(email):
        field, status = form.email, 400
    else:
        field, status = form.password, 400
    field.errors = [str(refusal)]
    return _render_users(form, status=status)


@bp.route("/admin/users", methods=["GET", "POST"])
@requires(P.MANAGE_USERS)
def admin_users() -> Any:
    """The staff accounts, and the form to add one."""
    form = new_user_form()
    if not form.is_submitted():
        return _render_users(form)
    if not form.validate_on_submit():
        return _render_users(form, status=400)
    try:
        user = accounts.create_staff_user(
            form.email.data,
            Role(form.role.data),
            form.password.data,
            display_name=form.display_name.data or "",
            created_by=current_user,
        )
    except accounts.AccountError as refused:
        return _creation_refused(form, refused)
    db.session.commit()
    flash(
        _(
            "The account of %(email)s was created. Give them the first password in person: they "
            "set up their second factor when they first sign in.",
            email=user.email,
        ),
        "notice",
    )
    return redirect(url_for("moderate.admin_users"), code=303)


def _change_account(
    user_id: int,
    form: Any,
    change: Callable[[StaffUser], str],
) -> Any:
    """Apply one admin action to an account; a refusal shows the list with the reason."""
    user = _or_404(StaffUser, user_id)
    if not form.validate_on_submit():
        return _render_users(
            error=_("Nothing was changed: choose one of the roles in the list, then send again."),
            status=400,
        )
    try:
        notice = change(user)
    except accounts.AccountError as refused:
        db.session.rollback()
        return _render_users(error=str(refused), status=409)
    db.session.commit()
    flash(notice, "notice")
    return redirect(url_for("moderate.admin_users"), code=303)


@bp.post("/admin/users/<int:user_id>/disable")
@requires(P.MANAGE_USERS)
def admin_user_disable(user_id: int) -> Any:
    """Disable an account: it cannot sign in, and its open sessions end at once."""

    def disable(user: StaffUser) -> str:
        accounts.set_disabled(current_user, user, True)
        return _("%(name)s can no longer sign in. Their open sessions have ended.", name=user.name)

    return _change_account(user_id, ConfirmForm(), disable)


@bp.post("/admin/users/<int:user_id>/enable")
@requires(P.MANAGE_USERS)
def admin_user_enable(user_id: int) -> Any:
    """Let a disabled account sign in again."""

    def enable(user: StaffUser) -> str:
        accounts.set_disabled(current_user, user, False)
        return _("%(name)s can sign in again.", name=user.name)

    return _change_account(user_id, ConfirmForm(), enable)


@bp.post("/admin/users/<int:user_id>/reset-second-factor")
@requires(P.MANAGE_USERS)
def admin_user_reset_second_factor(user_id: int) -> Any:
    """Forget an account's second factor (a lost phone): it enrols again at its next sign-in."""

    def reset(user: StaffUser) -> str:
        accounts.reset_second_factor(current_user, user)
        return _(
            "The second factor of %(name)s was reset. They set up a new one when they next "
            "sign in.",
            name=user.name,
        )

    return _change_account(user_id, ConfirmForm(), reset)


@bp.post("/admin/users/<int:user_id>/role")
@requires(P.MANAGE_USERS)
def admin_user_role(user_id: int) -> Any:
    """Give an account another role; its open sessions end so the new role applies at once."""
    form = role_form()

    def change(user: StaffUser) -> str:
        role = Role(form.role.data)
        if user.role is role and user.id != current_user.id:
            return _("Nothing was changed: %(name)s has this role already.", name=user.name)
        accounts.change_role(current_user, user, role)
        return _("%(name)s now has the role: %(role)s.", name=user.name, role=role.label)

    return _change_account(user_id, form, change)


# ---------------------------------------------------------------------------------------------
# Themes and campaigns


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
            locales=_locale_rows(locales),
        ),
        status,
    )


@bp.route("/admin/themes/<int:theme_id>", methods=["GET", "POST"])
@requires(P.MANAGE_TAXONOMY)
def admin_theme(theme_id: int) -> Any:
    """Edit a theme's names and position (its short name stays, as links use it)."""
    theme = _or_404(Theme, theme_id)
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
                theme = _or_404(Theme, theme_id)
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
            locales=_locale_rows(locales),
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
            locales=_locale_rows(locales),
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
    campaign = _or_404(Campaign, campaign_id)
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
                campaign = _or_404(Campaign, campaign_id)
            else:
                db.session.commit()
                if changed:
                    flash(_("Campaign %(slug)s was saved.", slug=campaign.slug), "notice")
                else:
                    flash(_("Nothing was changed."), "notice")
                return redirect(url_for("moderate.admin_campaigns"), code=303)
    return _render_campaigns("moderate/admin/campaign.html", form, status, campaign=campaign)


# ---------------------------------------------------------------------------------------------
# Consent texts


def _consent_groups(locales: Sequence[str]) -> list[tuple[str, list[tuple[ConsentText, str]]]]:
    """Versions per language (enabled languages first), newest first, each with its standing:
    "scheduled", "current" (the one storytellers see now) or "earlier"."""
    now = utcnow()
    by_language: dict[str, list[ConsentText]] = {tag: [] for tag in locales}
    for text in consent_texts.all_versions():
        by_language.setdefault(text.language, []).append(text)
    groups = []
    for language, texts in by_language.items():
        rows, current_seen = [], False
        for text in texts:
            if text.effective_from > now:
                standing = "scheduled"
            elif not current_seen:
                standing, current_seen = "current", True
            else:
                standing = "earlier"
            rows.append((text, standing))
        groups.append((language, rows))
    return groups


@bp.route("/admin/consent", methods=["GET", "POST"])
@requires(P.MANAGE_CONSENT_TEXTS)
def admin_consent() -> Any:
    """The consent texts by language, and the form to publish a new version."""
    locales = enabled_locales()
    here = current_locale().tag
    form = consent_text_form(locales, data={"language": here if here in locales else locales[0]})
    status = 200
    if form.is_submitted():
        status = 400
        if form.validate_on_submit():
            try:
                text = consent_texts.publish(
                    current_user, form.language.data, form.body.data, form.effective_moment()
                )
            except consent_texts.ConsentTextRefused as refused:
                db.session.rollback()
                add_error(form[refused.field], refused.message)
                status = refused.status
            else:
                db.session.commit()
                flash(
                    _(
                        "Version %(version)d of the consent text in %(language)s is published.",
                        version=text.version,
                        language=locale_label(text.language),
                    ),
                    "notice",
                )
                return redirect(url_for("moderate.admin_consent"), code=303)
    return (
        render_template(
            "moderate/admin/consent.html",
            form=form,
            groups=_consent_groups(locales),
            counts=consent_texts.record_counts(),
        ),
        status,
    )


@bp.get("/admin/consent/<int:text_id>")
@requires(P.MANAGE_CONSENT_TEXTS)
def admin_consent_text(text_id: int) -> Any:
    """One version of the consent text, in full, with its fingerprint."""
    text = _or_404(ConsentText, text_id)
    return render_template(
        "moderate/admin/consent_text.html",
        text=text,
        records=consent_texts.record_counts().get(text.id, 0),
        now=utcnow(),
    )


# ---------------------------------------------------------------------------------------------
# The audit log


def _audit_query(form: AuditFilterForm) -> Any:
    """The events the filters ask for; a filter with a bad value is left out (with its message)."""
    query = select(AuditEvent, Story.public_id).outerjoin(Story, AuditEvent.story_id == Story.id)
    if form.action.data and not form.action.errors:
        query = query.where(AuditEvent.action == form.action.data)
    if form.actor.data and not form.actor.errors:
        query = query.where(AuditEvent.actor_id == int(form.actor.data))
    if form.story.data and not form.story.errors:
        story_id = db.session.scalar(select(Story.id).where(Story.public_id == form.story.data))
        if story_id is None:
            add_error(form.story, _("No story has this address."))
            query = query.where(false())
        else:
            query = query.where(AuditEvent.story_id == story_id)
    if form.date_from.data and not form.date_from.errors:
        query = query.where(AuditEvent.occurred_at >= day_start(form.date_from.data))
    if form.date_to.data and not form.date_to.errors:
        end = day_start(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query


@bp.get("/admin/audit")
@requires(P.VIEW_AUDIT_LOG)
def audit_log() -> Any:
    """Every audit event, newest first, 50 to a page, with filters."""
    actions = db.session.scalars(
        select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    ).all()
    staff = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    actors = [
        (user.id, f"{user.display_name} <{user.email}>" if user.display_name else user.email)
        for user in staff
    ]
    form = audit_filter_form(request.args, actions, actors)
    form.validate()
    query = (
        _audit_query(form)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    return render_template(
        "moderate/admin/audit.html",
        form=form,
        page=paginate_rows(db.session, query, form.page.data, AUDIT_PER_PAGE, last_if_beyond=True),
        show_back=user_can(current_user, P.MANAGE_USERS),
    )
