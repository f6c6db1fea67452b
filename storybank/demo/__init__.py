"""The demo organisation's original content for `storybank seed-demo`: fictional themes, a
campaign, consent texts and stories, as typed data (`services.demo` puts it in the database)."""

from typing import Final

from .campaign import CAMPAIGN
from .consent import CONSENT_TEXTS
from .kinds import DemoCampaign, DemoStory, DemoTheme, DemoTranslation
from .published_stories import PUBLISHED_STORIES
from .staff_only_stories import STAFF_ONLY_STORIES
from .themes import LOCALES, THEMES

# In the order they are seeded.
STORIES: Final[tuple[DemoStory, ...]] = (*PUBLISHED_STORIES, *STAFF_ONLY_STORIES)

__all__ = [
    "CAMPAIGN",
    "CONSENT_TEXTS",
    "LOCALES",
    "STORIES",
    "THEMES",
    "DemoCampaign",
    "DemoStory",
    "DemoTheme",
    "DemoTranslation",
]
