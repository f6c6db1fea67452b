"""My story: the claim-code form, the status page behind it, and the status page's follow-up
forms (answer a question, take back permissions, take the story back, the receipt as a file).

The claim code travels only in form bodies (never a URL, a cookie or a log line), so every
follow-up form on the status page carries it again in a hidden field.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from flask import Response, g, make_response, render_template
from flask_babel import gettext as _

from ..db.engines import release_erased_pages
from ..extensions import csrf, db, limiter
from ..models import Scope, Story, StoryState
from ..models.consent import SCOPES_ORDER
from ..services import storyteller
from ..services.public import attribution_text, is_public
from .forms import AnswerForm, ClaimCodeForm, NarrowConsentForm, ReceiptForm, WithdrawForm
from .views import bp

# SPEC §4.7: after 10 wrong codes from one address within 10 minutes, lookups answer 429.
CLAIM_CODE_LIMIT = "10 per 10 minutes"


def _code_failed(_response: Response) -> bool:
    return bool(g.get("claim_code_failed"))


def _lookup(form: ClaimCodeForm, *, for_change: bool = False) -> Story | None:
    """The story of the code in the form; a wrong code counts towards the lookup limit."""
    story = storyteller.find_by_code(form.code.data or "", for_change=for_change)
    if story is None:
        g.claim_code_failed = True
    return story


# One budget for every form that checks a code; only wrong codes spend it.
claim_code_limit = limiter.shared_limit(
    CLAIM_CODE_LIMIT, scope="claim-code", methods=["POST"], deduct_when=_code_failed
)


@bp.route("/my-story", methods=["GET", "POST"])
@claim_code_limit
def my_story() -> Any:
    """Enter the claim code; then the story's status and what the storyteller can do."""
    form = ClaimCodeForm()
    if not form.is_submitted():
        return render_template("submit/my_story.html", form=form)
    form.validate()
    if form.csrf_failed():
        return render_template("submit/my_story.html", form=form, expired=True), 400
    story = _lookup(form)
    if story is None:
        form.code.errors = [_wrong_code_message()]
        return render_template("submit/my_story.html", form=form), 400
    return render_status(story, form.code.data or "")


def _wrong_code_message() -> str:
    return _(
        "We could not find a story with this code. Please check each character and try again. "
        "The code is on your receipt, in four groups of four letters and numbers."
    )


def render_status(
    story: Story,
    code: str,
    *,
    notice: str | None = None,
    answer_form: AnswerForm | None = None,
    consent_form: NarrowConsentForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> Any:
    """The status page: timeline, question, consent, receipt and withdrawal."""
    consent = story.current_consent
    if answer_form is None:
        answer_form = AnswerForm(formdata=None)
        revision = story.current_revision
        answer_form.body.data = revision.text if revision else story.original_text
    if consent_form is None:
        consent_form = NarrowConsentForm(formdata=None)
        if consent is not None:
            for scope, field in consent_form.scope_fields():
                field.data = consent.allows(scope)
    withdraw_form = withdraw_form or WithdrawForm(formdata=None)
    receipt_form = ReceiptForm(formdata=None)
    for form in (answer_form, consent_form, withdraw_form, receipt_form):
        form.code.data = code
    page = render_template(
        "submit/status.html",
        story=story,
        code=code,
        steps=storyteller.history(story),
        question=storyteller.open_question(story),
        consent=consent,
        shown_name=attribution_text(story),
        public=is_public(story),
        notice=notice,
        answer_form=answer_form,
        consent_form=consent_form,
        withdraw_form=withdraw_form,
        receipt_form=receipt_form,
        scopes=SCOPES_ORDER,
    )
    return page, status


FormT = TypeVar("FormT", bound=ClaimCodeForm)


class FollowUp(Generic[FormT]):
    """A form sent from the status page: its code checked, its fields validated."""

    def __init__(self, form_class: type[FormT]) -> None:
        self.form = form_class()
        self.valid = self.form.validate()
        self.code = self.form.code.data or ""
        self.story = _lookup(self.form, for_change=True)

    def refusal(self, **forms: Any) -> Any | None:
        """The answer when the code is wrong or the form token expired; None to go on."""
        if self.story is None:
            code_form = ClaimCodeForm(formdata=None)
            code_form.code.errors = [_wrong_code_message()]
            return render_template("submit/my_story.html", form=code_form), 400
        if self.form.csrf_failed():
            return self.expired(**forms)
        return None

    def status(self, **kwargs: Any) -> Any:
        assert self.story is not None
        return render_status(self.story, self.code, **kwargs)

    def expired(self, **forms: Any) -> Any:
        """The token expired: nothing changed; the page again, with a fresh token."""
        return self.status(
            notice=_(
                "For your safety, this page expires after a while. Nothing was changed. "
                "Please check and send it again."
            ),
            status=400,
            **forms,
        )

    def refused(self, refusal: storyteller.StorytellerActionRefused) -> Any:
        db.session.rollback()
        return self.status(notice=str(refusal.message), status=409)


@bp.post("/my-story/answer")
@claim_code_limit
def answer() -> Any:
    """The storyteller answers the moderator's question, revising the story if they wish."""
    sent = FollowUp(AnswerForm)
    form, story = sent.form, sent.story
    if (refusal := sent.refusal(answer_form=sent.form)) is not None or story is None:
        return refusal
    if not sent.valid:
        return sent.status(answer_form=form, status=400)
    try:
        revised = storyteller.answer_question(story, form.answer.data, form.body.data)
    except storyteller.StorytellerActionRefused as refused:
        return sent.refused(refused)
    db.session.commit()
    if revised:
        notice = _(
            "Thank you. We received your answer and your changed story. A moderator will read them."
        )
    else:
        notice = _("Thank you. We received your answer. A moderator will read it.")
    return sent.status(notice=notice)


@bp.post("/my-story/consent")
@claim_code_limit
def narrow_consent() -> Any:
    """The storyteller takes back one or more permissions."""
    sent = FollowUp(NarrowConsentForm)
    form, story = sent.form, sent.story
    if (refusal := sent.refusal()) is not None or story is None:
        return refusal
    try:
        removed = storyteller.narrow_consent(story, form.chosen_scopes())
    except storyteller.StorytellerActionRefused as refused:
        return sent.refused(refused)
    db.session.commit()
    if not removed:
        notice = _("Nothing was changed: you kept all the permissions you had given.")
    elif Scope.PUBLISH in removed and story.state is StoryState.UNPUBLISHED:
        notice = _("Done. Your story is no longer published, and your other choices are saved.")
    else:
        notice = _("Done. We saved your choices and will follow them from now on.")
    return sent.status(notice=notice)


@bp.post("/my-story/withdraw")
@claim_code_limit
def withdraw() -> Any:
    """The storyteller takes the story back; its content is erased."""
    sent = FollowUp(WithdrawForm)
    form, story = sent.form, sent.story
    if (refusal := sent.refusal(withdraw_form=sent.form)) is not None or story is None:
        return refusal
    if story.state is StoryState.WITHDRAWN:
        return sent.status(
            notice=_("You took this story back already. There is nothing more to erase.")
        )
    if not sent.valid:
        return sent.status(withdraw_form=form, status=400)
    storyteller.withdraw(story)
    db.session.commit()
    release_erased_pages()
    return sent.status(
        notice=_("Your story was taken back and erased. It is no longer on this website.")
    )


@bp.post("/my-story/receipt")
@claim_code_limit
def download_receipt() -> Any:
    """The receipt as a text file in the page's language, to keep or print."""
    sent = FollowUp(ReceiptForm)
    story = sent.story
    if (refusal := sent.refusal()) is not None or story is None:
        return refusal
    text = render_template(
        "submit/receipt.txt",
        story=story,
        code=sent.code,
        consent=story.current_consent,
        shown_name=attribution_text(story),
        scopes=SCOPES_ORDER,
    )
    response = make_response(text)
    response.mimetype = "text/plain"
    response.headers["Content-Disposition"] = 'attachment; filename="story-receipt.txt"'
    return response


def _exempt_from_app_wide_csrf() -> None:
    # These forms check their token themselves, so an expired token re-shows the page with
    # everything kept instead of ending at an error page.
    for view in (my_story, answer, narrow_consent, withdraw, download_receipt):
        csrf.exempt(view)


_exempt_from_app_wide_csrf()
