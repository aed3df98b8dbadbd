"""The database side of backups: SQLite's online backup API, pg_dump/pg_restore, and checks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine, make_url

from ticketwise.config import Settings
from ticketwise.core.errors import Conflict, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_, gettext


class ToolMissing(TicketwiseError):
    """An external program (pg_dump, pg_restore) is not installed; the message says what to run."""

    status = 503
    code = "tool-missing"
    title = N_("A required program is missing")


def sqlite_path(settings: Settings) -> Path:
    """The file behind a SQLite URL; raises ValidationFailed for an in-memory database."""
    database = make_url(settings.sqlalchemy_url).database
    if not database or database == ":memory:":
        raise ValidationFailed(N_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(database)


def libpq_target(settings: Settings) -> tuple[str, dict[str, str]]:
    """A libpq connection URL for pg_dump/pg_restore and the environment carrying its password.

    The password goes through ``PGPASSWORD`` so it never appears in the process list.
    """
    url = make_url(settings.sqlalchemy_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def database_has_rows(engine: Engine) -> bool:
    """True when any table other than Alembic's bookkeeping holds a row.

    A generic probe over the inspected tables (a restore target may be of any version), so it
    belongs to no domain repository.
    """
    with engine.connect() as connection:
        names = [name for name in sa.inspect(connection).get_table_names() if name != "alembic_version"]
        for name in names:
            probe = sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)
            if connection.execute(probe).first() is not None:
                return True
    return False


def copy_sqlite(source: Path, destination: Path) -> None:
    """An online backup of ``source`` into ``destination`` as one self-contained file.

    Raises ValidationFailed when the copy fails SQLite's quick check.
    """
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        # A rollback-journal file needs no -wal companion to be complete.
        dst.execute("PRAGMA journal_mode=DELETE")
        verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        raise ValidationFailed(N_("The database copy failed its integrity check: %(detail)s"), detail=verdict)


def restore_sqlite(database_file: Path, target: Path) -> None:
    """Copy a backup into ``target`` through SQLite's backup API, which replaces its whole content
    (including any WAL) in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(database_file)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def pg_guidance(program: str, command: str) -> str:
    """What to do when ``program`` is not installed, translated."""
    return gettext(
        N_(
            "%(program)s was not found on PATH. Install the PostgreSQL client tools of the server's "
            "major version (Debian/Ubuntu: apt install postgresql-client), or run it yourself: %(command)s"
        )
    ) % {"program": program, "command": command}


def _run_pg_tool(arguments: list[str], env: dict[str, str]) -> None:
    """Run pg_dump/pg_restore; raises Conflict with the tool's own message when it fails."""
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip() or f"exit code {result.returncode}"
        raise Conflict(N_("%(program)s failed: %(detail)s"), program=Path(arguments[0]).name, detail=detail)


def dump_postgres(settings: Settings, destination: Path) -> str | None:
    """pg_dump (custom format) into ``destination``; without pg_dump nothing is written and the
    guidance to print is returned. Raises Conflict when pg_dump fails."""
    target, env = libpq_target(settings)
    program = shutil.which("pg_dump")
    if program is None:
        return pg_guidance("pg_dump", f'pg_dump --format=custom --no-owner --file=database.pgdump "{target}"')
    arguments = [program, "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"]
    _run_pg_tool([*arguments, f"--dbname={target}"], env)
    return None


def restore_postgres(settings: Settings, dump: Path, *, clean: bool) -> None:
    """pg_restore ``dump`` in one transaction; ``clean`` first drops the objects the dump contains
    (others stay). Raises ToolMissing without pg_restore, Conflict when it fails."""
    target, env = libpq_target(settings)
    program = shutil.which("pg_restore")
    if program is None:
        raise ToolMissing(
            pg_guidance(
                "pg_restore", f'pg_restore --no-owner --single-transaction --dbname="{target}" {dump.name}'
            )
        )
    arguments = [program, "--no-owner", "--no-privileges", "--single-transaction", f"--dbname={target}"]
    if clean:
        arguments += ["--clean", "--if-exists"]
    _run_pg_tool([*arguments, str(dump)], env)
