"""The moderation queue: the stories a moderator chooses from, filtered, oldest first, and how
many there are in each state."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from ..db import state_counts as state_count_table
from ..db.pagination import count
from ..extensions import db
from ..models import Campaign, StaffUser, Story, StoryState, Theme
from ..models.story import story_themes

S = StoryState

OPEN_STATES = (S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.AWAITING_STORYTELLER)


@dataclass(frozen=True)
class QueueFilters:
    state: str = "open"  # "open", "all" or one state
    language: str = ""
    campaign: str = ""
    theme: str = ""
    flagged: bool = False
    mine: bool = False


def queue_query(filters: QueueFilters, user: StaffUser) -> Select[Story]:
    """The stories matching the filters, oldest first."""
    query = select(Story)
    if filters.state == "open":
        query = query.where(Story.state.in_(OPEN_STATES))
    elif filters.state in {s.value for s in StoryState}:
        query = query.where(Story.state == StoryState(filters.state))
    if filters.language:
        query = query.where(Story.story_language == filters.language)
    if filters.campaign:
        query = query.join(Campaign, Story.campaign_id == Campaign.id).where(
            Campaign.slug == filters.campaign
        )
    if filters.theme:
        query = query.where(
            Story.id.in_(
                select(story_themes.c.story_id)
                .join(Theme, Theme.id == story_themes.c.theme_id)
                .where(Theme.slug == filters.theme)
            )
        )
    if filters.flagged:
        query = query.where(Story.flag_count > 0)
    if filters.mine:
        query = query.where(Story.assigned_to_id == user.id)
    return query.order_by(Story.submitted_at, Story.id)


def state_counts() -> dict[StoryState, int]:
    """How many stories are in each state (kept current by every flush, read in one query)."""
    return state_count_table.counts(db.session)


def queue_total(filters: QueueFilters, user: StaffUser, counts: dict[StoryState, int]) -> int:
    """How many stories the queue lists: from the kept counts when only the state is chosen
    (constant time, however large the archive), counted otherwise."""
    narrowed = filters.language or filters.campaign or filters.theme
    if not (narrowed or filters.flagged or filters.mine):
        if filters.state == "open":
            return sum(counts[state] for state in OPEN_STATES)
        if filters.state == "all":
            return sum(counts.values())
        if filters.state in {s.value for s in StoryState}:
            return counts[StoryState(filters.state)]
    return count(db.session, queue_query(filters, user))
