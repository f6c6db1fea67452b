"""Writing the audit trail."""

from __future__ import annotations

from datetime import datetime

from ..extensions import db
from ..models import ActorKind, AuditEvent, StaffUser, Story
from ..models._types import utcnow

NOTE_LIMIT = 500


def record(
    action: str,
    *,
    actor: StaffUser | None = None,
    actor_kind: ActorKind | None = None,
    story: Story | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one audit event. Callers pass notes that never copy story text or contact details."""
    kind = actor_kind or (ActorKind.STAFF if actor is not None else ActorKind.SYSTEM)
    event = AuditEvent(
        action=action,
        actor_kind=kind,
        actor=actor,
        story=story,
        from_state=from_state,
        to_state=to_state,
        note=(note or None) and note[:NOTE_LIMIT],
        occurred_at=occurred_at or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    return event
