"""What moderators do to a story: claim it, edit and redact its publishable text, see the
storyteller's contact details (the queue they choose from is queue.py, the decisions they make
decisions.py). Consent is
enforced here, not in templates; every change writes its audit event, and a refused action
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..models import (
    Attribution,
    PublishableRevision,
    RevisionReason,
    Scope,
    StaffUser,
    Story,
    StoryState,
)
from ..models._types import utcnow
from ..redaction import Flag, find_flags, redact
from ..refusals import Refused
from . import audit
from .lifecycle import move

S = StoryState


class ModerationRefused(Refused):
    """The action cannot be done on the story as it is; `message` says why. Nothing changed."""

    def __init__(self, message: LazyString | str, status: int = 409) -> None:
        super().__init__(message, status)


# ---------------------------------------------------------------------------------------------
# Flags


def hidden_names(story: Story) -> tuple[str, ...]:
    """The storyteller's names that must not appear in the text, given the chosen attribution."""
    consent = story.current_consent
    if consent is None or consent.attribution is Attribution.FULL_NAME:
        return ()
    return (story.storyteller_name,) if story.storyteller_name else ()


TEXT_FIELDS = ("title", "text")


@dataclass(frozen=True)
class FieldFlag:
    """A flag in one field (title or text) of a revision."""

    field: str
    flag: Flag


def revision_flags(story: Story, revision: PublishableRevision | None = None) -> list[FieldFlag]:
    """The identifying details still in a publishable revision (the current one by default)."""
    revision = revision or story.current_revision
    if revision is None:
        return []
    names = hidden_names(story)
    found: list[FieldFlag] = []
    for field in TEXT_FIELDS:
        value = getattr(revision, field) or ""
        found.extend(FieldFlag(field, flag) for flag in find_flags(value, names))
    return found


def refresh_flag_count(story: Story) -> None:
    """Keep the stored count of flags in the publishable text (the queue filters on it)."""
    story.flag_count = len(revision_flags(story))


# ---------------------------------------------------------------------------------------------
# Claiming


def _holder_name(story: Story) -> str:
    return story.assigned_to.name if story.assigned_to else ""


def claim(
    story: Story, user: StaffUser, *, seen_holder_id: int | None, take_over: bool = False
) -> None:
    """Assign the story to `user`. Taking it from someone else must be deliberate, and made on
    a page that showed who had it (a claim made on an older view is refused)."""
    refuse_withdrawn(story)
    holder = story.assigned_to_id
    if holder == user.id:
        return
    if holder != seen_holder_id:
        raise ModerationRefused(
            _l(
                "Meanwhile %(name)s claimed this story. Look at it again before you decide to "
                "take it over.",
                name=_holder_name(story),
            )
            if holder is not None
            else _l("Meanwhile this story was released. Look at it again, then claim it.")
        )
    if holder is not None and not take_over:
        raise ModerationRefused(
            _l(
                "%(name)s is reviewing this story. To take it over, tick the box to confirm "
                "that you agreed this with them.",
                name=_holder_name(story),
            )
        )
    _assign(story, user, taken_from=holder)


def _assign(story: Story, user: StaffUser, taken_from: int | None = None) -> None:
    story.assigned_to = user
    story.assigned_at = utcnow()
    if story.state is S.SUBMITTED:
        move(story, S.IN_REVIEW, actor=user, action="story.claimed")
        return
    if taken_from is not None:
        audit.record("story.taken_over", actor=user, story=story, note=f"from account={taken_from}")
    else:
        audit.record("story.claimed", actor=user, story=story)


def ensure_claim(story: Story, user: StaffUser) -> None:
    """Acting on a story claims it first; a story someone else holds must be taken over first."""
    refuse_withdrawn(story)
    if story.assigned_to_id is None:
        _assign(story, user)
    elif story.assigned_to_id != user.id:
        raise ModerationRefused(
            _l(
                "%(name)s is reviewing this story. Take it over first if you agreed this with "
                "them.",
                name=_holder_name(story),
            )
        )
    elif story.state is S.SUBMITTED:
        move(story, S.IN_REVIEW, actor=user, action="story.claimed")


def refuse_withdrawn(story: Story) -> None:
    if story.state is S.WITHDRAWN:
        raise ModerationRefused(
            _l("The storyteller took this story back. Nothing more can be done with it."), 410
        )


# ---------------------------------------------------------------------------------------------
# The publishable text


def _check_base(story: Story, base_revision: str | int | None) -> PublishableRevision:
    current = story.current_revision
    if current is None or str(base_revision) != str(current.number):
        raise ModerationRefused(
            _l(
                "Someone saved a newer version of the text while you were working. Nothing was "
                "changed. Compare your text with the newer version below."
            )
        )
    return current


def _add_revision(
    story: Story,
    user: StaffUser,
    title: str | None,
    text: str,
    reason: RevisionReason,
    redacted_kinds: str | None = None,
) -> PublishableRevision:
    current = story.current_revision
    revision = PublishableRevision(
        number=(current.number + 1) if current else 1,
        title=title or None,
        text=text,
        created_by=user,
        created_at=utcnow(),
        reason=reason,
        redacted_kinds=redacted_kinds,
    )
    story.revisions.append(revision)
    refresh_flag_count(story)
    return revision


def save_text(
    story: Story, user: StaffUser, title: str, text: str, base_revision: str | int | None
) -> PublishableRevision | None:
    """Save the publishable title and text as a new revision (None when nothing changed)."""
    ensure_claim(story, user)
    current = _check_base(story, base_revision)
    if (title or None) == current.title and text == current.text:
        return None
    revision = _add_revision(story, user, title, text, reason=RevisionReason.EDITED)
    audit.record("story.text_edited", actor=user, story=story, note=f"revision={revision.number}")
    return revision


def redact_flags(
    story: Story,
    user: StaffUser,
    base_revision: str | int | None,
    field: str | None = None,
    start: str | int | None = None,
    end: str | int | None = None,
) -> PublishableRevision:
    """Replace one flagged detail (or, without a position, every one) in a new revision."""
    ensure_claim(story, user)
    current = _check_base(story, base_revision)
    flags = revision_flags(story, current)
    if field is not None:
        flags = [
            found
            for found in flags
            if found.field == field
            and str(found.flag.start) == str(start)
            and str(found.flag.end) == str(end)
        ]
    if not flags:
        raise ModerationRefused(
            _l("This detail is no longer in the text. Nothing was changed."), 409
        )
    title = redact(current.title or "", [f.flag for f in flags if f.field == "title"])
    text = redact(current.text, [f.flag for f in flags if f.field == "text"])
    kinds = sorted({found.flag.kind.value for found in flags})
    revision = _add_revision(
        story, user, title, text, RevisionReason.REDACTED, redacted_kinds=",".join(kinds)
    )
    audit.record(
        "story.redacted",
        actor=user,
        story=story,
        note=f"revision={revision.number}; details={len(flags)}; kinds={','.join(kinds)}",
    )
    return revision


# ---------------------------------------------------------------------------------------------
# Contact details


def reveal_contact(story: Story, user: StaffUser) -> tuple[str | None, str | None]:
    """The storyteller's e-mail and phone, only with their permission; every view is audited."""
    refuse_withdrawn(story)
    consent = story.current_consent
    if consent is None or not consent.allows(Scope.CONTACT):
        raise ModerationRefused(
            _l("The storyteller did not allow us to contact them, so no details are kept."), 403
        )
    # The note records the view, never the details themselves.
    audit.record("contact.viewed", actor=user, story=story)
    return story.contact_email, story.contact_phone
