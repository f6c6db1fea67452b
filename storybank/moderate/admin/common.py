"""What the admin pages share: finding a row or answering 404, and the enabled languages
as the forms show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from flask import abort

from ...extensions import db
from ...i18n import LOCALE_REGISTRY
from ...permissions import Permission
from .forms import locale_label

P = Permission

ModelT = TypeVar("ModelT")


def or_404(model: type[ModelT], key: int) -> ModelT:
    found = db.session.get(model, key)
    if found is None:
        abort(404)
    return found


def locale_rows(locales: Sequence[str]) -> list[dict[str, str]]:
    """The enabled locales as the forms show them: tag, label, and the attributes of a field
    where text in that language is typed."""
    return [
        {
            "tag": tag,
            "label": locale_label(tag),
            "lang": LOCALE_REGISTRY[tag].html_lang,
            "dir": LOCALE_REGISTRY[tag].direction,
        }
        for tag in locales
    ]
