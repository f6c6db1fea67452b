"""Consent texts and the consent in force."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import ConsentText
from ..models._types import utcnow

FALLBACK_LANGUAGE = "en"


def current_consent_text(language: str) -> ConsentText | None:
    """The newest effective consent text in `language`, else in English, else none."""
    now = utcnow()
    for tag in dict.fromkeys((language, FALLBACK_LANGUAGE)):
        found = db.session.scalars(
            select(ConsentText)
            .where(ConsentText.language == tag, ConsentText.effective_from <= now)
            .order_by(ConsentText.version.desc())
            .limit(1)
        ).first()
        if found is not None:
            return found
    return None
