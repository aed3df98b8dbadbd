"""Reading a backup back: database, attachments and signing key, then the schema up to head."""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ticketwise.cli.backup import stores
from ticketwise.cli.backup.archive import (
    ATTACHMENTS_MEMBER,
    BACKUP_FORMAT,
    MANIFEST,
    SECRET_MEMBER,
    attachment_files,
)
from ticketwise.config import Settings
from ticketwise.core.db import Database
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.migrate import upgrade


@dataclass
class RestoreReport:
    """What a restore put in place; ``revision`` is None when the backup held no database."""

    dialect: str
    database_target: str
    attachment_files: int = 0
    secret_key_restored: bool = False
    revision: str | None = None


def _read_manifest(folder: Path) -> dict[str, Any]:
    """Raises ValidationFailed when the folder is not a Ticketwise backup of a known format."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise ValidationFailed(N_("This is not a Ticketwise backup (no readable manifest.json).")) from None
    if not isinstance(manifest, dict) or manifest.get("application") != "ticketwise":
        raise ValidationFailed(N_("This is not a Ticketwise backup (no readable manifest.json)."))
    if manifest.get("format") != BACKUP_FORMAT:
        raise ValidationFailed(N_("This backup has an unknown format."))
    return manifest


def _unpack(source: Path, scratch: Path) -> Path:
    """The folder holding the backup's files: ``source`` itself, or the archive extracted into
    ``scratch`` (the "data" filter refuses members outside it, links out and devices)."""
    if source.is_dir():
        return source
    try:
        with tarfile.open(source, "r:*") as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(scratch, filter="data")
            else:  # Python < 3.11.4: the same rules by hand
                for member in archive.getmembers():
                    if (
                        not (member.isfile() or member.isdir())
                        or member.name.startswith("/")
                        or ".." in Path(member.name).parts
                    ):
                        raise tarfile.TarError(f"unsafe member {member.name!r}")
                archive.extractall(scratch)
    except (tarfile.TarError, OSError) as exc:
        raise ValidationFailed(
            N_("%(path)s cannot be read as a backup archive: %(detail)s"),
            path=str(source),
            detail=str(exc).splitlines()[0],
        ) from None
    return scratch


def _restore_attachments(folder: Path, destination: Path) -> int:
    """Merge the backup's blobs into the store (content-addressed: a present file is identical)."""
    files = attachment_files(folder)
    for path in files:
        target = destination / path.relative_to(folder)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return len(files)


def _restore_secret(source: Path, settings: Settings) -> None:
    target = settings.data_dir / SECRET_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text())
    target.chmod(0o600)


def restore_backup(settings: Settings, database: Database, source: Path, *, force: bool) -> RestoreReport:
    """Put a backup in place: database, attachments, signing key, then migrate to head.

    ``database`` is disposed before a SQLite file is replaced; callers must not keep sessions open.
    Raises NotFound for a missing ``source``, ValidationFailed for something that is not a complete
    backup or belongs to the other database kind, Conflict when the target holds rows and ``force``
    is False (or pg_restore fails), ToolMissing without pg_restore.
    """
    if not source.exists():
        raise NotFound(N_("%(path)s does not exist."), path=str(source))
    dialect = database.dialect
    with tempfile.TemporaryDirectory(prefix=".ticketwise-restore-") as scratch:
        folder = _unpack(source, Path(scratch))
        manifest = _read_manifest(folder)
        if manifest.get("dialect") != dialect:
            raise ValidationFailed(
                N_("This backup is of a %(backup)s database, but the configured database is %(current)s."),
                backup=manifest.get("dialect"),
                current=dialect,
            )
        occupied = stores.database_has_rows(database.write_engine)
        if occupied and not force:
            raise Conflict(
                N_("The configured database already holds data. Pass --force to replace it with the backup.")
            )
        member = manifest.get("database")
        if member is not None and not (folder / member).is_file():
            raise ValidationFailed(N_("The backup is incomplete: %(member)s is missing."), member=member)
        if dialect == "sqlite":
            target = stores.sqlite_path(settings)
            report = RestoreReport(dialect=dialect, database_target=str(target))
            if member is not None:
                database.dispose()
                stores.restore_sqlite(folder / member, target)
        else:
            report = RestoreReport(dialect=dialect, database_target=stores.libpq_target(settings)[0])
            if member is not None:
                stores.restore_postgres(settings, folder / member, clean=occupied)
        report.attachment_files = _restore_attachments(folder / ATTACHMENTS_MEMBER, settings.attachments_dir)
        if manifest.get("secret_key") and (folder / SECRET_MEMBER).is_file():
            _restore_secret(folder / SECRET_MEMBER, settings)
            report.secret_key_restored = True
    if member is not None:
        upgrade(database.write_engine)
        report.revision = stores.schema_revision(database.write_engine)
    return report
