"""The read-only JSON API: published stories for other sites and tools, under /api/v1."""

from .views import bp

__all__ = ["bp"]
