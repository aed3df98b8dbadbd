"""Ticket numbers ``TW-YYYYMMDD-NNNN``: the day in the site's time zone plus a per-day sequence.

The sequence lives in ``ticket_counters`` and is advanced by one atomic upsert
(``INSERT ... ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last``), so concurrent
creations on SQLite and PostgreSQL never read the same value and never need a retry. The counter row
is locked until the creating transaction ends, which serialises creations per day; that is the price
of gap-free, readable numbers. ``NNNN`` is zero-padded to four digits and simply grows past 9999.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ticketwise.tickets.models import TicketCounter

SITE_TIMEZONE = ZoneInfo("Asia/Shanghai")
PREFIX = "TW"


def number_day(when: datetime) -> str:
    """``YYYYMMDD`` of ``when`` (timezone-aware) in the site's time zone."""
    if when.tzinfo is None:
        raise ValueError("naive datetime; use ticketwise.core.clock")
    return when.astimezone(SITE_TIMEZONE).strftime("%Y%m%d")


def next_number(session: Session, when: datetime) -> str:
    """Allocate the next number of the day containing ``when``; unique across concurrent transactions."""
    day = number_day(when)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counters = TicketCounter.__table__
    statement = (
        insert(counters)
        .values(day=day, last=1)
        .on_conflict_do_update(index_elements=[counters.c.day], set_={"last": counters.c.last + 1})
        .returning(counters.c.last)
    )
    sequence = session.execute(statement).scalar_one()
    return f"{PREFIX}-{day}-{sequence:04d}"
