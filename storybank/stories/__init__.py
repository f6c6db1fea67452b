"""The readers' side: home, published stories, and the public notices."""

from .views import bp

__all__ = ["bp"]
