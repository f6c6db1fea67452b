"""The forms kit both audiences use."""

from .base import Form, InputProblem

__all__ = ["Form", "InputProblem"]
