"""The staff blueprint and its guard: every view is refused unless it is on the short list of open
sign-in views, or the signed-in account's role holds the permission the view is marked with."""

from __future__ import annotations

import time
from typing import Any

from babel.lists import format_list
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from ..models import PublishableRevision, RevisionReason, StaffUser, StoryState
from ..permissions import Permission, required_permission, role_allows, user_can
from ..redaction import FlagKind
from .forms import ConfirmForm

bp = Blueprint("moderate", __name__, url_prefix="/moderate")

# The only staff views a visitor without a session may open: the steps of signing in.
OPEN_ENDPOINTS = frozenset({"moderate.login", "moderate.second_factor", "moderate.enrol"})

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_seen_at"


def start_session(user: StaffUser) -> None:
    """Begin a staff session: a fresh cookie, with the times that make it expire."""
    from flask_login import login_user

    session.clear()
    login_user(user)
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


def session_expired(now: float | None = None) -> bool:
    """Idle for 30 minutes, or signed in for 12 hours."""
    now = time.time() if now is None else now
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(LAST_SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return True
    return now - seen_at > IDLE_SECONDS or now - signed_in_at > ABSOLUTE_SECONDS


def end_session() -> None:
    logout_user()
    session.clear()


@bp.before_request
def guard() -> Any:
    """Deny by default: open sign-in views, else a live session whose role allows the view."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        if session.get(SIGNED_IN_AT):
            # The account signed out elsewhere, was disabled, or its password changed.
            session.clear()
            return _signed_out(_("Your session has ended. Please sign in again."))
        return redirect(url_for("moderate.login"), code=303)
    if session_expired():
        end_session()
        return _signed_out(_("For safety, you were signed out after a time without activity."))
    view = current_app.view_functions.get(request.endpoint or "")
    permission = required_permission(view)
    if permission is None or not role_allows(current_user.role, permission):
        abort(403)
    session[LAST_SEEN_AT] = int(time.time())
    return None


# Long texts a staff member may have been typing when their session ended.
TYPED_TEXT_FIELDS = ("body", "publishable_text", "text", "note", "answer")


def _signed_out(message: str) -> Any:
    """Back to sign-in; text typed into the form that was refused is shown so it can be copied."""
    typed = [
        value
        for name in TYPED_TEXT_FIELDS
        if request.method == "POST" and (value := request.form.get(name, "").strip())
    ]
    if typed:
        # Nothing was saved, and the text is not stored anywhere: it is shown once, to copy.
        return render_template("moderate/session_ended.html", message=message, typed=typed), 401
    flash(message, "notice")
    return redirect(url_for("moderate.login"), code=303)


def landing_endpoint(user: StaffUser) -> str:
    """Where an account starts: the queue for reviewers, the exports for organizers, the
    translations for translators."""
    if role_allows(user.role, Permission.REVIEW):
        return "moderate.queue"
    if role_allows(user.role, Permission.EXPORT):
        return "moderate.exports"
    return "moderate.translation_list"


# The staff menu, in order; each entry shows only to accounts whose role may open it.
MENU = (
    ("moderate.queue", _l("Review queue")),
    ("moderate.intake", _l("Record a story")),
    ("moderate.translation_list", _l("Translations")),
    ("moderate.translation_queue", _l("Translations to review")),
    ("moderate.exports", _l("Exports")),
    ("moderate.admin_index", _l("Administration")),
    ("moderate.audit_log", _l("Audit log")),
)


@bp.app_context_processor
def _staff_menu() -> dict[str, Any]:
    def staff_menu() -> list[tuple[str, str, Permission]]:
        entries = []
        for endpoint, label in MENU:
            permission = required_permission(current_app.view_functions.get(endpoint))
            if permission is not None and user_can(current_user, permission):
                entries.append((endpoint, str(label), permission))
        return entries

    return {
        # The proxy itself: the session is read only where a template uses it (staff pages).
        "current_user": current_user,
        "staff_menu": staff_menu,
        "state_label": state_label,
        "reason_label": reason_label,
        # The staff menu's sign-out button (moderate/_nav.html).
        "sign_out_form": ConfirmForm,
    }


def reason_label(revision: PublishableRevision) -> str:
    """Why a revision of the text was made, in the reader's language ("" for the submission)."""
    if revision.reason is RevisionReason.REDACTED:
        kinds = (revision.redacted_kinds or "").split(",")
        labels = [FlagKind(kind).label for kind in kinds if kind in FlagKind.__members__.values()]
        if not labels:
            return _("Redacted")
        return _("Redacted: %(details)s", details=format_list(labels, locale=get_locale()))
    if revision.reason is RevisionReason.EDITED:
        return _("Edited by a moderator")
    if revision.reason is RevisionReason.STORYTELLER_REVISED:
        return _("Revised by the storyteller")
    return ""


def state_label(value: str | None) -> str:
    """The translated name of a story state stored in the audit trail ("" for none)."""
    try:
        return StoryState(value).staff_label if value else ""
    except ValueError:
        return value or ""
