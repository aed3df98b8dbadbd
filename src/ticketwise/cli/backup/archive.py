"""Writing a backup: the database copy, the attachment store and the signing key, with a manifest."""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy.engine import Engine

from ticketwise.cli.backup import stores
from ticketwise.config import Settings
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound
from ticketwise.core.i18n import N_

BACKUP_FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
ATTACHMENTS_MEMBER = "attachments"
SECRET_MEMBER = "secret_key"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
# Attachment blobs are written to ".tmp-*" files and renamed; a half-written one is not data.
_PARTIAL_BLOB_PREFIX = ".tmp-"


@dataclass
class BackupReport:
    """What a backup wrote: the output path and the size of each part, in bytes.

    ``pg_guidance`` is set (and the database left out) when pg_dump is not installed.
    """

    path: Path
    dialect: str
    parts: dict[str, int] = field(default_factory=dict)
    attachment_files: int = 0
    pg_guidance: str | None = None
    secret_from_environment: bool = False
    total_size: int = 0

    @property
    def database_included(self) -> bool:
        return self.pg_guidance is None


def _package_version() -> str:
    try:
        return version("ticketwise")
    except PackageNotFoundError:
        return "unknown"


def is_archive_path(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def file_size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def attachment_files(root: Path) -> list[Path]:
    """The blobs under ``root``, without half-written temporary files."""
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.rglob("*") if path.is_file() and not path.name.startswith(_PARTIAL_BLOB_PREFIX)
    )


def _prepare_output(output: Path) -> None:
    """Raises Conflict when ``output`` would overwrite an archive or fill a non-empty folder."""
    if is_archive_path(output):
        if output.exists():
            raise Conflict(N_("%(path)s already exists; choose another name."), path=str(output))
    elif output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise Conflict(
            N_("%(path)s exists and is not an empty folder; give a new folder or a .tar.gz file name."),
            path=str(output),
        )
    output.parent.mkdir(parents=True, exist_ok=True)


def _stage_database(settings: Settings, engine: Engine, staging: Path, report: BackupReport) -> str | None:
    """Copy or dump the database into ``staging``; returns its member name, None when left out."""
    if engine.dialect.name == "sqlite":
        source = stores.sqlite_path(settings)
        if not source.is_file():
            raise NotFound(N_("There is no database at %(path)s."), path=str(source))
        stores.copy_sqlite(source, staging / SQLITE_MEMBER)
        report.parts[SQLITE_MEMBER] = file_size(staging / SQLITE_MEMBER)
        return SQLITE_MEMBER
    report.pg_guidance = stores.dump_postgres(settings, staging / POSTGRES_MEMBER)
    report.parts[POSTGRES_MEMBER] = file_size(staging / POSTGRES_MEMBER)
    return POSTGRES_MEMBER if report.database_included else None


def write_backup(settings: Settings, engine: Engine, output: Path) -> BackupReport:
    """Write a backup of the configured database, attachments and signing key to ``output``.

    ``output`` ending in ``.tar.gz``/``.tgz`` becomes an archive, any other path a new folder; both
    are assembled under a temporary name beside ``output`` and renamed into place, so a failed run
    leaves nothing half-written. On PostgreSQL without pg_dump the database is left out (see
    :class:`BackupReport`). Raises Conflict when the output exists or pg_dump fails, NotFound when
    there is no SQLite file, ValidationFailed when the SQLite copy is damaged.
    """
    _prepare_output(output)
    report = BackupReport(
        path=output, dialect=engine.dialect.name, secret_from_environment=bool(settings.secret_key)
    )
    attachments = attachment_files(settings.attachments_dir)
    report.attachment_files = len(attachments)
    report.parts[ATTACHMENTS_MEMBER] = sum(file_size(path) for path in attachments)
    secret_file = settings.data_dir / SECRET_MEMBER
    include_secret = not settings.secret_key and secret_file.is_file()

    with tempfile.TemporaryDirectory(prefix=".ticketwise-backup-", dir=output.parent) as scratch:
        staging = Path(scratch) / "backup"
        staging.mkdir()
        database_member = _stage_database(settings, engine, staging, report)
        if include_secret:
            shutil.copy2(secret_file, staging / SECRET_MEMBER)
            report.parts[SECRET_MEMBER] = file_size(secret_file)
        manifest = {
            "format": BACKUP_FORMAT,
            "application": "ticketwise",
            "version": _package_version(),
            "created_at": now().isoformat(),
            "dialect": report.dialect,
            "revision": stores.schema_revision(engine),
            "database": database_member,
            "attachments": len(attachments),
            "secret_key": include_secret,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

        if is_archive_path(output):
            partial = Path(scratch) / "archive.partial"
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(staging / MANIFEST, arcname=MANIFEST)
                for member in (SQLITE_MEMBER, POSTGRES_MEMBER, SECRET_MEMBER):
                    if (staging / member).is_file():
                        archive.add(staging / member, arcname=member)
                for path in attachments:
                    relative = path.relative_to(settings.attachments_dir).as_posix()
                    archive.add(path, arcname=f"{ATTACHMENTS_MEMBER}/{relative}")
            os.replace(partial, output)
            report.total_size = file_size(output)
        else:
            for path in attachments:
                destination = staging / ATTACHMENTS_MEMBER / path.relative_to(settings.attachments_dir)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
            if output.exists():
                output.rmdir()  # checked empty above
            os.replace(staging, output)
            report.total_size = sum(file_size(path) for path in output.rglob("*"))
    return report
