"""Themes and campaigns, each with names (and prompts) in several interface languages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ._types import UTCDateTime, utcnow

SLUG_CHECK = "length({col}) between 1 and 80"


def pick_translation(rows: dict[str, str], locale: str, fallback: str) -> tuple[str, str]:
    """The text in `locale`, else in `fallback`, else any; with the language actually used."""
    for tag in (locale, fallback):
        if tag in rows:
            return rows[tag], tag
    if rows:
        tag = sorted(rows)[0]
        return rows[tag], tag
    return "", fallback


class Theme(Model):
    """A topic storytellers can tag their story with (e.g. family separation)."""

    __tablename__ = "themes"
    __table_args__ = (CheckConstraint(SLUG_CHECK.format(col="slug"), name="slug_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    names: Mapped[list[ThemeName]] = relationship(
        back_populates="theme", cascade="all, delete-orphan", lazy="selectin"
    )

    def name_in(self, locale: str, fallback: str = "en") -> str:
        """The theme's name in `locale`, falling back to `fallback`, then the slug."""
        name, _ = pick_translation({n.locale: n.name for n in self.names}, locale, fallback)
        return name or self.slug


class ThemeName(Model):
    """A theme's name in one interface language."""

    __tablename__ = "theme_names"
    __table_args__ = (UniqueConstraint("theme_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))

    theme: Mapped[Theme] = relationship(back_populates="names")


class Campaign(Model):
    """A call for stories on one subject, with an optional time window."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(SLUG_CHECK.format(col="slug"), name="slug_length"),
        CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="window"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    is_open: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    texts: Mapped[list[CampaignText]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", lazy="selectin"
    )

    def accepts_stories(self, now: datetime | None = None) -> bool:
        """Whether the campaign is open now."""
        now = now or utcnow()
        if not self.is_open:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return not (self.closes_at is not None and now >= self.closes_at)

    def text_in(self, locale: str, fallback: str = "en") -> CampaignText | None:
        """The campaign's name and prompt in `locale`, else `fallback`, else any language."""
        by_locale = {text.locale: text for text in self.texts}
        _, tag = pick_translation({k: v.name for k, v in by_locale.items()}, locale, fallback)
        return by_locale.get(tag)


class CampaignText(Model):
    """A campaign's name and prompt in one interface language."""

    __tablename__ = "campaign_texts"
    __table_args__ = (UniqueConstraint("campaign_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")

    campaign: Mapped[Campaign] = relationship(back_populates="texts")
