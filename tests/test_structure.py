"""How the code is put together: what holds whatever a change adds."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

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


PACKAGE = Path(storybank.__file__).parent
# Each layer may import those before it, never those after it (models ← db ← services ←
# forms ← blueprints); the staff side and the public side never import each other.
BLUEPRINTS = {"submit", "moderate", "stories", "api", "site", "discovery"}
ABOVE_DB = {"services", "search", "backup", *BLUEPRINTS}
# What the lowest layers must not import: pure data and pure functions import only models.
ABOVE_MODELS = {"db", *ABOVE_DB}
LOWER_MAY_NOT_IMPORT = {
    "models": ABOVE_MODELS,
    "demo": ABOVE_MODELS,
    # Pure functions on text: the detector of identifying details.
    "redaction": ABOVE_MODELS,
    # Pure rendering: HTML in, print-ready PDF out.
    "printing": ABOVE_MODELS,
    "db": ABOVE_DB,
    "services": BLUEPRINTS,
    # Search sits beside the use cases: it reads the one definition of public from `services`.
    "search": BLUEPRINTS,
    "forms": BLUEPRINTS,
    "moderate": {"submit", "stories"},
    "submit": {"moderate"},
    "stories": {"moderate"},
}


def imports_of(path: Path) -> set[str]:
    """The storybank modules a file imports, at its top or inside functions, resolved."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    package = package.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("storybank.")}


def test_layers_only_import_downwards():
    """Does no module import a layer above its own (lazily inside a function included), and
    does neither audience's side import the other's?"""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for target in imports_of(path):
            if target.split(".")[1] in LOWER_MAY_NOT_IMPORT.get(layer, ()):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_listener_is_registered_by_importing_a_module():
    """Do the database listeners (public edition, state counts, append-only guard) start
    listening only when an application is made, on that application's session?"""
    script = (
        "import storybank.db.editions, storybank.db.guards, storybank.db.state_counts, "
        "storybank.models, storybank.search\n"
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Session\n"
        "from storybank.extensions import db\n"
        "from storybank.db import editions, guards\n"
        "listeners = (editions._collect, guards._refuse_append_only_changes)\n"
        "print(any(event.contains(target, 'before_flush', listener) "
        "for target in (Session, db.session) for listener in listeners), "
        "len(editions._SUBSCRIBERS))\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert answer.stdout.split() == ["False", "0"]


def test_the_commit_checks_use_only_installed_tools():
    """Is .pre-commit-config.yaml valid, and does each of its hooks run a program of this
    virtual environment (installed from the lock), so that it fetches nothing?"""
    project = PACKAGE.parent
    config = project / ".pre-commit-config.yaml"
    tools = Path(sys.executable).parent
    subprocess.run([tools / "pre-commit", "validate-config", config], check=True, cwd=project)
    import yaml

    [repository] = yaml.safe_load(config.read_text())["repos"]
    assert repository["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repository["hooks"]}
    assert {"ruff-check", "ruff-format", "end-of-file-fixer", "check-merge-conflict"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/")
        assert (tools / Path(program).name).exists(), program


# Pure data (texts in many languages) may run long; code may not.
DATA_MODULES = {"demo"}
MODULE_LINE_LIMIT = 400


def test_no_module_does_several_jobs_by_its_length():
    """Is every module of code short enough to have one job (about 400 lines at most)?"""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] in DATA_MODULES:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINE_LIMIT:
            long.append(f"{path.relative_to(PACKAGE)}: {lines} lines")
    assert long == []
