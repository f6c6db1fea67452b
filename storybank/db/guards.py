"""Records that may only ever be added (audit events, consent events): a change or a deletion
is refused before it reaches the database, which refuses it too (triggers in the migrations)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from ..models import APPEND_ONLY, AppendOnlyError


def _refuse_append_only_changes(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, APPEND_ONLY) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AppendOnlyError(f"{type(instance).__name__} records are append-only")


def listen(session: scoped_session[Any]) -> None:
    if not event.contains(session, "before_flush", _refuse_append_only_changes):
        event.listen(session, "before_flush", _refuse_append_only_changes)
