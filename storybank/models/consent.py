"""Consent: versioned texts, the storyteller's consent record, and its append-only events."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..crypto import EncryptedText
from ..extensions import Model
from ._types import ScopeSet, UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from .staff import StaffUser
    from .story import Story


class Scope(enum.StrEnum):
    STORE = "store"
    PUBLISH = "publish"
    ADVOCACY = "advocacy"
    PRESS = "press"
    OFFICIALS = "officials"
    CONTACT = "contact"

    @property
    def label(self) -> str:
        return str(_SCOPE_LABELS[self])

    @property
    def lazy_label(self) -> LazyString:
        """The label, translated only when shown (for form classes built at import)."""
        return _SCOPE_LABELS[self]


_SCOPE_LABELS = {
    Scope.STORE: _l("Keep my story so the organisation's moderators can read it"),
    Scope.PUBLISH: _l("Publish my story on this website, named the way I chose"),
    Scope.ADVOCACY: _l("Quote my story in the organisation's own reports and social media"),
    Scope.PRESS: _l("Share my story with journalists"),
    Scope.OFFICIALS: _l("Share my story with elected officials and their staff"),
    Scope.CONTACT: _l("Contact me about my story"),
}

SCOPES_ORDER = tuple(Scope)


class Attribution(enum.StrEnum):
    FULL_NAME = "full_name"
    FIRST_NAME = "first_name"
    INITIALS = "initials"
    PEN_NAME = "pen_name"
    ANONYMOUS = "anonymous"

    @property
    def label(self) -> str:
        return str(_ATTRIBUTION_LABELS[self])

    @property
    def uses_shown_name(self) -> bool:
        """Whether the storyteller types the exact text to show."""
        return self in (Attribution.FIRST_NAME, Attribution.INITIALS, Attribution.PEN_NAME)


_ATTRIBUTION_LABELS = {
    Attribution.FULL_NAME: _l("My full name"),
    Attribution.FIRST_NAME: _l("My first name only"),
    Attribution.INITIALS: _l("My initials"),
    Attribution.PEN_NAME: _l("A pen name"),
    Attribution.ANONYMOUS: _l("Anonymous"),
}


class ConsentMethod(enum.StrEnum):
    ONLINE = "online"
    ASSISTED = "assisted"
    PAPER = "paper"

    @property
    def label(self) -> str:
        return str(_METHOD_LABELS[self])


_METHOD_LABELS = {
    ConsentMethod.ONLINE: _l("Online form"),
    ConsentMethod.ASSISTED: _l("Assisted by a staff member"),
    ConsentMethod.PAPER: _l("Paper form"),
}


class ConsentEventKind(enum.StrEnum):
    GIVEN = "given"
    NARROWED = "narrowed"
    WITHDRAWN = "withdrawn"


def body_hash(body: str) -> str:
    """The SHA-256 of a consent text's body, hex-encoded."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class ConsentText(Model):
    """One version of the consent text in one language; never edited once in use."""

    __tablename__ = "consent_texts"
    __table_args__ = (
        UniqueConstraint("version", "language"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("length(body_sha256) = 64", name="hash_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if self.body is not None and self.body_sha256 is None:
            self.body_sha256 = body_hash(self.body)


class ConsentRecord(Model):
    """What a storyteller agreed to, under which text, how and when. No address or device data."""

    __tablename__ = "consent_records"
    __table_args__ = (
        CheckConstraint(
            "method != 'assisted' OR recorded_by_id IS NOT NULL", name="assisted_has_staff"
        ),
        CheckConstraint("age_confirmed", name="age_confirmed"),
        CheckConstraint("length(text_sha256) = 64", name="hash_length"),
        # A story has at most one consent record in force.
        Index(
            "uq_consent_records_current_story",
            "story_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        # Covers the consent half of `public_stories()`: lists and counts never read the rows.
        Index("ix_consent_records_current_scopes", "story_id", "is_current", "current_scopes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), index=True)
    consent_text_id: Mapped[int] = mapped_column(ForeignKey("consent_texts.id"))
    # Copied from the text so the record stands on its own, whatever happens to the text row.
    text_version: Mapped[int] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64))
    language_shown: Mapped[str] = mapped_column(String(16))
    language_requested: Mapped[str] = mapped_column(String(16))
    scopes_given: Mapped[frozenset[str]] = mapped_column(ScopeSet)
    attribution: Mapped[Attribution] = mapped_column(string_enum(Attribution, "attribution"))
    # Exactly what to show for first name, initials or pen name; erased on withdrawal.
    shown_name: Mapped[str | None] = mapped_column(EncryptedText)
    method: Mapped[ConsentMethod] = mapped_column(string_enum(ConsentMethod, "method"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    age_confirmed: Mapped[bool] = mapped_column()
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Whether this is the story's record in force (a newer record supersedes it).
    is_current: Mapped[bool] = mapped_column(default=True)
    # The scopes of the latest event, kept with it in the same transaction so that the public
    # query can filter on them; `scopes_from_events()` is the derivation it must always equal.
    current_scopes: Mapped[frozenset[str]] = mapped_column(ScopeSet)

    story: Mapped[Story] = relationship(back_populates="consent_records")
    consent_text: Mapped[ConsentText] = relationship()
    recorded_by: Mapped[StaffUser | None] = relationship()
    events: Mapped[list[ConsentEvent]] = relationship(
        back_populates="record", order_by="ConsentEvent.id"
    )

    @classmethod
    def under(cls, text: ConsentText, **fields: object) -> ConsentRecord:
        """A record of consent given under `text`, which it copies so as to stand on its own."""
        return cls(
            consent_text=text,
            text_version=text.version,
            text_sha256=text.body_sha256,
            language_shown=text.language,
            **fields,
        )

    def scopes_from_events(self) -> frozenset[str]:
        """The scopes in force, derived from the events: the latest event's (none if withdrawn)."""
        if not self.events:
            return frozenset()
        return self.events[-1].scopes

    def allows(self, scope: Scope) -> bool:
        return scope.value in self.current_scopes


class ConsentEvent(Model):
    """An append-only change of consent; `scopes` are those in force after the event."""

    __tablename__ = "consent_events"
    __table_args__ = (
        CheckConstraint("kind != 'withdrawn' OR scopes = ''", name="withdrawn_has_no_scopes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_record_id: Mapped[int] = mapped_column(ForeignKey("consent_records.id"), index=True)
    kind: Mapped[ConsentEventKind] = mapped_column(string_enum(ConsentEventKind, "kind"))
    scopes: Mapped[frozenset[str]] = mapped_column(ScopeSet)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Null when the storyteller acted; the staff member otherwise (e.g. assisted intake).
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    record: Mapped[ConsentRecord] = relationship(back_populates="events")
