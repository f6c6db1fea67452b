"""The storyteller's pages: the story form and the receipt. The pages behind the claim code are
in `status`, on the same blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import csrf, db, limiter
from ..forms.receiving import ConsentChanged, SentBefore, Stored, receive_story
from ..forms.story import BODY_LIMIT, SCOPE_HELP, StoryForm, build_story_form
from ..i18n import current_locale
from ..models import Campaign, ConsentText, Story
from ..models.consent import SCOPES_ORDER
from ..services.consent import current_consent_text
from ..services.public import attribution_text
from ..services.submission import Receipt, receipt_again
from .forms import ReceiptForm

bp = Blueprint("submit", __name__)

# However many forms one address sends, it cannot make the server clean files without end.
ATTEMPT_LIMIT = "60 per 10 minutes"


def _story_stored(_response: Response) -> bool:
    return bool(g.get("story_stored"))


def _everyone() -> str:
    return "everyone"


@bp.after_request
def _never_stored(response: Response) -> Response:
    # These pages carry a form token, a claim code or a story in progress: no cache may keep them.
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# The story form


def _open_campaign(slug: str | None) -> tuple[Campaign | None, bool]:
    """The campaign named in the address and whether it still takes stories (404 if unknown)."""
    if slug is None:
        return None, True
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    return campaign, campaign.accepts_stories()


def _files_were_sent() -> bool:
    return any(upload.filename for upload in request.files.values())


@bp.route("/share", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/share/<slug:slug>", methods=["GET", "POST"])
@limiter.limit(ATTEMPT_LIMIT, methods=["POST"])
@limiter.limit(
    lambda: current_app.config["STORYBANK_SUBMISSION_LIMIT"],
    methods=["POST"],
    deduct_when=_story_stored,
)
@limiter.shared_limit(
    lambda: current_app.config["STORYBANK_SUBMISSION_CAP"],
    scope="submissions-from-everyone",
    key_func=_everyone,
    methods=["POST"],
    deduct_when=_story_stored,
)
def share(slug: str | None) -> Any:
    """The story form; a good submission answers with the receipt."""
    campaign, accepting = _open_campaign(slug)
    locale = current_locale().tag
    consent_text = current_consent_text(locale)
    form = build_story_form(locale)
    if consent_text is None:
        return render_template("submit/closed.html"), 503
    if not accepting:
        if not form.is_submitted():
            return render_template(
                "submit/share.html",
                form=None,
                campaign_text=campaign.text_in(locale) if campaign else None,
                closed=True,
            )
        # The call ended while this story was being written: it is kept, without the campaign.
        campaign = None
    if not form.is_submitted():
        form.consent_version.data = str(consent_text.version)
        return render_share(form, campaign, consent_text)

    received = receive_story(form, consent_text, language=locale, campaign=campaign)
    if isinstance(received, Stored):
        g.story_stored = True
        current_app.logger.info("story received")
        return render_receipt(received.receipt)
    if isinstance(received, SentBefore):
        return _sent_before(received.story, received.submission_key, received.body)
    if isinstance(received, ConsentChanged):
        _consent_text_changed(form)
    return render_share(form, campaign, consent_text, status=400)


def render_share(
    form: StoryForm, campaign: Campaign | None, consent_text: ConsentText, status: int = 200
) -> Any:
    locale = current_locale().tag
    campaign_text = campaign.text_in(locale) if campaign else None
    body = render_template(
        "submit/share.html",
        form=form,
        campaign=campaign,
        campaign_text=campaign_text,
        consent_text=consent_text,
        requested=locale,
        expired=form.csrf_failed(),
        files_lost=status != 200 and _files_were_sent(),
        closed=False,
        scope_help=SCOPE_HELP,
        body_limit=BODY_LIMIT,
    )
    return body, status


def _consent_text_changed(form: StoryForm) -> None:
    """The consent text changed while the storyteller was writing: ask for their choices again."""
    form.consent_store.errors = [
        *form.consent_store.errors,
        _(
            "The consent text changed while you were writing. Please read it again and tick "
            "your choices again."
        ),
    ]


def _sent_before(story: Story, key: str, body: str) -> Any:
    """This copy of the form was sent already: the same receipt again, or a calm explanation."""
    receipt = receipt_again(story, key, body)
    if receipt is not None:
        return render_receipt(receipt)
    return render_template("submit/already_received.html")


def render_receipt(receipt: Receipt) -> Any:
    story = receipt.story
    return render_template(
        "submit/receipt.html",
        story=story,
        code=receipt.claim_code,
        consent=story.current_consent,
        shown_name=attribution_text(story),
        contact_dropped=receipt.contact_dropped,
        receipt_form=ReceiptForm(formdata=None, code=receipt.claim_code),
        scopes=SCOPES_ORDER,
    )


# The form checks its own token, so an expired token re-shows the page with everything kept
# instead of ending at an error page.
csrf.exempt(share)
