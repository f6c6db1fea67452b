"""How many stories are in each state, kept up to date with every change of state."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ._types import string_enum
from .story import StoryState


class StoryStateCount(Model):
    """One row per state: the moderation queue reads its counts here in constant time instead
    of counting a whole archive of published stories on every page."""

    __tablename__ = "story_state_counts"
    __table_args__ = (CheckConstraint("number >= 0", name="number_positive"),)

    state: Mapped[StoryState] = mapped_column(string_enum(StoryState, "state"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, default=0)
