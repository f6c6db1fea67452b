"""Seeding the demo organisation: themes, a campaign, consent texts and stories in six languages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from .. import claimcode
from ..demo import CAMPAIGN, CONSENT_TEXTS, STORIES, THEMES, DemoStory
from ..extensions import db
from ..models import (
    ActorKind,
    Campaign,
    CampaignText,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    MessageAuthor,
    PublishableRevision,
    Role,
    Scope,
    StaffUser,
    Story,
    StoryMessage,
    StoryState,
    StoryTranslation,
    Theme,
    ThemeName,
    TranslationState,
)
from ..models._types import utcnow
from . import audit
from .accounts import hasher

DEMO_MODERATOR_EMAIL = "demo-moderator@example.org"


@dataclass
class SeedResult:
    themes: int = 0
    campaigns: int = 0
    consent_texts: int = 0
    stories: int = 0
    claim_codes: list[tuple[str, str, str]] = field(default_factory=list)


def seed() -> SeedResult | None:
    """Add the demo content once; None when it is already there."""
    first_slug = THEMES[0].slug
    if db.session.scalar(select(Theme.id).where(Theme.slug == first_slug)) is not None:
        return None
    result = SeedResult()
    now = utcnow()

    # The demo's moderation was done by an account that can never sign in.
    moderator = StaffUser(
        email=DEMO_MODERATOR_EMAIL,
        display_name="Demo moderator",
        role=Role.MODERATOR,
        password_hash=hasher().hash(secrets.token_urlsafe(32)),
        is_disabled=True,
    )
    db.session.add(moderator)

    themes = {}
    for position, spec in enumerate(THEMES):
        theme = Theme(slug=spec.slug, position=position)
        theme.names = [ThemeName(locale=loc, name=name) for loc, name in spec.names.items()]
        db.session.add(theme)
        themes[theme.slug] = theme
    result.themes = len(themes)

    campaign = Campaign(slug=CAMPAIGN.slug, is_open=True, opens_at=now - timedelta(days=150))
    campaign.texts = [
        CampaignText(locale=loc, name=name, prompt=CAMPAIGN.prompts.get(loc, ""))
        for loc, name in CAMPAIGN.names.items()
    ]
    db.session.add(campaign)
    result.campaigns = 1

    consent_texts = {}
    for language, body in CONSENT_TEXTS.items():
        text = ConsentText(
            version=1, language=language, body=body, effective_from=now - timedelta(days=200)
        )
        db.session.add(text)
        consent_texts[language] = text
    result.consent_texts = len(consent_texts)
    db.session.flush()

    for story_spec in STORIES:
        code = claimcode.generate()
        story = _demo_story(story_spec, code, themes, campaign, consent_texts, moderator)
        result.stories += 1
        result.claim_codes.append((story.story_language, story.state.value, code))
    return result


def _demo_story(
    spec: DemoStory,
    code: str,
    themes: dict[str, Theme],
    campaign: Campaign,
    consent_texts: dict[str, ConsentText],
    moderator: StaffUser,
) -> Story:
    state = spec.state
    submitted_at = utcnow() - timedelta(days=spec.days_ago)
    reviewed_at = submitted_at + timedelta(days=2)
    withdrawn = state is StoryState.WITHDRAWN
    published = state is StoryState.PUBLISHED
    assert not published or Scope.PUBLISH in spec.scopes, "published only with consent"
    story = Story(
        story_language=spec.language,
        title=spec.title or None,
        original_text=None if withdrawn else spec.body,
        storyteller_name=None if withdrawn else spec.storyteller_name,
        contact_email=spec.contact_email if Scope.CONTACT in spec.scopes else None,
        contact_phone=spec.contact_phone if Scope.CONTACT in spec.scopes else None,
        region=spec.region or None,
        city=spec.city or None,
        campaign=campaign if spec.in_campaign else None,
        themes=[themes[slug] for slug in spec.themes],
        claim_code_hash=claimcode.digest(code),
        submitted_at=submitted_at,
        state=state,
        published_at=reviewed_at if published else None,
        withdrawn_at=reviewed_at if withdrawn else None,
    )
    if not withdrawn:
        story.revisions = [
            PublishableRevision(
                number=1, title=story.title, text=spec.body, created_at=submitted_at
            )
        ]
    db.session.add(story)

    text = consent_texts.get(spec.language) or consent_texts["en"]
    attribution = spec.attribution
    scopes = frozenset(spec.scopes)
    record = ConsentRecord.under(
        text,
        story=story,
        language_requested=spec.language,
        scopes_given=scopes,
        attribution=attribution,
        shown_name=spec.shown_name if attribution.uses_shown_name and not withdrawn else None,
        method=ConsentMethod.ONLINE,
        age_confirmed=True,
        given_at=submitted_at,
        current_scopes=frozenset() if withdrawn else scopes,
    )
    record.events = [
        ConsentEvent(kind=ConsentEventKind.GIVEN, scopes=scopes, occurred_at=submitted_at)
    ]
    db.session.add(record)
    db.session.flush()
    audit.record(
        "story.submitted",
        actor_kind=ActorKind.STORYTELLER,
        story=story,
        to_state=StoryState.SUBMITTED.value,
        note="demo content",
        occurred_at=submitted_at,
    )

    if state is not StoryState.SUBMITTED:
        story.assigned_to = moderator
        story.assigned_at = reviewed_at
        if state is StoryState.CHANGES_REQUESTED and spec.question:
            story.messages = [
                StoryMessage(
                    author=MessageAuthor.MODERATOR,
                    staff_user=moderator,
                    body=spec.question,
                    created_at=reviewed_at,
                )
            ]
        if withdrawn:
            db.session.add(
                ConsentEvent(
                    record=record,
                    kind=ConsentEventKind.WITHDRAWN,
                    scopes=frozenset(),
                    occurred_at=reviewed_at,
                )
            )
        audit.record(
            "story.state_changed",
            actor=None if withdrawn else moderator,
            actor_kind=ActorKind.STORYTELLER if withdrawn else ActorKind.STAFF,
            story=story,
            from_state=StoryState.SUBMITTED.value,
            to_state=state.value,
            note="demo content",
            occurred_at=reviewed_at,
        )

    for language, translation in spec.translations.items():
        story.translations.append(
            StoryTranslation(
                language=language,
                title=translation.title or None,
                text=translation.text,
                review_state=TranslationState.APPROVED,
                translator=moderator,
                reviewed_by=moderator,
                source_revision_number=1,
            )
        )
    db.session.flush()
    return story
