"""The ``backup`` and ``restore`` commands: thin wrappers that print what was done."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.filesize import decimal
from rich.markup import escape
from rich.table import Table

from ticketwise.cli.backup.archive import ATTACHMENTS_MEMBER, POSTGRES_MEMBER, write_backup
from ticketwise.cli.backup.restore import restore_backup
from ticketwise.config import get_settings
from ticketwise.core import db as core_db
from ticketwise.core.clock import now
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.types import schema

console = Console(highlight=False)


def _say(text: str, style: str = "") -> None:
    console.print(f"[{style}]{escape(text)}[/{style}]" if style else escape(text))


def backup_command(
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="A .tar.gz/.tgz file, or a new folder (default: ./ticketwise-backup-<UTC time>.tar.gz).",
    ),
) -> None:
    """Back up the database, the attachments and the signing key while the site keeps running."""
    target = output or Path(f"ticketwise-backup-{now():%Y%m%d-%H%M%S}.tar.gz")
    report = write_backup(get_settings(), core_db.get_db().write_engine, target.absolute())
    if report.pg_guidance:
        _say(report.pg_guidance, "yellow")
    table = Table(gettext(N_("Part")), gettext(N_("Size")), title=escape(str(report.path)))
    for part, size in report.parts.items():
        label = part
        if part == ATTACHMENTS_MEMBER:
            label = gettext(N_("attachments (%(count)d files)")) % {"count": report.attachment_files}
        elif part == POSTGRES_MEMBER and not report.database_included:
            label = gettext(N_("PostgreSQL database: NOT included"))
        table.add_row(escape(label), decimal(size))
    console.print(table)
    _say(
        gettext(N_("Backup written to %(path)s (%(size)s)."))
        % {"path": str(report.path), "size": decimal(report.total_size)}
    )
    if report.secret_from_environment:
        _say(
            gettext(
                N_(
                    "The signing key comes from TICKETWISE_SECRET_KEY and is not in the backup; keep it safely."
                )
            ),
            "yellow",
        )
    if not report.database_included:
        _say(
            gettext(N_("The database was not backed up: only attachments and the key were written.")),
            "bold red",
        )
        raise typer.Exit(1)


def restore_command(
    path: Path = typer.Argument(
        ..., help="A backup archive (.tar.gz) or folder written by `ticketwise backup`."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a database that already holds data."),
) -> None:
    """Restore a backup into the configured database and data folder (stop the site first)."""
    settings = get_settings()
    report = restore_backup(settings, core_db.get_db(), path.absolute(), force=force)
    # The restored database replaced the one the engines and cached table definitions describe.
    core_db.set_db(None)
    schema.reset_cache()
    if report.revision is None:
        _say(
            gettext(N_("The backup holds no database dump; restore the database yourself with pg_restore.")),
            "yellow",
        )
    else:
        _say(
            gettext(N_("Database restored into %(target)s (schema %(revision)s)."))
            % {"target": report.database_target, "revision": report.revision},
            "green",
        )
    _say(
        gettext(N_("%(count)d attachment files in %(path)s."))
        % {"count": report.attachment_files, "path": str(settings.attachments_dir)}
    )
    if report.secret_key_restored:
        _say(gettext(N_("Signing key restored.")))
