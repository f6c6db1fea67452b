"""The staff area: sign-in, the review queue, review and decisions, intake, translations, admin."""

from .access import bp

# Each module adds its views to the blueprint.
from . import admin, auth, intake, review, translations  # noqa: E402, F401

__all__ = ["bp"]
