"""Assisted intake: a staff member reads the consent text aloud in the storyteller's language,
records the story on their behalf (method `assisted`, the staff member named), and gives them
the receipt with the claim code, printed or read out."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup

from ..extensions import csrf
from ..forms.receiving import ConsentChanged, Invalid, SentBefore, ask_consent_again, receive_story
from ..forms.story import BODY_LIMIT, SCOPE_HELP, StoryForm, build_story_form
from ..i18n import LOCALE_REGISTRY, current_locale, enabled_locales
from ..models import ConsentMethod, ConsentText
from ..models.consent import SCOPES_ORDER
from ..permissions import Permission, requires
from ..services.consent import current_consent_text
from ..services.public import attribution_text
from ..services.submission import Receipt
from .access import bp


def _storyteller_language() -> str:
    """The language the storyteller speaks (the consent text is read to them in it)."""
    tag = request.values.get("lang", "")
    return tag if tag in enabled_locales() else current_locale().tag


@bp.route("/intake", methods=["GET", "POST"])
@requires(Permission.INTAKE)
def intake() -> Any:
    """The story form for staff, recording a story told to them."""
    language = _storyteller_language()
    consent_text = current_consent_text(language)
    form = build_story_form(language)
    if consent_text is None:
        # Nothing can be recorded until an administrator publishes a consent text.
        page = render_template("moderate/intake.html", form=None, language=language)
        return page, 409 if form.is_submitted() else 200
    if not form.is_submitted():
        form.consent_version.data = str(consent_text.version)
        return render_intake(form, consent_text, language)
    received = receive_story(
        form,
        consent_text,
        language=language,
        method=ConsentMethod.ASSISTED,
        recorded_by=current_user,
    )
    if isinstance(received, ConsentChanged) or form.csrf_failed():
        # The page was open too long, or the consent text changed: read it again, tick again.
        ask_consent_again(form, consent_text)
        return render_intake(form, consent_text, language, expired=True, status=400)
    if isinstance(received, Invalid):
        return render_intake(form, consent_text, language, status=400)
    if isinstance(received, SentBefore):
        # Sent twice (a double click): the first copy was stored; its code was shown then.
        return render_template("moderate/intake_duplicate.html"), 409
    return render_intake_receipt(received.receipt, language)


def render_intake(
    form: StoryForm,
    consent_text: ConsentText,
    language: str,
    *,
    expired: bool = False,
    status: int = 200,
) -> Any:
    page = render_template(
        "moderate/intake.html",
        form=form,
        consent_text=consent_text,
        language=language,
        languages=[LOCALE_REGISTRY[tag] for tag in enabled_locales()],
        expired=expired,
        scope_help=SCOPE_HELP,
        body_limit=BODY_LIMIT,
    )
    return page, status


def render_intake_receipt(receipt: Receipt, language: str) -> Any:
    """The receipt, its storyteller's part in their language, to print or read out."""
    story = receipt.story
    with force_locale(LOCALE_REGISTRY[language].catalog):
        # Rendered (and escaped) by Jinja: safe to place in the staff page as it is.
        for_storyteller = Markup(  # noqa: S704
            render_template(
                "moderate/_intake_receipt.html",
                story=story,
                code=receipt.claim_code,
                consent=story.current_consent,
                shown_name=attribution_text(story),
                contact_dropped=receipt.contact_dropped,
                scopes=SCOPES_ORDER,
                language=language,
            )
        )
    return render_template(
        "moderate/intake_receipt.html", story=story, receipt=for_storyteller, language=language
    )


# The form checks its own token, so an expired one keeps everything typed (a long interview).
csrf.exempt(intake)
