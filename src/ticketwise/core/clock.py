"""The one source of the current time (DESIGN §3.4).

Every stored time is timezone-aware UTC. Tests move time with ``time_machine``, which patches the
functions used here, so nothing else in the code base calls ``datetime.now()`` directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()


def ensure_utc(value: datetime) -> datetime:
    """Interpret a naive datetime as UTC (SQLite returns naive values) and convert aware ones to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
