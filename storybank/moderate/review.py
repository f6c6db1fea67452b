"""The review queue and the review page: claim, edit and redact the publishable text, decide,
and see the storyteller's contact details when they allowed it."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers.response import Response as BaseResponse

from ..db.pagination import paginate
from ..extensions import csrf, db
from ..inputs import record_id
from ..models import (
    AuditEvent,
    Campaign,
    Media,
    Scope,
    Story,
    StoryState,
    Theme,
)
from ..models.consent import SCOPES_ORDER
from ..permissions import Permission, requires, user_can
from ..redaction import Flag, find_flags
from ..services import decisions, moderation
from ..services.lifecycle import IllegalTransition
from ..services.public import attribution_text
from ..services.queue import queue_query, queue_total, state_counts
from .access import bp
from .forms import (
    BulkForm,
    ClaimForm,
    ConfirmForm,
    DecisionForm,
    RedactForm,
    TextForm,
    queue_filter_form,
)

PER_PAGE = 25


@bp.get("/")
@requires(Permission.REVIEW)
def queue() -> Any:
    """Stories waiting for review, oldest first, with counts per state and filters."""
    form = queue_filter_form(
        request.args,
        db.session.scalars(select(Campaign).order_by(Campaign.slug)).all(),
        db.session.scalars(select(Theme).order_by(Theme.position, Theme.slug)).all(),
    )
    filters = form.filters
    counts = state_counts()
    page = paginate(
        db.session,
        queue_query(filters, current_user).options(selectinload(Story.assigned_to)),
        form.page.data,
        PER_PAGE,
        total=queue_total(filters, current_user, counts),
    )
    return render_template(
        "moderate/queue.html",
        page=page,
        form=form,
        filters=filters,
        counts=counts,
        states=list(StoryState),
        bulk_form=BulkForm(),
        claim_form=ClaimForm(),
    )


def _queue_args() -> dict[str, Any]:
    """The queue's filters and page, carried through a form (as `q_state`, `q_page`…) so the
    moderator returns to the same view."""
    kept = queue_filter_form(request.form, prefix="q_")
    page = kept.page.data
    return {**kept.as_args(), **({"page": page} if page > 1 else {})}


@bp.post("/bulk")
@requires(Permission.DECIDE)
def bulk() -> BaseResponse:
    """Decline the selected stories as spam, with one decision (and audit event) each."""
    form = BulkForm()
    ids = [number for value in request.form.getlist("story") if (number := record_id(value))]
    if not form.validate_on_submit() or not form.confirm_spam.data or not ids:
        flash(_("Select the stories, then tick the box to confirm they are spam."), "error")
        return redirect(url_for("moderate.queue", **_queue_args()), code=303)
    stories = db.session.scalars(select(Story).where(Story.id.in_(ids[:200]))).all()
    declined, skipped = decisions.decline_as_spam(stories, current_user)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d story was declined as spam.",
            "%(num)d stories were declined as spam.",
            declined,
        ),
        "notice",
    )
    if skipped:
        flash(
            ngettext(
                "%(num)d story was left as it was: it was decided already, taken back, or "
                "someone else has it.",
                "%(num)d stories were left as they were: they were decided already, taken back, "
                "or someone else has them.",
                skipped,
            ),
            "notice",
        )
    return redirect(url_for("moderate.queue", **_queue_args()), code=303)


def _story_or_404(story_id: int) -> Story:
    # A form that changes the story locks its row first: two moderators (or one double click)
    # deciding at once are carried out one after the other, the second seeing the first.
    story = db.session.get(Story, story_id, with_for_update=request.method == "POST")
    if story is None:
        abort(404)
    return story


def highlighted(text: str, flags: list[Flag]) -> list[tuple[str, Flag | None]]:
    """The text cut into pieces, each either plain or one flagged detail."""
    pieces: list[tuple[str, Flag | None]] = []
    cursor = 0
    for flag in flags:
        pieces.append((text[cursor : flag.start], None))
        pieces.append((flag.text, flag))
        cursor = flag.end
    pieces.append((text[cursor:], None))
    return [piece for piece in pieces if piece[0]]


def render_review(
    story: Story,
    *,
    text_form: TextForm | None = None,
    decision_form: DecisionForm | None = None,
    contact: tuple[str | None, str | None] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Any:
    """The review page: original with flags, publishable text, consent, media, history."""
    revision = story.current_revision
    if text_form is None:
        text_form = TextForm(formdata=None)
        if revision is not None:
            text_form.publishable_title.data = revision.title or ""
            text_form.publishable_text.data = revision.text
    text_form.revision.data = str(revision.number) if revision else ""
    names = moderation.hidden_names(story)
    original = story.original_text or ""
    history = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.story_id == story.id)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    claim_form = ClaimForm(formdata=None)
    claim_form.holder.data = str(story.assigned_to_id or "")
    page = render_template(
        "moderate/story.html",
        story=story,
        revision=revision,
        original_pieces=highlighted(original, find_flags(original, names)),
        title_flags=find_flags(story.title or "", names),
        current_flags=moderation.revision_flags(story),
        published_pieces=highlighted(revision.text, find_flags(revision.text, names))
        if revision
        else [],
        consent=story.current_consent,
        scopes=SCOPES_ORDER,
        shown_name=attribution_text(story),
        publish_problem=decisions.publish_problem(story),
        history=[(event, story.public_id) for event in history],
        text_form=text_form,
        decision_form=decision_form or DecisionForm(formdata=None),
        claim_form=claim_form,
        redact_form=RedactForm(formdata=None),
        contact_form=ConfirmForm(formdata=None),
        contact=contact,
        contact_allowed=bool(story.current_consent and story.current_consent.allows(Scope.CONTACT)),
        can_decide=user_can(current_user, Permission.DECIDE),
        can_view_contact=user_can(current_user, Permission.VIEW_CONTACT),
        decisions=decisions.legal_decisions(story),
        error=error,
    )
    return page, status


@bp.get("/stories/<int:story_id>")
@requires(Permission.REVIEW)
def story(story_id: int) -> Any:
    """Read-only view of a story for review; claiming it is a button on the page."""
    return render_review(_story_or_404(story_id))


def _refused(story_id: int, refusal: Exception, **forms: Any) -> Any:
    """Nothing changed: the page again with the reason, keeping what the moderator typed."""
    db.session.rollback()
    story = _story_or_404(story_id)
    if isinstance(refusal, moderation.ModerationRefused):
        message, status = str(refusal.message), refusal.status
    else:
        message, status = str(refusal), 409
    return render_review(story, error=message, status=status, **forms)


def _back_to(story_id: int, notice: str) -> BaseResponse:
    flash(notice, "notice")
    return redirect(url_for("moderate.story", story_id=story_id), code=303)


def _form_token_expired(story_id: int, **forms: Any) -> Any:
    return _refused(
        story_id,
        moderation.ModerationRefused(
            _("This page was open too long. Nothing was changed. Please check and send again."),
            400,
        ),
        **forms,
    )


@bp.post("/stories/<int:story_id>/claim")
@requires(Permission.REVIEW)
def claim(story_id: int) -> Any:
    """Take the story for review (from someone else only deliberately)."""
    story = _story_or_404(story_id)
    form = ClaimForm()
    if not form.validate_on_submit():
        return _form_token_expired(story_id)
    holder = form.holder.data or ""
    try:
        moderation.claim(
            story,
            current_user,
            seen_holder_id=record_id(holder),
            take_over=bool(form.take_over.data),
        )
    except moderation.ModerationRefused as refused:
        return _refused(story_id, refused)
    db.session.commit()
    return _back_to(story_id, _("You are reviewing this story now."))


@bp.post("/stories/<int:story_id>/text")
@requires(Permission.REVIEW)
def text(story_id: int) -> Any:
    """Save the publishable title and text as a new revision; the original stays as it was."""
    story = _story_or_404(story_id)
    form = TextForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            return _form_token_expired(story_id, text_form=form)
        return render_review(story, text_form=form, status=400)
    try:
        revision = moderation.save_text(
            story,
            current_user,
            form.publishable_title.data or "",
            form.publishable_text.data,
            form.revision.data,
        )
    except moderation.ModerationRefused as refused:
        return _refused(story_id, refused, text_form=form)
    db.session.commit()
    if revision is None:
        return _back_to(story_id, _("Nothing was changed in the text."))
    return _back_to(story_id, _("Saved as version %(number)d of the text.", number=revision.number))


@bp.post("/stories/<int:story_id>/redact")
@requires(Permission.REVIEW)
def redact(story_id: int) -> Any:
    """Redact one flagged detail (or all of them) in a new revision, with one click."""
    story = _story_or_404(story_id)
    form = RedactForm()
    if not form.validate_on_submit():
        return _form_token_expired(story_id)
    one = bool(form.field.data)
    try:
        revision = moderation.redact_flags(
            story,
            current_user,
            form.revision.data,
            field=form.field.data if one else None,
            start=form.start.data if one else None,
            end=form.end.data if one else None,
        )
    except moderation.ModerationRefused as refused:
        return _refused(story_id, refused)
    db.session.commit()
    return _back_to(
        story_id,
        _("Redacted. The text readers see is now version %(number)d.", number=revision.number),
    )


@bp.post("/stories/<int:story_id>/decision")
@requires(Permission.DECIDE)
def decision(story_id: int) -> Any:
    """Publish, unpublish, ask the storyteller a question, or decline."""
    story = _story_or_404(story_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            return _form_token_expired(story_id, decision_form=form)
        return render_review(story, decision_form=form, status=400)
    try:
        made = decisions.decide(
            story,
            current_user,
            request.form.get("decision"),
            form.note.data or "",
            confirm_flags=bool(form.confirm_flags.data),
        )
    except (moderation.ModerationRefused, IllegalTransition) as refused:
        return _refused(story_id, refused, decision_form=form)
    db.session.commit()
    notices = {
        decisions.Decision.PUBLISH: _("The story is published."),
        decisions.Decision.UNPUBLISH: _("The story is no longer published."),
        decisions.Decision.REQUEST_CHANGES: _(
            "Your question was sent. The storyteller sees it when they check their story."
        ),
        decisions.Decision.DECLINE: _("The story was declined."),
    }
    return _back_to(story_id, notices[made])


@bp.post("/stories/<int:story_id>/contact")
@requires(Permission.VIEW_CONTACT)
def contact(story_id: int) -> Any:
    """Show the storyteller's contact details, deliberately; the view is audited."""
    story = _story_or_404(story_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _form_token_expired(story_id)
    try:
        details = moderation.reveal_contact(story, current_user)
    except moderation.ModerationRefused as refused:
        return _refused(story_id, refused)
    db.session.commit()
    return render_review(story, contact=details)


@bp.get("/media/<public_id:public_id>")
@requires(Permission.REVIEW)
def media(public_id: str) -> Response:
    """A story's photo or recording, for the review page only."""
    item = db.session.scalar(select(Media).where(Media.public_id == public_id))
    if item is None or item.story.state is StoryState.WITHDRAWN:
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers["Content-Disposition"] = "inline"
    return response


# These forms check their own token (FlaskForm), so an expired one re-shows the page with the
# moderator's text and note kept, instead of an error page that loses them.
csrf.exempt(text)
csrf.exempt(decision)
