"""Fixtures for the command-line tests.

Commands commit for real, so they do not run inside the rolled-back test transaction: each test gets
"sites", each a fresh database (SQLite or PostgreSQL, as the suite runs) with its own data folder,
selected through the environment exactly as a shell would. Messages are asked for in English.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from tests.conftest import PG_ADMIN_URL, backend, fresh_database_url
from typer.testing import CliRunner

from ticketwise.cli.main import app
from ticketwise.config import get_settings
from ticketwise.core import db as core_db
from ticketwise.core import security
from ticketwise.tickets.types import schema


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id with minimal cost: production parameters only measure the machine."""
    monkeypatch.setattr(
        security, "_hasher", PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    )


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    data_dir: Path

    @property
    def env(self) -> dict[str, str]:
        return {"TICKETWISE_DATABASE_URL": self.url, "TICKETWISE_DATA_DIR": str(self.data_dir)}


class Cli:
    """Runs ``ticketwise`` against one site at a time."""

    def __init__(self, root: Path, prefix: str):
        self.root = root
        self.prefix = prefix
        self.sites: list[Site] = []
        self.runner = CliRunner()

    def site(self, label: str) -> Site:
        """A new empty database and data folder, made the current site."""
        name = f"{self.prefix}_{label}"
        site = Site(name=name, url=fresh_database_url(name), data_dir=self.root / label)
        self.sites.append(site)
        self.use(site)
        return site

    def use(self, site: Site) -> None:
        os.environ.update(site.env)
        reset_process_state()

    def run(self, *args: str):
        """Invoke the command line; unexpected exceptions propagate so the test shows them."""
        return self.runner.invoke(app, list(args), catch_exceptions=False)


def reset_process_state() -> None:
    """Forget settings, engines and extension-table definitions of the previous site."""
    get_settings.cache_clear()
    core_db.set_db(None)
    schema.reset_cache()


@pytest.fixture
def cli(tmp_path: Path, worker_id: str) -> Iterator[Cli]:
    saved = dict(os.environ)
    for variable in (
        "LC_ALL",
        "LC_MESSAGES",
        "TICKETWISE_ADMIN_EMAIL",
        "TICKETWISE_ADMIN_PASSWORD",
        "TICKETWISE_DEMO_PASSWORD",
    ):
        os.environ.pop(variable, None)
    os.environ["LANGUAGE"] = "en"
    runner = Cli(tmp_path, f"tw_cli_{worker_id}_{os.getpid()}")
    try:
        yield runner
    finally:
        core_db.set_db(None)
        os.environ.clear()
        os.environ.update(saved)
        reset_process_state()
        if backend() == "postgresql":
            admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                for site in runner.sites:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{site.name}" WITH (FORCE)')
            admin.dispose()


def last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]


def value_after(output: str, label: str) -> str:
    """The text following ``label`` on the first line that contains it."""
    for line in output.splitlines():
        if label in line:
            return line.split(label, 1)[1].strip()
    raise AssertionError(f"{label!r} not in output:\n{output}")
