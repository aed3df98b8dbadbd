"""Test harness (DESIGN §10).

* One database per xdist worker, migrated once with Alembic: SQLite by default, PostgreSQL when
  ``TICKETWISE_TEST_DB=postgresql`` (``make test`` runs the suite on both).
* Every test runs inside a transaction that is rolled back afterwards. Code under test still commits
  through its unit of work; those commits become savepoints of the outer transaction.
* Jobs run immediately after commit; the clock is real unless a test travels with ``time_machine``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="ticketwise-test-"))
os.environ["TICKETWISE_DATA_DIR"] = str(_tmp)
os.environ["TICKETWISE_JOBS__IMMEDIATE"] = "true"
os.environ["TICKETWISE_SECRET_KEY"] = "test-secret-key"
# Assertions read English unless a test asks for Chinese; the product's own default stays zh_CN.
os.environ["TICKETWISE_DEFAULT_LOCALE"] = "en"
os.environ.pop("TICKETWISE_DATABASE_URL", None)
os.environ.pop("TICKETWISE_JOBS__REDIS_URL", None)

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from ticketwise.config import get_settings  # noqa: E402
from ticketwise.core import db as core_db  # noqa: E402
from ticketwise.core import migrate  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "TICKETWISE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def backend() -> str:
    return os.environ.get("TICKETWISE_TEST_DB", "sqlite")


def fresh_database_url(name: str) -> str:
    """Create an empty database named ``name`` on the selected backend and return its URL."""
    if backend() == "postgresql":
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    path = _tmp / f"{name}.db"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def drop_database(name: str) -> None:
    if backend() == "postgresql":
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
    else:
        (_tmp / f"{name}.db").unlink(missing_ok=True)


class SharedConnectionDatabase(core_db.Database):
    """A Database whose sessions all join one outer transaction on one connection."""

    def __init__(self, base: core_db.Database, connection: sa.Connection):
        self.settings = base.settings
        self.url = base.url
        self.write_engine = base.write_engine
        self.read_engine = base.read_engine
        factory = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        self.write_sessions = self.read_sessions = factory

    def dispose(self) -> None:  # the base database outlives each test
        pass


@pytest.fixture(autouse=True, scope="session")
def cheap_argon2() -> Iterator[None]:
    """Real argon2id with minimal cost: production parameters take ~0.7 s per hash on 2 cores,
    which measures the machine, not our code."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from ticketwise.core import security

    original = security._hasher
    security._hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    yield
    security._hasher = original


@pytest.fixture(autouse=True, scope="session")
def fresh_triage_hints() -> Iterator[None]:
    """Triage reads the types' cold-start samples at every prediction in tests: a per-process cache
    would carry one test's edited types into the next."""
    from ticketwise.ai.triage import predict

    original = predict.HINTS_TTL_SECONDS
    predict.HINTS_TTL_SECONDS = 0.0
    yield
    predict.HINTS_TTL_SECONDS = original


@pytest.fixture(scope="session")
def migrated_database(worker_id: str) -> Iterator[core_db.Database]:
    # The pid keeps concurrent runs (two developers, or SQLite and PostgreSQL passes) apart.
    name = f"tw_test_{worker_id}_{os.getpid()}"
    url = fresh_database_url(name)
    os.environ["TICKETWISE_DATABASE_URL"] = url
    get_settings.cache_clear()
    database = core_db.Database(get_settings())
    migrate.upgrade(database.write_engine)
    _seed_builtin_types(database)
    yield database
    database.dispose()
    drop_database(name)


def _seed_builtin_types(database: core_db.Database) -> None:
    """Seed the built-in types once per worker: creating their extension tables per test is slow.

    Tests still see them as committed base data; whatever a test changes on them is rolled back.
    """
    from ticketwise.sla.defaults import ensure_default_policy
    from ticketwise.tickets.types.builtin import seed_builtin_types

    with database.session() as s:
        seed_builtin_types(s)
        ensure_default_policy(s)
        s.commit()


@pytest.fixture
def database(migrated_database: core_db.Database) -> Iterator[core_db.Database]:
    """The test's database; everything written during the test is rolled back."""
    connection = migrated_database.write_engine.connect()
    outer = connection.begin()
    shared = SharedConnectionDatabase(migrated_database, connection)
    core_db.set_db(shared)
    try:
        yield shared
    finally:
        core_db.set_db(None)
        if outer.is_active:
            outer.rollback()
        connection.close()


@pytest.fixture
def session(database: core_db.Database) -> Iterator[Session]:
    """A session inside the test transaction, for arranging data and calling services directly."""
    s = database.session()
    try:
        yield s
    finally:
        s.close()


# --- people and HTTP clients -------------------------------------------------------------------------

TEST_PASSWORD = "correct-horse-42"


@pytest.fixture
def make_user(session: Session):
    """Factory: ``make_user("agent", email=None, name=None, **extra) -> User`` (committed, password TEST_PASSWORD)."""
    from ticketwise.users import service as user_service

    counter = {"n": 0}

    def factory(role: str = "agent", *, email: str | None = None, name: str | None = None, **extra):
        counter["n"] += 1
        user = user_service.create_user(
            session,
            email=email or f"{role}{counter['n']}@example.com",
            name=name or f"{role.title()} {counter['n']}",
            role=role,
            password=TEST_PASSWORD,
            **extra,
        )
        session.commit()
        return user

    return factory


@pytest.fixture
def seeded_types(session: Session):
    """The five built-in ticket types, committed."""
    from ticketwise.tickets.types.builtin import seed_builtin_types

    types = seed_builtin_types(session)
    session.commit()
    return {t.slug: t for t in types}


@pytest.fixture
def app(database: core_db.Database):
    from ticketwise.core import ratelimit
    from ticketwise.main import create_app

    ratelimit.reset()
    return create_app()


# Tests read English text unless they ask for another language: the site default is zh_CN.
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def client(app):
    """A browser-like client (cookies kept between requests) whose browser prefers English."""
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://testserver", follow_redirects=False, headers=ENGLISH) as c:
        yield c


def csrf_of(client) -> str:
    """The CSRF token of a client, fetched from the sign-in page if it has none yet."""
    token = client.cookies.get("tw_csrf")
    if not token:
        client.get("/login")
        token = client.cookies.get("tw_csrf")
    return token


def web_login(client, email: str, password: str = TEST_PASSWORD):
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_of(client), "next": "/"}
    )
    assert response.status_code == 303, response.text
    return response


@pytest.fixture
def api_as(app, session: Session):
    """Factory: ``api_as(user) -> TestClient`` sending ``Authorization: Bearer`` for that user."""
    from fastapi.testclient import TestClient

    from ticketwise.users import tokens

    clients = []

    def factory(user):
        _token, plaintext = tokens.create_api_token(session, user, "test")
        session.commit()
        c = TestClient(
            app, base_url="http://testserver", headers={**ENGLISH, "Authorization": f"Bearer {plaintext}"}
        )
        clients.append(c)
        return c

    yield factory
    for c in clients:
        c.close()
