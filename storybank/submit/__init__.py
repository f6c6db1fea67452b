"""The storytellers' side: the story form, the receipt, and the pages behind the claim code."""

from . import status  # noqa: F401  (imported for its routes, which register on `bp`)
from .views import bp

__all__ = ["bp"]
