"""Engines, sessions, the declarative base and portable column types.

SQLite is the embedded default and PostgreSQL the scale-out choice; both run the same code path
(DESIGN §3.5). Two engines exist per database URL:

* the *write* engine, whose SQLite transactions begin with ``BEGIN IMMEDIATE`` so a writer takes the
  lock before its first read and never fails with ``SQLITE_BUSY_SNAPSHOT`` half-way through;
* the *read* engine, whose SQLite transactions begin deferred so concurrent page views never queue
  behind writers (WAL lets readers proceed).

On PostgreSQL both are the same engine.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from ticketwise.config import Settings, get_settings
from ticketwise.core.clock import ensure_utc

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both databases.

    PostgreSQL stores ``timestamptz``; SQLite stores ISO text without offset, so values are converted to
    UTC on the way in and marked UTC on the way out. Naive input is rejected: it is always a bug.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use ticketwise.core.clock")
        value = ensure_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else ensure_utc(value)


def str_enum(cls: type, length: int = 20) -> sa.Enum:
    """A string enum stored by value in a VARCHAR with a CHECK, identical on both databases."""
    return sa.Enum(
        cls, native_enum=False, length=length, values_callable=lambda members: [m.value for m in members]
    )


class PortableJSON(TypeDecorator[Any]):
    """JSON: ``jsonb`` (compact, indexable) on PostgreSQL, JSON text on SQLite."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(sa.JSON())


WRITER_LOCK_TIMEOUT_S = 15


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see the "begin" hook).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL: readers never block the writer and the writer never blocks readers.
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable in WAL mode except for the last transactions before a power cut.
        cur.execute("PRAGMA synchronous=NORMAL")
        # SQLite ships with foreign keys off; the schema relies on them.
        cur.execute("PRAGMA foreign_keys=ON")
        # Wait up to 15 s for the write lock instead of failing at once under concurrent writers.
        cur.execute("PRAGMA busy_timeout=15000")
        # Keep temporary B-trees (sorts, DISTINCT) in memory.
        cur.execute("PRAGMA temp_store=MEMORY")
        # 64 MiB page cache per connection (negative = KiB).
        cur.execute("PRAGMA cache_size=-65536")
        # Memory-map up to 256 MiB of the file for faster reads.
        cur.execute("PRAGMA mmap_size=268435456")
        cur.close()

    if not immediate:

        @event.listens_for(engine, "begin")
        def _on_begin_deferred(conn: sa.Connection) -> None:
            conn.exec_driver_sql("BEGIN")

        return

    # Writers of this process queue on a Python lock before asking SQLite for its write lock. SQLite's
    # busy handler sleeps in growing steps (up to 100 ms) while waiting, which made tail latency under
    # concurrent writes ten times the median; a lock hands over at once. busy_timeout still covers
    # writers in other processes. The timeout keeps a lost release from ever blocking forever.
    writer_lock = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.info["tw_writer_lock"] = writer_lock.acquire(timeout=WRITER_LOCK_TIMEOUT_S)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn)
            raise

    def _release(conn: sa.Connection) -> None:
        if conn.info.pop("tw_writer_lock", False):
            writer_lock.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def create_db_engine(url: str, *, immediate: bool = True, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            pool_size=10,
            max_overflow=20,
            **kwargs,
        )
        _configure_sqlite(engine, immediate=immediate)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


class Database:
    """The engines and session factories for one database URL."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.url = settings.sqlalchemy_url
        if self.url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.write_engine = create_db_engine(self.url, immediate=True)
            self.read_engine = create_db_engine(self.url, immediate=False)
        else:
            self.write_engine = self.read_engine = create_db_engine(self.url)
        self.write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.write_engine.dialect.name

    def session(self, *, write: bool = True) -> Session:
        return (self.write_sessions if write else self.read_sessions)()

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


_db: Database | None = None
_db_lock = threading.Lock()


def get_db() -> Database:
    global _db
    with _db_lock:
        if _db is None:
            _db = Database(get_settings())
        return _db


def set_db(db: Database | None) -> None:
    """Replace the process-wide database (tests, CLI with an explicit URL)."""
    global _db
    with _db_lock:
        if _db is not None and _db is not db:
            _db.dispose()
        _db = db
