"""The `storybank` command: a Flask CLI group bound to the application factory."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from .config import ConfigError
from .extensions import db
from .models import Role
from .services.eligibility import Use
from .services.exports import ExportedStory, ExportFormat


def _create_app() -> Flask:
    from . import create_app

    return create_app()


cli = FlaskGroup(
    name="storybank",
    create_app=_create_app,
    add_version_option=False,
    help="storybank: community story collection, moderation and publishing.",
)


def main() -> None:
    """Console-script entry point; configuration problems end with a plain message."""
    try:
        cli.main(prog_name="storybank")
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)


users = click.Group("users", help="Manage staff accounts.")


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    required=True,
    help="What the account may do.",
)
@click.option("--name", "display_name", default="", help="The name other staff see.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of prompting for it.",
)
@with_appcontext
def create_user(email: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create a staff account (it enrols a second factor at first sign-in)."""
    from .services.accounts import AccountError, create_staff_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_staff_user(email, Role(role), password, display_name)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Add the demo organisation's campaign, themes, consent texts and stories (once)."""
    from .services.demo import seed

    result = seed()
    db.session.commit()
    if result is None:
        click.echo("Demo content is already there; nothing added.")
        return
    click.echo(
        f"Added {result.themes} themes, {result.campaigns} campaign, "
        f"{result.consent_texts} consent texts and {result.stories} stories."
    )
    click.echo("Claim codes of the demo stories (to try the storyteller's pages):")
    for language, state, code in result.claim_codes:
        click.echo(f"  {code}  {language:8} {state}")


@click.command("search-reindex")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Stories read and indexed at a time (each batch is committed).",
)
@with_appcontext
def search_reindex(batch_size: int) -> None:
    """Rebuild the search index: every public story in, every other story out."""
    from .search import rebuild_index

    indexed = rebuild_index(batch_size=batch_size)
    click.echo(f"The search index holds {indexed} public stories.")


ROTATION_PROCEDURE = (
    "To change keys: generate a new Fernet key and put it FIRST in STORYBANK_ENCRYPTION_KEYS, "
    "keeping the old keys after it, everywhere the application runs (then restart it). Run "
    "`storybank keys rotate`. Once it reports no undecryptable values, the old keys may be "
    "removed from STORYBANK_ENCRYPTION_KEYS."
)

keys = click.Group(
    "keys",
    help="Manage the keys that encrypt names, contact details and second-factor secrets.\n\n"
    + ROTATION_PROCEDURE,
)


@keys.command(
    "rotate",
    short_help="Re-encrypt stored secrets under the newest key.",
    help="Re-encrypt every stored encrypted value under the first (newest) key.\n\n"
    + ROTATION_PROCEDURE,
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Rows read and rewritten at a time.",
)
@with_appcontext
def rotate_keys(batch_size: int) -> None:
    """Re-encrypt stored values under the newest key, keeping what rotated if some cannot be."""
    from .services.keys import rotate_encryption_keys

    result = rotate_encryption_keys(batch_size=batch_size)
    # Whatever rotated is kept even when some values could not be read: those stay untouched.
    db.session.commit()
    width = max((len(name) for name in result.columns), default=0)
    for name, counts in result.columns.items():
        click.echo(
            f"{name:{width}}  {counts.rotated} rotated, {counts.undecryptable} undecryptable"
        )
    click.echo(f"Total: {result.rotated} rotated, {result.undecryptable} undecryptable.")
    if result.undecryptable:
        raise click.ClickException(
            f"{result.undecryptable} value(s) could not be decrypted with any configured key and "
            "were left as they were. Do not remove any old key until you know which key wrote "
            "them; add it back to STORYBANK_ENCRYPTION_KEYS (after the first) and run "
            "`storybank keys rotate` again."
        )


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace FILE if it exists.")
@with_appcontext
def backup(file: Path, overwrite: bool) -> None:
    """Write an encrypted backup of the whole database (media included) to FILE, while the site
    runs; given a folder, to a file named after the time in it. It is encrypted under
    STORYBANK_BACKUP_KEY, or the first of STORYBANK_ENCRYPTION_KEYS: keep that key somewhere
    other than the backups."""
    from .backup.operations import BackupError, make_backup, timestamped_name

    if file.is_dir():
        file = file / timestamped_name()
    try:
        result = make_backup(file, overwrite=overwrite)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Backed up the {result.database} database to {result.path} ({result.size:,} bytes)."
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ledger",
    "ledgers",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A withdrawal ledger to honour (repeat for one per host). "
    "Default: STORYBANK_WITHDRAWAL_LEDGER.",
)
@click.option(
    "--without-ledger",
    is_flag=True,
    help="Restore although the withdrawal ledger is lost: stories withdrawn since the backup "
    "will be public again.",
)
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Check the backup and the ledger, prepare the restore and say what it would do; "
    "replace nothing.",
)
@with_appcontext
def restore(
    file: Path, ledgers: tuple[Path, ...], without_ledger: bool, yes: bool, dry_run: bool
) -> None:
    """Replace the database with the backup in FILE (stop the site first). Every story the
    withdrawal ledger lists is taken back again before the restored database is put in place.
    With --dry-run, test a backup without touching the database."""
    from flask import current_app

    from .backup.operations import BackupError, Prepared, restore_backup

    if without_ledger:
        click.echo(
            "Warning: restoring without the withdrawal ledger. Stories withdrawn after this "
            "backup was made will be PUBLIC AGAIN: review every public story before the site "
            "serves readers.",
            err=True,
        )
    paths = list(ledgers) or [current_app.config["STORYBANK_WITHDRAWAL_LEDGER"]]

    def confirm(prepared: Prepared) -> bool:
        click.echo(
            f"The backup of {prepared.created_at} holds {prepared.stories} stories; "
            f"{prepared.withdrawn_again} withdrawn since it was made will be taken back again."
        )
        if dry_run:
            return False
        return yes or click.confirm(
            "Replace the current database with it? Everything changed since the backup is lost",
            default=False,
        )

    try:
        prepared = restore_backup(
            file,
            environ=os.environ,
            ledger_paths=paths,
            without_ledger=without_ledger,
            confirm=confirm,
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if prepared is None:
        click.echo(
            "Dry run: the backup can be restored; nothing was replaced."
            if dry_run
            else "Nothing was restored."
        )
        return
    click.echo(
        f"Restored the backup of {prepared.created_at}. Withdrawals applied again: "
        f"{prepared.withdrawn_again} (ledger entries: {prepared.ledger_entries}; already "
        f"withdrawn in the backup: {prepared.withdrawn_in_backup}; stories told after the "
        f"backup: {prepared.not_in_backup})."
    )
    if prepared.torn_lines:
        click.echo(
            f"Note: {prepared.torn_lines} ledger line(s) were cut short by a crash while being "
            "written; those withdrawals never completed and were not applied."
        )


@click.command("export")
@click.option(
    "--use",
    type=click.Choice([use.value for use in Use]),
    required=True,
    help="What the stories will be used for: only stories whose storyteller allows it go out.",
)
@click.option(
    "--format",
    "export_format",
    type=click.Choice([kind.value for kind in ExportFormat]),
    required=True,
    help="CSV (UTF-8 with a byte-order mark, for spreadsheets) or JSON (the API's story shape).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (readable by its owner only); standard output when left out.",
)
@click.option("--region", help="Only stories from this US state or territory (e.g. PA).")
@click.option("--campaign", help="Only stories of this campaign (its slug).")
@click.option("--theme", help="Only stories with this theme (its slug).")
@click.option("--language", help="Only stories told in this language (a BCP 47 tag).")
@with_appcontext
def export(
    use: str,
    export_format: str,
    output: Path | None,
    region: str | None,
    campaign: str | None,
    theme: str | None,
    language: str | None,
) -> None:
    """Every story that may be put to a use now, as CSV or JSON (consent is checked as it runs).

    Only the storyteller-approved text, approved translations and the attribution as chosen go
    out; never the original, names beyond the attribution or contact details. Addresses of the
    stories' pages are left empty: the command runs outside the website.
    """
    from .services import audit
    from .services.exports import count_eligible, csv_lines, eligible_for_export, json_chunks
    from .services.public import StoryFilters

    chosen = Use(use)
    filters = StoryFilters(theme=theme, language=language, region=region, campaign=campaign)
    total = count_eligible(chosen, filters)
    exported = 0

    def counted() -> Iterator[ExportedStory]:
        nonlocal exported
        for story in eligible_for_export(chosen, filters):
            exported += 1
            yield story

    def no_link(_story: ExportedStory) -> None:
        return None

    def no_media(_story: ExportedStory) -> list[str]:
        return []

    if ExportFormat(export_format) is ExportFormat.CSV:
        chunks = csv_lines(counted(), no_link)
    else:
        chunks = json_chunks(chosen, counted(), no_link, no_media)
    with _export_stream(output) as stream:
        if sys.stderr.isatty():
            with click.progressbar(
                length=total, label="Exporting stories", file=sys.stderr
            ) as progress:
                for chunk in chunks:
                    stream.write(chunk)
                    progress.update(exported - progress.pos)
        else:
            for chunk in chunks:
                stream.write(chunk)
    audit.record(
        "stories.exported", note=f"use={chosen.value}; format={export_format}; stories={exported}"
    )
    db.session.commit()
    click.echo(f"Exported {exported} stories that may be used for {chosen.value}.", err=True)


@contextlib.contextmanager
def _export_stream(output: Path | None) -> Iterator[TextIO]:
    """The file to write an export to (created readable by its owner only), or stdout."""
    if output is None:
        yield sys.stdout
        return
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8", newline="") as stream:
        yield stream


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
    app.cli.add_command(search_reindex)
    app.cli.add_command(keys)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(export)
