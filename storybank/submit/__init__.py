"""The storytellers' side: the story form, the receipt, and the pages behind the claim code."""

from .views import bp

__all__ = ["bp"]
