"""The public edition: a number that moves whenever anything the public can see changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ._types import UTCDateTime, utcnow


class PublicEdition(Model):
    """One row: the edition number and when it last changed. Public pages, feeds, the API and
    media derive their HTTP validators from it, so a publish, an edit or a withdrawal makes every
    cached copy stale at once."""

    __tablename__ = "public_editions"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, default=1)
    number: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
