"""How the code is put together: what holds whatever a change adds."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import storybank
from storybank.refusals import Refused


def storybank_modules() -> list[object]:
    found = pkgutil.walk_packages(storybank.__path__, prefix="storybank.")
    return [importlib.import_module(module.name) for module in found]


def test_every_refusal_is_one_kind_of_refusal():
    """Is every exception that refuses an action (a class named …Refused) a `Refused`, with
    the message, status and field a page needs?"""
    refusals = {
        f"{module.__name__}.{name}": cls
        for module in storybank_modules()
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if name.endswith("Refused") and cls.__module__ == module.__name__
    }
    assert len(refusals) >= 6, sorted(refusals)
    for name, cls in refusals.items():
        assert issubclass(cls, Refused), name
