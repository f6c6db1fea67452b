"""The one kind of refusal every use case raises: an action that cannot be done as things are.

Nothing was changed. `message` (translated lazily, so it reads in the visitor's language) says
why in plain words; `status` is what a page answers with; `field` names the form field at fault,
when one is. Each area refines it (ModerationRefused, TaxonomyRefused, MediaRefused…), and a view
catches the kind it can explain.
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, message: Any, status: int = 400, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.field = field
