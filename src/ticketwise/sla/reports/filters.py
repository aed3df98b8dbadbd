"""What an SLA report covers: the range, the filters, and the timers they select (see the package doc)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.sla.models import Clock, SlaTimer
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.models import Ticket

# The clocks each report column adds up.
FAMILIES: dict[str, tuple[Clock, ...]] = {
    "response": (Clock.FIRST_RESPONSE, Clock.NEXT_RESPONSE),
    "resolution": (Clock.RESOLUTION,),
}
MAX_RANGE = timedelta(days=366 * 3)


@dataclass(frozen=True)
class ReportFilter:
    """A report range ``[start, end)`` (aware datetimes) and optional filters on the ticket.

    ``timezone`` (IANA) is where days, weeks and months begin for the period grouping. Raises
    ``ValidationFailed`` (field ``start``, ``end``, ``priority`` or ``timezone``) for a naive or empty
    range, a range over three years, an unknown priority or an unknown zone.
    """

    start: datetime
    end: datetime
    priority: str | None = None
    type_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValidationFailed(N_("Enter a date and time with a time zone."), field=name)
            object.__setattr__(self, name, value.astimezone(UTC))
        if self.end <= self.start:
            raise ValidationFailed(N_("The end of the period must be after its start."), field="end")
        if self.end - self.start > MAX_RANGE:
            raise ValidationFailed(N_("A report may cover at most three years."), field="end")
        if self.priority is not None and self.priority not in {p.value for p in Priority}:
            raise ValidationFailed(N_("Choose one of the priorities P0 to P3."), field="priority")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationFailed(N_("Unknown time zone."), field="timezone") from exc

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def selected(filters: ReportFilter, clocks: tuple[Clock, ...]) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions for the timers of ``clocks`` that the report covers, for a query joining
    ``SlaTimer`` to ``Ticket``."""
    conditions: list[sa.ColumnElement[bool]] = [
        SlaTimer.started_at >= filters.start,
        SlaTimer.started_at < filters.end,
        SlaTimer.clock.in_(clocks),
    ]
    if filters.priority:
        conditions.append(Ticket.priority == Priority(filters.priority))
    if filters.type_id is not None:
        conditions.append(Ticket.type_id == filters.type_id)
    if filters.team_id is not None:
        conditions.append(Ticket.team_id == filters.team_id)
    if filters.assignee_id is not None:
        conditions.append(Ticket.assignee_id == filters.assignee_id)
    return conditions


def offset_segments(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime | None, int]]:
    """``[(until, offset_minutes), ...]``: the zone's UTC offset in ``[start, end)``, one entry per
    stretch without a change; the last ``until`` is ``None``. Transitions are found to the minute (no
    zone changes offset at a finer grain)."""

    def minutes(moment: datetime) -> int:
        offset = moment.astimezone(zone).utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)

    start, end = start.astimezone(UTC), end.astimezone(UTC)  # step in real time, not wall time
    segments: list[tuple[datetime | None, int]] = []
    current = minutes(start)
    probe = start
    step = timedelta(hours=1)
    while probe < end:
        following = min(probe + step, end)
        if minutes(following) != current:
            low, high = probe, following  # the change happens in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if minutes(middle) == current:
                    low = middle
                else:
                    high = middle
            segments.append((high, current))
            current = minutes(high)
        probe = following
    segments.append((None, current))
    return segments


def local_day(
    session: Session, column: sa.ColumnElement[datetime], filters: ReportFilter
) -> sa.ColumnElement:
    """SQL for the local calendar date of ``column`` in the report's zone, on SQLite and PostgreSQL.

    The offset is a CASE over the zone's offset changes inside the range, so days split exactly at
    local midnight on both databases (SQLite returns ``YYYY-MM-DD`` text, PostgreSQL a date).
    """
    segments = offset_segments(filters.zone, filters.start, filters.end)
    postgres = session.get_bind().dialect.name == "postgresql"

    def shifted(offset: int) -> sa.ColumnElement:
        if postgres:
            return sa.literal(offset, sa.Integer)
        return sa.literal(f"{offset:+d} minutes", sa.String)

    whens = [(column < until, shifted(offset)) for until, offset in segments if until is not None]
    last = shifted(segments[-1][1])
    offset_expr = sa.case(*whens, else_=last) if whens else last
    if postgres:
        naive_utc = sa.func.timezone("UTC", column)
        return sa.cast(naive_utc + offset_expr * sa.literal_column("interval '1 minute'"), sa.Date)
    return sa.func.date(column, offset_expr)
