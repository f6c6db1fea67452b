"""The readers' side: home, published stories, and the public notices."""

from . import feeds  # noqa: F401  (registers the feed on bp)
from .views import bp

__all__ = ["bp"]
