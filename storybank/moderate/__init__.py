"""The staff area: sign-in, the review queue, review and decisions, intake, translations, admin."""

# Each module adds its views to the blueprint.
from . import admin, auth, exports, intake, review, translations  # noqa: F401
from .access import bp

__all__ = ["bp"]
