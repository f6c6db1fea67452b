"""The append-only audit trail of everything staff and storytellers do to a story."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ._types import UTCDateTime, string_enum, utcnow

if TYPE_CHECKING:
    from .staff import StaffUser
    from .story import Story


class ActorKind(enum.StrEnum):
    STAFF = "staff"
    STORYTELLER = "storyteller"
    SYSTEM = "system"


class AuditEvent(Model):
    """One action: who, on which story, what, from which state to which, why, and when.

    Notes never copy story text or contact details.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint("actor_kind != 'staff' OR actor_id IS NOT NULL", name="staff_is_known"),
        Index("ix_audit_events_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_kind: Mapped[ActorKind] = mapped_column(string_enum(ActorKind, "actor_kind"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))

    actor: Mapped[StaffUser | None] = relationship()
    story: Mapped[Story | None] = relationship()
