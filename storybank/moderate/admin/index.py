"""The admin index: each section with what it is for, shown to accounts that may open it."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...permissions import requires, user_can
from ..access import bp
from .common import P

# The admin index: each section with what it is for, shown to accounts that may open it.
SECTIONS = (
    (
        "moderate.admin_users",
        _l("Staff accounts"),
        _l(
            "Add moderators, translators and administrators, disable accounts, reset a second "
            "factor, change a role."
        ),
        P.MANAGE_USERS,
    ),
    (
        "moderate.admin_themes",
        _l("Themes"),
        _l("The topics storytellers can tag their story with, named in each language."),
        P.MANAGE_TAXONOMY,
    ),
    (
        "moderate.admin_campaigns",
        _l("Campaigns"),
        _l("Calls for stories on one subject, with their dates, names and prompts."),
        P.MANAGE_TAXONOMY,
    ),
    (
        "moderate.admin_consent",
        _l("Consent texts"),
        _l("What storytellers agree to: one version after another, in each language."),
        P.MANAGE_CONSENT_TEXTS,
    ),
    (
        "moderate.audit_log",
        _l("Audit log"),
        _l("Everything staff and storytellers did, newest first."),
        P.VIEW_AUDIT_LOG,
    ),
)


@bp.get("/admin/")
@requires(P.MANAGE_USERS)
def admin_index() -> Any:
    """The sections of the administration this account may open."""
    sections = [
        (endpoint, str(title), str(summary))
        for endpoint, title, summary, permission in SECTIONS
        if user_can(current_user, permission)
    ]
    return render_template("moderate/admin/index.html", sections=sections)
