"""The shapes of the demo organisation's data: its themes, its campaign and its stories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Attribution, Scope, StoryState


@dataclass(frozen=True)
class DemoTheme:
    """A theme and its name in each language (locale → name)."""

    slug: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class DemoCampaign:
    """A campaign's name and prompt in each language (locale → text)."""

    slug: str
    names: Mapping[str, str]
    prompts: Mapping[str, str]


@dataclass(frozen=True)
class DemoTranslation:
    """An approved translation of a demo story; an empty title means the story has none."""

    title: str
    text: str


@dataclass(frozen=True)
class DemoStory:
    """A demo story as it stands after moderation. Empty strings mean "not given"."""

    key: str
    language: str
    title: str
    body: str
    state: StoryState
    storyteller_name: str
    attribution: Attribution
    shown_name: str
    scopes: tuple[Scope, ...]
    contact_email: str
    contact_phone: str
    region: str
    city: str
    # Theme slugs, each one of the demo themes.
    themes: tuple[str, ...]
    in_campaign: bool
    days_ago: int
    identifying_details: bool
    # The moderator's question to the storyteller, asked when changes were requested.
    question: str
    # Language → approved translation.
    translations: Mapping[str, DemoTranslation]
