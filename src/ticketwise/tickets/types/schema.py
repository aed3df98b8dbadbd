"""The schema manager of extension tables ``ext_<slug>`` (DESIGN §3.7, §4).

This is the only module that issues DDL on extension tables. Invariants:

* Changes are additive only: create a table, add a nullable column, add an index. Nothing is ever
  dropped or altered, so a hidden field keeps its column and its data.
* Every change runs under one lock: on PostgreSQL a transaction-scoped advisory lock; on SQLite the
  write transaction already holds the database write lock (write sessions ``BEGIN IMMEDIATE``). Under
  the lock the database is inspected again, so concurrent requests for the same change do it once.
* Every change writes a :class:`SchemaChange` row in the same transaction. The newest row's
  ``(id, token)`` is the schema version; each process caches its ``sa.Table`` objects for one version
  and rebuilds them when a session sees another (one cheap query per use). The random token tells two
  states apart even when a rolled-back change lets SQLite hand out the same id again.
* An extension table has one row per ticket, keyed by ``ticket_id`` (FK ``tickets.id`` ON DELETE
  CASCADE), and one column per field named like the field.
"""

from __future__ import annotations

import hashlib
import threading
import uuid

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.types import repository
from ticketwise.tickets.types.kinds import spec_for
from ticketwise.tickets.types.models import SchemaChange, TicketField, TicketType

# Key of the PostgreSQL advisory lock that serialises extension DDL across every process ("TWEXT").
SCHEMA_LOCK_KEY = 0x54_57_45_58_54
# PostgreSQL truncates longer identifiers, which could make two index names collide.
MAX_IDENTIFIER_LENGTH = 63

KEY_COLUMN = "ticket_id"


def _lock(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Held until the transaction ends, so the DDL and its SchemaChange row commit together. A lock,
        # not a query: it belongs to the DDL protocol here rather than in the repository.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


def _operations(session: Session) -> Operations:
    return Operations(MigrationContext.configure(session.connection()))


def _record(session: Session, table_name: str, operation: str, detail: str) -> None:
    session.add(
        SchemaChange(table_name=table_name, operation=operation, detail=detail[:200], token=uuid.uuid4().hex)
    )
    session.flush()


def _value_column(name: str, kind: str) -> sa.Column[object]:
    # Always nullable: rows of tickets created before the field existed simply have no value.
    return sa.Column(name, spec_for(kind).column_type(), nullable=True)


def index_name(table_name: str, column: str) -> str:
    """``ix_<table>_<column>``, shortened with a stable hash when it would pass 63 characters."""
    name = f"ix_{table_name}_{column}"
    if len(name) <= MAX_IDENTIFIER_LENGTH:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:10]
    return f"{name[: MAX_IDENTIFIER_LENGTH - 11]}_{digest}"


def ensure_table(session: Session, ticket_type: TicketType) -> sa.Table:
    """Create ``ext_<slug>`` if missing, then add every missing column and index of the type's fields.

    The fields are ``ticket_type.fields`` as held in memory (hidden ones included), so a type and its
    fields can be created in one go. Idempotent; returns the current table definition.
    """
    _lock(session)
    operations = _operations(session)
    inspector = sa.inspect(session.connection())
    name = ticket_type.table_name
    fields = list(ticket_type.fields)
    if inspector.has_table(name):
        existing = {column["name"] for column in inspector.get_columns(name)}
        indexes = {index["name"] for index in inspector.get_indexes(name)}
        for field in fields:
            if field.name not in existing:
                operations.add_column(name, _value_column(field.name, field.kind))
                _record(session, name, "add_column", f"{field.name} {field.kind}")
    else:
        operations.create_table(
            name,
            sa.Column(KEY_COLUMN, sa.Integer, nullable=False),
            *(_value_column(field.name, field.kind) for field in fields),
            sa.PrimaryKeyConstraint(KEY_COLUMN, name=f"pk_{name}"),
            sa.ForeignKeyConstraint(
                [KEY_COLUMN], ["tickets.id"], name=f"fk_{name}_ticket", ondelete="CASCADE"
            ),
        )
        indexes = set()
        _record(session, name, "create_table", ", ".join(f.name for f in fields) or KEY_COLUMN)
    for field in fields:
        if field.indexed and index_name(name, field.name) not in indexes:
            _create_index(session, operations, name, field)
    return extension_table(session, ticket_type)


def add_column(session: Session, ticket_type: TicketType, field: TicketField) -> None:
    """Add the field's column to the type's table (creating the table first if needed).

    A column that already exists is left alone, so retrying or unhiding a field is harmless.
    """
    _lock(session)
    inspector = sa.inspect(session.connection())
    name = ticket_type.table_name
    if not inspector.has_table(name):
        ensure_table(session, ticket_type)
        inspector = sa.inspect(session.connection())
    if field.name in {column["name"] for column in inspector.get_columns(name)}:
        return
    _operations(session).add_column(name, _value_column(field.name, field.kind))
    _record(session, name, "add_column", f"{field.name} {field.kind}")


def add_index(session: Session, ticket_type: TicketType, field: TicketField) -> None:
    """Index the field's column (for filters and look-ups); a no-op if the index exists.

    Raises ValidationFailed (field ``indexed``) for kinds whose values do not suit a B-tree index.
    """
    if not spec_for(field.kind).indexable:
        raise ValidationFailed(N_("Fields of this kind cannot be indexed."), field="indexed")
    _lock(session)
    name = ticket_type.table_name
    existing = {index["name"] for index in sa.inspect(session.connection()).get_indexes(name)}
    if index_name(name, field.name) not in existing:
        _create_index(session, _operations(session), name, field)


def _create_index(session: Session, operations: Operations, table_name: str, field: TicketField) -> None:
    operations.create_index(index_name(table_name, field.name), table_name, [field.name])
    _record(session, table_name, "add_index", field.name)


def schema_version(session: Session) -> tuple[int, str]:
    """``(id, token)`` of the newest schema change as this session sees it; ``(0, "")`` before any."""
    return repository.latest_schema_change(session) or (0, "")


class _TableCache:
    """``sa.Table`` objects of one schema version, shared by every thread of the process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: tuple[int, str] | None = None
        self.tables: dict[str, sa.Table] = {}

    def get(self, version: tuple[int, str], table_name: str) -> sa.Table | None:
        with self.lock:
            if self.version != version:
                self.version = version
                self.tables = {}
            return self.tables.get(table_name)

    def put(self, version: tuple[int, str], table: sa.Table) -> sa.Table:
        with self.lock:
            if self.version != version:
                # Another session moved the cache to a different version meanwhile; don't mix.
                return table
            return self.tables.setdefault(table.name, table)

    def clear(self) -> None:
        with self.lock:
            self.version = None
            self.tables = {}


_cache = _TableCache()


def extension_table(session: Session, ticket_type: TicketType) -> sa.Table:
    """The ``sa.Table`` of a type's extension table for the schema version this session sees.

    Built from the field definitions in the database (hidden fields included) and cached per version;
    costs one small query when cached. The table object is for DML only (it carries no foreign key).
    """
    version = schema_version(session)
    table = _cache.get(version, ticket_type.table_name)
    if table is not None:
        return table
    columns = repository.field_columns(session, ticket_type.id)
    table = sa.Table(
        ticket_type.table_name,
        sa.MetaData(),
        sa.Column(KEY_COLUMN, sa.Integer, primary_key=True),
        *(_value_column(name, kind) for name, kind in columns),
    )
    return _cache.put(version, table)


def reset_cache() -> None:
    """Forget every cached table (after a restore, or in tests acting as a freshly started process)."""
    _cache.clear()
