"""Admin pages: staff accounts, themes and campaigns, consent texts, and the audit log."""

from __future__ import annotations

from typing import Any

from flask import render_template

from ..permissions import Permission, requires
from .access import bp


@bp.get("/admin/")
@requires(Permission.MANAGE_USERS)
def admin_index() -> Any:
    return render_template("moderate/admin/index.html")


@bp.get("/admin/audit")
@requires(Permission.VIEW_AUDIT_LOG)
def audit_log() -> Any:
    return render_template("moderate/admin/index.html")
