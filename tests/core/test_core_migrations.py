"""The Alembic chain builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ticketwise.migrations.filters import include_object
from ticketwise.models import metadata


def test_migrations_match_the_models(migrated_database):
    with migrated_database.write_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, metadata)
    assert differences == [], "models and migrations differ: generate a new revision (docs/operations.md)"
