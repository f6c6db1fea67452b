"""Taking in a story: the story, its consent record and event, its media and the audit event,
stored together or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from .. import claimcode
from ..extensions import db
from ..media import CleanedMedia
from ..models import (
    ActorKind,
    Attribution,
    Campaign,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Media,
    PublishableRevision,
    Scope,
    StaffUser,
    Story,
    StoryState,
    Theme,
)
from ..models._types import utcnow
from . import audit
from .moderation import refresh_flag_count

# How long the receipt of a story sent twice can be shown again (a retry after a time-out).
RECEIPT_AGAIN_WITHIN = timedelta(hours=2)


@dataclass
class NewStory:
    """Everything a storyteller gives with their story, already validated and normalised."""

    body: str
    story_language: str
    attribution: Attribution
    scopes: frozenset[Scope]
    consent_text: ConsentText
    interface_language: str
    age_confirmed: bool
    title: str = ""
    storyteller_name: str = ""
    shown_name: str = ""
    region: str = ""
    city: str = ""
    theme_slugs: tuple[str, ...] = ()
    campaign: Campaign | None = None
    contact_email: str = ""
    contact_phone: str = ""
    media: list[CleanedMedia] = field(default_factory=list)


@dataclass
class Receipt:
    """What the storyteller is given back: the story and its claim code (shown once, never kept)."""

    story: Story
    claim_code: str
    contact_dropped: bool = False


class DuplicateSubmission(Exception):
    """This copy of the form was already sent; `story` is the one it stored."""

    def __init__(self, story: Story) -> None:
        super().__init__("form already submitted")
        self.story = story


def find_submitted(submission_key: str) -> Story | None:
    """The story stored from this copy of the form, if any."""
    digest = claimcode.submission_digest(submission_key)
    return db.session.scalar(select(Story).where(Story.submission_key == digest))


def receipt_again(story: Story, submission_key: str, body: str) -> Receipt | None:
    """The receipt of a story sent twice, if this is plainly the same person retrying soon after."""
    if story.state is StoryState.WITHDRAWN or story.original_text != body:
        return None
    if utcnow() - story.submitted_at > RECEIPT_AGAIN_WITHIN:
        return None
    return Receipt(story=story, claim_code=claimcode.from_submission(submission_key))


def submit_story(
    new: NewStory,
    submission_key: str,
    *,
    method: ConsentMethod = ConsentMethod.ONLINE,
    recorded_by: StaffUser | None = None,
) -> Receipt:
    """Store a new story with everything that belongs to it; the caller commits once."""
    existing = find_submitted(submission_key)
    if existing is not None:
        raise DuplicateSubmission(existing)
    if Scope.STORE not in new.scopes or not new.age_confirmed:
        raise ValueError("a story is only kept with the store scope and the age attestation")
    if method is ConsentMethod.ASSISTED and recorded_by is None:
        raise ValueError("assisted intake names the staff member")

    code = claimcode.from_submission(submission_key)
    keeps_contact = Scope.CONTACT in new.scopes
    now = utcnow()
    themes = (
        db.session.scalars(select(Theme).where(Theme.slug.in_(new.theme_slugs))).all()
        if new.theme_slugs
        else []
    )
    story = Story(
        state=StoryState.SUBMITTED,
        story_language=new.story_language,
        campaign=new.campaign,
        title=new.title or None,
        original_text=new.body,
        storyteller_name=new.storyteller_name or None,
        # Contact details are kept only with the storyteller's permission to contact them.
        contact_email=(new.contact_email or None) if keeps_contact else None,
        contact_phone=(new.contact_phone or None) if keeps_contact else None,
        region=new.region or None,
        city=new.city or None,
        themes=list(themes),
        claim_code_hash=claimcode.digest(code),
        submission_key=claimcode.submission_digest(submission_key),
        submitted_at=now,
    )
    story.revisions = [PublishableRevision(number=1, title=story.title, text=new.body)]
    story.media = [
        Media(
            kind=item.kind,
            content_type=item.content_type,
            byte_size=len(item.data),
            sha256=item.sha256,
            width=item.width,
            height=item.height,
            data=item.data,
        )
        for item in new.media
    ]
    db.session.add(story)

    scopes = frozenset(scope.value for scope in new.scopes)
    record = ConsentRecord.under(
        new.consent_text,
        story=story,
        language_requested=new.interface_language,
        scopes_given=scopes,
        current_scopes=scopes,
        attribution=new.attribution,
        shown_name=(new.shown_name or None) if new.attribution.uses_shown_name else None,
        method=method,
        recorded_by=recorded_by,
        age_confirmed=True,
        given_at=now,
    )
    record.events = [
        ConsentEvent(
            kind=ConsentEventKind.GIVEN,
            scopes=scopes,
            occurred_at=now,
            staff_user_id=recorded_by.id if recorded_by else None,
        )
    ]
    db.session.add(record)
    db.session.flush()
    # After the flush: the count needs the consent record in force (which names to look for).
    refresh_flag_count(story)
    audit.record(
        "story.submitted",
        actor=recorded_by,
        actor_kind=ActorKind.STAFF if recorded_by else ActorKind.STORYTELLER,
        story=story,
        to_state=StoryState.SUBMITTED.value,
        note=f"method={method.value}; media={len(story.media)}",
    )
    dropped = not keeps_contact and bool(new.contact_email or new.contact_phone)
    return Receipt(story=story, claim_code=code, contact_dropped=dropped)
