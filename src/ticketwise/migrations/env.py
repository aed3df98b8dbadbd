"""Alembic environment: one migration chain for SQLite and PostgreSQL.

Extension tables (``ext_<slug>``) are created at runtime by the schema manager and are invisible to
autogenerate, which would otherwise propose dropping them.
"""

from __future__ import annotations

from alembic import context

from ticketwise.core.db import get_db
from ticketwise.migrations.filters import include_object
from ticketwise.models import metadata


def run_migrations_online() -> None:
    connectable = context.config.attributes.get("connection")
    if connectable is None:
        with get_db().write_engine.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        # SQLite cannot ALTER most things in place; batch mode recreates the table safely.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
