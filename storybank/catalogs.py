"""Translation catalog upkeep: extract, compile, and the checks CI runs (`make i18n-check`).

Usage: python -m storybank.catalogs extract|compile|check
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from .i18n import LOCALE_REGISTRY, SOURCE_LOCALE, TRANSLATIONS_DIR

PROJECT_ROOT = TRANSLATIONS_DIR.parent
TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2")


def extract(output: Path = TEMPLATE) -> None:
    """Write every translatable string of the code and templates to `output`."""
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract"]
    command += [
        "-F",
        "babel.cfg",
        "--add-comments=Translators:",
        "--sort-by-file",
        "--ignore-dirs=.*",
    ]
    command += ["--project=storybank", "--copyright-holder=storybank contributors", "--width=100"]
    for keyword in KEYWORDS:
        command += ["-k", keyword]
    command += ["-o", str(output), "."]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT)  # noqa: S603 - fixed arguments


def catalog_paths() -> dict[str, Path]:
    """The .po file of each language that has one, by catalog identifier."""
    found = {}
    for info in LOCALE_REGISTRY.values():
        path = TRANSLATIONS_DIR / info.catalog / "LC_MESSAGES" / "messages.po"
        if info.tag != SOURCE_LOCALE and path.is_file():
            found[info.catalog] = path
    return found


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def compile_all(force: bool = False) -> list[Path]:
    """Build each catalog's .mo file when it is missing or older than its .po file."""
    built = []
    for locale, po_path in catalog_paths().items():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = _read(po_path, locale)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        built.append(mo_path)
    return built


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog if message.id}


def problems() -> list[str]:
    """Everything that makes the catalogs unfit to ship, one line per problem."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh_path = Path(scratch) / "messages.pot"
        extract(fresh_path)
        fresh = _read(fresh_path)
    template = _read(TEMPLATE) if TEMPLATE.exists() else Catalog()
    if _keys(fresh) != _keys(template):
        added = len(_keys(fresh) - _keys(template))
        removed = len(_keys(template) - _keys(fresh))
        found.append(
            f"translations/messages.pot is stale ({added} new, {removed} gone): "
            "run `make i18n-update` and translate"
        )
    wanted = _keys(fresh)
    for locale, path in catalog_paths().items():
        catalog = _read(path, locale)
        name = path.relative_to(PROJECT_ROOT)
        expected = get_plural(locale)
        if catalog.num_plurals != expected.num_plurals:
            found.append(
                f"{name}: {catalog.num_plurals} plural forms, CLDR says {expected.num_plurals}"
            )
        missing = wanted - _keys(catalog)
        if missing:
            found.append(f"{name}: {len(missing)} strings missing: run `make i18n-update`")
        for message in catalog:
            if not message.id:
                continue
            label = message.id if isinstance(message.id, str) else message.id[0]
            if message.fuzzy:
                found.append(f"{name}: fuzzy: {label!r}")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{name}: untranslated: {label!r}")
            if isinstance(message.string, tuple) and len(strings) != catalog.num_plurals:
                found.append(f"{name}: wrong number of plural forms: {label!r}")
        for message, errors in catalog.check():
            for error in errors:
                found.append(f"{name}: {message.id!r}: {error}")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "extract":
        extract()
        return 0
    if command == "compile":
        for path in compile_all(force=True):
            print(f"compiled {path.relative_to(PROJECT_ROOT)}")
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print(f"i18n-check: {len(found)} problems", file=sys.stderr)
            return 1
        print(f"i18n-check: messages.pot current; {len(catalog_paths())} catalogs complete")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
