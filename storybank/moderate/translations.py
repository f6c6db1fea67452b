"""Translations of the publishable text: translators write them, moderators approve them.

Translators see only what readers may see: the current publishable revision of public stories,
never the original, the flags, the contact details or the storyteller's name."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..db.pagination import paginate
from ..extensions import db
from ..i18n import (
    LOCALE_REGISTRY,
    language_name,
    story_language_choices,
    text_direction,
)
from ..models import Story, StoryTranslation
from ..permissions import Permission, requires, user_can
from ..services import translations
from ..services.public import is_public
from ..services.translations import TranslationRefused
from .access import bp
from .forms import FilterForm, TranslationFilterForm
from .translation_forms import TranslationDecisionForm, TranslationForm

PER_PAGE = 25


@bp.app_context_processor
def _translation_helpers() -> dict[str, Any]:
    # The moderator's review page lists translations through these (moderate/story.html).
    return {
        "translation_is_stale": translations.is_stale,
        "story_is_public": is_public,
        "can_approve_translations": lambda: user_can(current_user, Permission.APPROVE_TRANSLATION),
    }


def language_attributes(tag: str) -> dict[str, str]:
    """`lang` and `dir` for a form field that holds text in language `tag`."""
    info = LOCALE_REGISTRY.get(tag)
    return {"lang": info.html_lang if info else tag, "dir": text_direction(tag)}


def _public_story(story_id: int) -> Story:
    """The story if readers may see it now; 404 otherwise, and 410 once it was taken back."""
    try:
        return translations.require_public(db.session.get(Story, story_id))
    except TranslationRefused as refused:
        abort(refused.status)


def _target_language(story: Story, language: str) -> str:
    try:
        return translations.require_target_language(story, language)
    except TranslationRefused as refused:
        abort(refused.status)


def _form_token_expired() -> str:
    return _("This page was open too long. Nothing was changed. Please check and send again.")


# ---------------------------------------------------------------------------------------------
# Lists


@bp.get("/translations/")
@requires(Permission.TRANSLATE)
def translation_list() -> Any:
    """Public stories to translate, newest published first, with their translations."""
    form = TranslationFilterForm(request.args)
    query = translations.translatable_query(form.filters).options(
        selectinload(Story.revisions), selectinload(Story.translations)
    )
    return render_template(
        "moderate/translations/list.html",
        page=paginate(db.session, query, form.page.data, PER_PAGE),
        form=form,
        filters=form.filters,
        find_translation=translations.find_translation,
        is_stale=translations.is_stale,
    )


@bp.get("/translations/review")
@requires(Permission.APPROVE_TRANSLATION)
def translation_queue() -> Any:
    """Translations of public stories waiting for a moderator's decision, oldest first."""
    query = translations.waiting_query().options(
        selectinload(StoryTranslation.story).selectinload(Story.revisions),
        selectinload(StoryTranslation.translator),
    )
    return render_template(
        "moderate/translations/queue.html",
        page=paginate(db.session, query, FilterForm(request.args).page.data, PER_PAGE),
        is_stale=translations.is_stale,
    )


@bp.get("/stories/<int:story_id>/translations/")
@requires(Permission.TRANSLATE)
def translation_start(story_id: int) -> Any:
    """Choose the language to translate one story into (a GET form: it changes nothing)."""
    story = _public_story(story_id)
    language = request.args.get("language", "")
    error = None
    if language:
        if language in translations.target_languages(story):
            return redirect(
                url_for("moderate.translation_edit", story_id=story.id, language=language),
                code=303,
            )
        error = _("Choose a language from the list.")
    choices = [
        (tag, label)
        for tag, label in story_language_choices(first="")
        if tag != story.story_language
    ]
    page = render_template(
        "moderate/translations/start.html",
        story=story,
        revision=story.current_revision,
        languages=choices,
        error=error,
    )
    return page, 400 if error else 200


# ---------------------------------------------------------------------------------------------
# Writing a translation


def _render_edit(
    story: Story,
    language: str,
    form: TranslationForm,
    *,
    refresh_revision: bool,
    error: str | None = None,
    status: int = 200,
) -> Any:
    """The translator's page: the text readers see beside the translation form."""
    revision = story.current_revision
    translation = translations.find_translation(story, language)
    if refresh_revision or not form.revision.data:
        form.revision.data = str(revision.number) if revision else ""
    page = render_template(
        "moderate/translations/edit.html",
        story=story,
        revision=revision,
        language=language,
        translation=translation,
        stale=translation is not None and translations.is_stale(translation),
        rejection_note=translations.rejection_note(translation) if translation else None,
        form=form,
        target_attrs=language_attributes(language),
        error=error,
    )
    return page, status


@bp.route("/stories/<int:story_id>/translations/<language>", methods=["GET", "POST"])
@requires(Permission.TRANSLATE)
def translation_edit(story_id: int, language: str) -> Any:
    """Write or update the translation of the publishable text into `language`."""
    story = _public_story(story_id)
    _target_language(story, language)
    if request.method == "GET":
        form = TranslationForm(formdata=None)
        translation = translations.find_translation(story, language)
        # A translation of an older text may hold details redacted since: it is not shown.
        if translation is not None and not translations.is_stale(translation):
            form.title.data = translation.title or ""
            form.text.data = translation.text
        return _render_edit(story, language, form, refresh_revision=True)
    form = TranslationForm()
    if not form.validate_on_submit():
        error = _form_token_expired() if form.csrf_token.errors else None
        return _render_edit(story, language, form, refresh_revision=False, error=error, status=400)
    try:
        saved = translations.save_translation(
            story,
            current_user,
            language,
            form.title.data or "",
            form.text.data,
            form.revision.data,
        )
        db.session.commit()
    except TranslationRefused as refused:
        return _edit_refused(story_id, language, form, refused)
    except IntegrityError:
        # Two people started a translation into the same language at the same moment.
        return _edit_refused(
            story_id,
            language,
            form,
            TranslationRefused(
                _(
                    "Someone else saved a translation into this language at the same moment. "
                    "Nothing was saved. Compare, then save again."
                )
            ),
        )
    if saved is None:
        flash(_("Nothing was changed in the translation."), "notice")
    else:
        flash(
            _(
                "The translation into %(language)s is saved. Readers will see it once a "
                "moderator approves it.",
                language=language_name(language),
            ),
            "notice",
        )
    return redirect(
        url_for("moderate.translation_edit", story_id=story_id, language=language), code=303
    )


def _edit_refused(
    story_id: int, language: str, form: TranslationForm, refused: TranslationRefused
) -> Any:
    """Nothing saved: the page again with the reason, keeping what the translator typed."""
    db.session.rollback()
    if refused.status in (404, 410):
        abort(refused.status)
    story = _public_story(story_id)
    return _render_edit(
        story,
        language,
        form,
        refresh_revision=True,
        error=str(refused.message),
        status=refused.status,
    )


# ---------------------------------------------------------------------------------------------
# Approving


def _translation_or_404(story: Story, language: str) -> StoryTranslation:
    translation = translations.find_translation(story, language)
    if translation is None:
        abort(404)
    return translation


def _render_view(
    story: Story,
    translation: StoryTranslation,
    form: TranslationDecisionForm,
    *,
    refresh_seen: bool,
    error: str | None = None,
    status: int = 200,
) -> Any:
    """The moderator's page: the text readers see beside the translation, and the decision."""
    if refresh_seen or not form.seen.data:
        form.seen.data = translations.fingerprint(translation)
    page = render_template(
        "moderate/translations/view.html",
        story=story,
        revision=story.current_revision,
        translation=translation,
        language=translation.language,
        stale=translations.is_stale(translation),
        decisions=list(translations.TranslationDecision),
        can_review=user_can(current_user, Permission.REVIEW),
        form=form,
        error=error,
    )
    return page, status


@bp.get("/stories/<int:story_id>/translations/<language>/review")
@requires(Permission.APPROVE_TRANSLATION)
def translation_view(story_id: int, language: str) -> Any:
    """A translation beside the text it translates, for a moderator to approve or reject."""
    story = _public_story(story_id)
    _target_language(story, language)
    translation = _translation_or_404(story, language)
    return _render_view(
        story, translation, TranslationDecisionForm(formdata=None), refresh_seen=True
    )


@bp.post("/stories/<int:story_id>/translations/<language>/review")
@requires(Permission.APPROVE_TRANSLATION)
def translation_decision(story_id: int, language: str) -> Any:
    """Approve the translation (readers then see it) or send it back for rework."""
    story = _public_story(story_id)
    _target_language(story, language)
    translation = _translation_or_404(story, language)
    form = TranslationDecisionForm()
    if not form.validate_on_submit():
        error = _form_token_expired() if form.csrf_token.errors else None
        return _render_view(story, translation, form, refresh_seen=False, error=error, status=400)
    try:
        made = translations.decide(
            story,
            current_user,
            language,
            request.form.get("decision"),
            form.seen.data,
            form.note.data or "",
        )
    except TranslationRefused as refused:
        db.session.rollback()
        if refused.status in (404, 410):
            abort(refused.status)
        story = _public_story(story_id)
        return _render_view(
            story,
            _translation_or_404(story, language),
            form,
            refresh_seen=True,
            error=str(refused.message),
            status=refused.status,
        )
    db.session.commit()
    if made is translations.TranslationDecision.APPROVE:
        notice = _(
            "The translation into %(language)s is approved. Readers can see it now.",
            language=language_name(language),
        )
    else:
        notice = _(
            "The translation into %(language)s was sent back to the translator for rework.",
            language=language_name(language),
        )
    flash(notice, "notice")
    return redirect(
        url_for("moderate.translation_view", story_id=story_id, language=language), code=303
    )
