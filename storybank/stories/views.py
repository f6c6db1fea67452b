"""Reader pages, all under a locale prefix."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import current_locale
from ..models import Campaign, Story
from ..services.consent import current_consent_text
from ..services.public import attribution_text, public_stories

bp = Blueprint("stories", __name__)

LATEST_ON_HOME = 6


@bp.get("/")
def home() -> str:
    """What this is, the open campaigns, the latest published stories."""
    locale = current_locale().tag
    campaigns = [
        campaign
        for campaign in db.session.scalars(
            select(Campaign).where(Campaign.is_open.is_(True)).order_by(Campaign.created_at.desc())
        )
        if campaign.accepts_stories()
    ]
    latest = db.session.scalars(
        public_stories()
        .options(selectinload(Story.revisions), selectinload(Story.consent_records))
        .order_by(Story.published_at.desc(), Story.id.desc())
        .limit(LATEST_ON_HOME)
    ).all()
    return render_template(
        "stories/home.html",
        organisation=current_app.config["STORYBANK_ORGANISATION"],
        campaigns=[(c, c.text_in(locale)) for c in campaigns],
        latest=[(story, attribution_text(story)) for story in latest],
    )


@bp.get("/consent")
def consent() -> str:
    """The consent text in force, in the reader's language when it exists."""
    locale = current_locale().tag
    text = current_consent_text(locale)
    return render_template("stories/consent.html", consent_text=text, requested=locale)


@bp.get("/privacy")
def privacy() -> str:
    """What storybank keeps, who can see it, and the storyteller's rights."""
    return render_template(
        "stories/privacy.html", organisation=current_app.config["STORYBANK_ORGANISATION"]
    )
