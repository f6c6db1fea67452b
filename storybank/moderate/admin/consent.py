"""Consent texts: one version after another, in each language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...i18n import current_locale, enabled_locales
from ...models import ConsentText
from ...models._types import utcnow
from ...permissions import requires
from ...services import consent_texts
from ..access import bp
from .common import P, or_404
from .forms import add_error, consent_text_form, locale_label


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
    text = or_404(ConsentText, text_id)
    return render_template(
        "moderate/admin/consent_text.html",
        text=text,
        records=consent_texts.record_counts().get(text.id, 0),
        now=utcnow(),
    )
