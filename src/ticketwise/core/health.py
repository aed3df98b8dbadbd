"""Health checks used by /healthz and ``ticketwise`` commands."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.core.db import get_db


def database_ok() -> tuple[bool, str]:
    """(True, dialect) when a ``SELECT 1`` round trip succeeds, else (False, the error class)."""
    try:
        with get_db().read_engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True, get_db().dialect
    except Exception as exc:  # noqa: BLE001 - health reports the failure instead of raising it
        return False, type(exc).__name__
