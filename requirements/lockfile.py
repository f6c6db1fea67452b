"""The lock files: one per supported Python, exact versions with hashes, made from pyproject.toml.

`python requirements/lockfile.py stamp` records in each lock which requirements it was made from
(a digest of pyproject.toml's dependency lists); `check` fails when pyproject.toml changed since,
or when a pinned version no longer satisfies its range, naming `make lock` as the remedy.
Only the standard library and `packaging` (or pip's copy of it) are used, so the check runs
before anything else is installed.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version
except ImportError:  # a bare Python: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[no-redef]
    from pip._vendor.packaging.version import Version  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOCK_DIR = ROOT / "requirements"
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
EXTRAS = ("test", "dev")
STAMP = "# made from pyproject.toml requirements sha256:"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")


def lock_path(python: str) -> Path:
    return LOCK_DIR / f"lock-py{python}.txt"


def requirements() -> dict[str, list[str]]:
    """pyproject.toml's requirement lists, by group ("" for the application itself)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"": sorted(project["dependencies"])}
    for extra in EXTRAS:
        groups[extra] = sorted(project["optional-dependencies"][extra])
    groups["requires-python"] = [project["requires-python"]]
    return groups


def digest() -> str:
    canonical = json.dumps(requirements(), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def pins(path: Path, python: str) -> dict[str, Version]:
    """The version each package is pinned to in a lock, for `python` (markers evaluated)."""
    found: dict[str, Version] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if not match:
            continue
        name, version, marker = match.groups()
        if marker:
            requirement = Requirement(f"{name}=={version}; {marker}")
            environment = {"python_version": python, "python_full_version": f"{python}.0"}
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
        found[canonicalize_name(name)] = Version(version)
    return found


def stamp() -> None:
    line = f"{STAMP}{digest()}\n"
    for python in PYTHONS:
        path = lock_path(python)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        kept = "".join(part for part in lines if not part.startswith(STAMP))
        path.write_text(line + kept, encoding="utf-8")


def problems() -> list[str]:
    found: list[str] = []
    expected = f"{STAMP}{digest()}"
    for python in PYTHONS:
        path = lock_path(python)
        if not path.exists():
            found.append(f"{path.name} is missing")
            continue
        if expected not in path.read_text(encoding="utf-8").splitlines():
            found.append(f"{path.name} was not made from the requirements in pyproject.toml")
        pinned = pins(path, python)
        for group, lines in requirements().items():
            if group == "requires-python":
                continue
            for text in lines:
                requirement = Requirement(text)
                version = pinned.get(canonicalize_name(requirement.name))
                if version is None:
                    found.append(f"{path.name}: {requirement.name} is not locked")
                elif not requirement.specifier.contains(version, prereleases=True):
                    found.append(f"{path.name}: {requirement.name}=={version} is outside {text!r}")
    return found


def main(argv: list[str]) -> int:
    if argv == ["stamp"]:
        stamp()
        return 0
    if argv == ["check"]:
        found = problems()
        for problem in found:
            print(f"lock: {problem}", file=sys.stderr)
        if found:
            print("lock: run `make lock` and commit requirements/", file=sys.stderr)
            return 1
        print(f"lock: {len(PYTHONS)} lock files agree with pyproject.toml")
        return 0
    print("usage: lockfile.py stamp|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
