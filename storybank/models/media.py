"""Photos and voice recordings, stored in the database so one backup holds everything."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import Model
from ._types import UTCDateTime, new_public_id, string_enum, utcnow

if TYPE_CHECKING:
    from .story import Story


class MediaKind(enum.StrEnum):
    PHOTO = "photo"
    AUDIO = "audio"


class Media(Model):
    """A cleaned photo or audio file belonging to one story."""

    __tablename__ = "media"
    __table_args__ = (
        CheckConstraint("byte_size > 0 AND byte_size <= 26214400", name="byte_size_range"),
        CheckConstraint("length(sha256) = 64", name="checksum_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MediaKind] = mapped_column(string_enum(MediaKind, "kind"))
    content_type: Mapped[str] = mapped_column(String(100))
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    # Deferred: lists of media never load the bytes.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    story: Mapped[Story] = relationship(back_populates="media")
