"""Translations of the publishable text: translators write them, moderators approve them."""

from __future__ import annotations

from typing import Any

from flask import render_template

from ..permissions import Permission, requires
from .access import bp


@bp.get("/translations/")
@requires(Permission.TRANSLATE)
def translation_list() -> Any:
    return render_template("moderate/admin/index.html")
