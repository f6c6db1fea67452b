"""Assisted intake: a staff member records a story on a storyteller's behalf."""

from __future__ import annotations

from typing import Any

from flask import render_template

from ..permissions import Permission, requires
from .access import bp


@bp.get("/intake")
@requires(Permission.INTAKE)
def intake() -> Any:
    return render_template("moderate/admin/index.html")
