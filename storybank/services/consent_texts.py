"""Publishing consent texts: each is a new version in one language. Versions already published,
and the consent records given under them, are never changed."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime

from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import LOCALE_REGISTRY
from ..models import ConsentRecord, ConsentText, StaffUser
from ..models._types import utcnow
from ..refusals import Refused
from . import audit

BODY_LIMIT = 20_000


class ConsentTextRefused(Refused):
    """The version cannot be published; `message` says why, `field` names the form field."""

    field: str

    def __init__(self, message: LazyString | str, field: str, status: int = 400) -> None:
        super().__init__(message, status, field)


def latest_version(language: str) -> ConsentText | None:
    """The highest version in `language`, whether or not it is in effect yet."""
    return db.session.scalars(
        select(ConsentText)
        .where(ConsentText.language == language)
        .order_by(ConsentText.version.desc())
        .limit(1)
    ).first()


def all_versions() -> Sequence[ConsentText]:
    return db.session.scalars(
        select(ConsentText).order_by(ConsentText.language, ConsentText.version.desc())
    ).all()


def record_counts() -> dict[int, int]:
    """How many consent records were given under each text (text id → count)."""
    rows = db.session.execute(
        select(ConsentRecord.consent_text_id, func.count()).group_by(ConsentRecord.consent_text_id)
    ).all()
    return {text_id: count for text_id, count in rows}


def publish(
    admin: StaffUser,
    language: str,
    body: str,
    effective_from: datetime | None = None,
) -> ConsentText:
    """Publish the next version of the consent text in `language`.

    It takes effect at `effective_from` (now when not given): never in the past, and never
    before the version it follows, so what was in force at any moment stays as it was.
    """
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if language not in LOCALE_REGISTRY:
        raise ConsentTextRefused(_l("Choose one of the languages in the list."), "language")
    if not body:
        raise ConsentTextRefused(_l("Write the text of the new version."), "body")
    if len(body) > BODY_LIMIT:
        raise ConsentTextRefused(_l("The text is too long."), "body")
    now = utcnow()
    if effective_from is not None and effective_from < now:
        raise ConsentTextRefused(
            _l("A new version cannot take effect on a day that has passed."), "effective_from"
        )
    effective_from = effective_from or now
    previous = latest_version(language)
    if previous is not None and effective_from < previous.effective_from:
        raise ConsentTextRefused(
            _l(
                "Version %(version)d takes effect on %(date)s. A newer version cannot take "
                "effect before it.",
                version=previous.version,
                date=format_date(previous.effective_from, "long"),
            ),
            "effective_from",
        )
    text = ConsentText(
        version=(previous.version if previous else 0) + 1,
        language=language,
        body=body,
        effective_from=effective_from,
    )
    db.session.add(text)
    try:
        db.session.flush()
    except IntegrityError as clash:
        # Two admins published in the same language at once; the caller rolls back.
        raise ConsentTextRefused(
            _l("Another version was published at the same moment. Check the list, then try again."),
            "body",
            409,
        ) from clash
    audit.record(
        "consent_text.published", actor=admin, note=f"language={language}; version={text.version}"
    )
    return text
