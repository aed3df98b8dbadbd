"""``ticketwise backup`` / ``restore`` round-trip the database, the attachments and the signing key."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest
from tests.cli.conftest import Cli, Site
from tests.conftest import backend

from ticketwise.cli.backup import stores
from ticketwise.config import get_settings
from ticketwise.core.uow import unit_of_work
from ticketwise.users import auth

BLOB = "ab" + "0" * 62
pytestmark = pytest.mark.skipif(
    backend() == "postgresql" and shutil.which("pg_dump") is None, reason="pg_dump is not installed"
)


def populate(cli: Cli, site: Site) -> str:
    """An admin, one attachment blob and the generated signing key; returns the key."""
    cli.use(site)
    assert cli.run("migrate").exit_code == 0
    assert (
        cli.run(
            "user",
            "create",
            "--email",
            "a@example.com",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "admin-pass-1",
        ).exit_code
        == 0
    )
    blob = site.data_dir / "attachments" / BLOB[:2] / BLOB
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"attachment bytes")
    (blob.parent / ".tmp-half-written").write_bytes(b"partial")
    return get_settings().signing_key()


def assert_restored(cli: Cli, site: Site, key: str) -> None:
    cli.use(site)
    with unit_of_work() as session:
        assert auth.authenticate(session, "a@example.com", "admin-pass-1").is_admin
    assert (site.data_dir / "attachments" / BLOB[:2] / BLOB).read_bytes() == b"attachment bytes"
    assert not (site.data_dir / "attachments" / BLOB[:2] / ".tmp-half-written").exists()
    assert (site.data_dir / "secret_key").read_text() == key


@pytest.fixture
def without_configured_key(monkeypatch):
    # The suite configures TICKETWISE_SECRET_KEY; a real site usually relies on the generated file.
    monkeypatch.delenv("TICKETWISE_SECRET_KEY", raising=False)


def test_archive_round_trip_into_an_empty_site(cli: Cli, tmp_path: Path, without_configured_key) -> None:
    source = cli.site("bk_source")
    key = populate(cli, source)
    archive = tmp_path / "out" / "site.tar.gz"

    written = cli.run("backup", "--output", str(archive))

    assert written.exit_code == 0, written.output
    assert str(archive) in written.output.replace("\n", "")
    with tarfile.open(archive) as contents:
        names = set(contents.getnames())
    assert {"manifest.json", "secret_key", f"attachments/{BLOB[:2]}/{BLOB}"} <= names
    assert ("database.sqlite3" if backend() == "sqlite" else "database.pgdump") in names

    target = cli.site("bk_target")
    restored = cli.run("restore", str(archive))

    assert restored.exit_code == 0, restored.output
    assert_restored(cli, target, key)


def test_folder_round_trip_and_force(cli: Cli, tmp_path: Path, without_configured_key) -> None:
    source = cli.site("bk_dir_source")
    key = populate(cli, source)
    folder = tmp_path / "backup-folder"
    assert cli.run("backup", "-o", str(folder)).exit_code == 0
    assert (folder / "manifest.json").is_file()

    target = cli.site("bk_dir_target")
    assert cli.run("migrate").exit_code == 0
    assert (
        cli.run("user", "create", "--email", "other@example.com", "--name", "O", "--role", "agent").exit_code
        == 0
    )

    refused = cli.run("restore", str(folder))
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = cli.run("restore", str(folder), "--force")

    assert forced.exit_code == 0, forced.output
    assert_restored(cli, target, key)


def test_backup_and_restore_mistakes_exit_non_zero_with_a_message(cli: Cli, tmp_path: Path) -> None:
    cli.site("bk_mistakes")
    cli.run("migrate")
    archive = tmp_path / "once.tar.gz"
    assert cli.run("backup", "-o", str(archive)).exit_code == 0
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    results = [
        cli.run("backup", "-o", str(archive)),
        cli.run("restore", str(tmp_path / "missing.tar.gz")),
        cli.run("restore", str(not_a_backup)),
        cli.run("restore", str(tmp_path)),
    ]

    assert [r.exit_code for r in results] == [1, 1, 1, 1]
    assert "already exists" in results[0].output
    assert "does not exist" in results[1].output
    assert "cannot be read" in results[2].output
    assert "not a Ticketwise backup" in results[3].output
    assert all("Traceback" not in r.output for r in results)


@pytest.mark.skipif(backend() != "postgresql", reason="PostgreSQL backups use pg_dump")
def test_postgresql_without_pg_dump_prints_guidance_and_fails(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    cli.site("bk_no_pg_dump")
    cli.run("migrate")
    monkeypatch.setattr(stores.shutil, "which", lambda _name: None)

    result = cli.run("backup", "-o", str(tmp_path / "partial.tar.gz"))

    assert result.exit_code == 1
    assert "pg_dump was not found" in result.output
    assert "--format=custom" in result.output.replace("\n", "")
