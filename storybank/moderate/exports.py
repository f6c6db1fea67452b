"""Exports for organizers (SPEC §10): every story whose storyteller allows a use, downloaded as
CSV or JSON. Consent is checked at the moment of the download; only what may leave the
organisation goes out (services/exports.py), and every download is an audit event."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..i18n import current_locale
from ..models import Campaign, Theme
from ..models._types import utcnow
from ..permissions import Permission, requires
from ..services import audit
from ..services.eligibility import Use
from ..services.exports import (
    ExportedStory,
    ExportFormat,
    count_eligible,
    csv_lines,
    eligible_for_export,
    json_chunks,
)
from .access import bp
from .forms import USE_LABELS, ExportForm, export_form

MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json; charset=utf-8",
}


def _render(form: ExportForm, status: int = 200) -> Any:
    counts = {use: count_eligible(use, form.story_filters) for use in Use}
    page = render_template("moderate/exports.html", form=form, counts=counts, use_labels=USE_LABELS)
    return page, status


def _form() -> ExportForm:
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.slug)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.slug)).all()
    return export_form(campaigns, themes, current_locale().tag)


@bp.get("/exports")
@requires(Permission.EXPORT)
def exports() -> Any:
    """The export form, with how many stories each use may take now."""
    return _render(_form())


@bp.post("/exports")
@requires(Permission.EXPORT)
def export_download() -> Any:
    """The export itself, as a file to save."""
    form = _form()
    if not form.validate_on_submit():
        return _render(form, 400)
    use, kind, filters = Use(form.use.data), ExportFormat(form.format.data), form.story_filters
    # Made whole before it is sent, so the request's database session reads it all; an export
    # of the size an organisation makes fits in memory (the command line streams any size).
    stories = list(eligible_for_export(use, filters))
    if kind is ExportFormat.CSV:
        body = "".join(csv_lines(stories, _link))
    else:
        body = "".join(json_chunks(use, stories, _link, _media))
    audit.record(
        "stories.exported",
        actor=current_user,
        note=f"use={use.value}; format={kind.value}; stories={len(stories)}",
    )
    db.session.commit()
    day = utcnow().date().isoformat()
    return Response(
        body,
        content_type=MEDIA_TYPES[kind],
        headers={
            "Content-Disposition": f'attachment; filename="stories-{use.value}-{day}.{kind.value}"',
            "Cache-Control": "no-store",
        },
    )


def _link(story: ExportedStory) -> str | None:
    """The story's page, for a story readers may see now."""
    if story.published_at is None:
        return None
    locale = current_app.config["STORYBANK_DEFAULT_LOCALE"]
    return url_for("stories.story", locale=locale, public_id=story.public_id, _external=True)


def _media(story: ExportedStory) -> list[str]:
    return [url_for("site.media", media_id=item, _external=True) for item in story.media_ids]
