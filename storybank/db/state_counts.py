"""Keeping `story_state_counts` in step with every story that is created or changes state.

Each flush adds up the changes of state it writes, in the same transaction, so the counts are
exactly as current as the stories. Bulk inserts that bypass the ORM call `recount()`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session, scoped_session

from ..models import Story, StoryState, StoryStateCount
from .engines import upsert


def _old_state(story: Story) -> StoryState | None:
    history = inspect(story).attrs.state.history
    values = list(history.deleted or ()) + list(history.unchanged or ())
    return values[0] if values else None


def _count_changes(session: Session, _context: Any) -> None:
    deltas: Counter[StoryState] = Counter()
    for obj in session.new:
        if isinstance(obj, Story):
            deltas[obj.state or StoryState.SUBMITTED] += 1
    for obj in session.dirty:
        if isinstance(obj, Story):
            history = inspect(obj).attrs.state.history
            for old in history.deleted or ():
                deltas[old] -= 1
            for new in history.added or ():
                deltas[new] += 1
    for obj in session.deleted:
        if isinstance(obj, Story) and (old := _old_state(obj)) is not None:
            deltas[old] -= 1
    for state, delta in deltas.items():
        if delta:
            _add(session, state, delta)


def _add(session: Session | scoped_session[Any], state: StoryState, delta: int) -> None:
    upsert(
        session,
        StoryStateCount,
        {"state": state, "number": max(delta, 0)},
        key="state",
        on_conflict={"number": StoryStateCount.number + delta},
    )


def counts(session: Session | scoped_session[Any]) -> dict[StoryState, int]:
    """The number of stories in each state (every state present, zero when none)."""
    found = dict.fromkeys(StoryState, 0)
    rows = session.execute(select(StoryStateCount.state, StoryStateCount.number))
    found.update({state: number for state, number in rows})
    return found


def recount(session: Session | scoped_session[Any]) -> None:
    """Count every state afresh from the stories (after bulk loading, or on a database whose
    count rows were emptied)."""
    actual = dict(session.execute(select(Story.state, func.count()).group_by(Story.state)).all())
    for state in StoryState:
        number = actual.get(state, 0)
        upsert(
            session,
            StoryStateCount,
            {"state": state, "number": number},
            "state",
            {"number": number},
        )


def listen(session: scoped_session[Any]) -> None:
    """Count the changes of every unit of work of the application's sessions."""
    if not event.contains(session, "after_flush", _count_changes):
        event.listen(session, "after_flush", _count_changes)
