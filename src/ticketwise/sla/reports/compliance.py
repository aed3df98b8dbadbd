"""Compliance (met vs breached) by a grouping, and durations in business hours (see the package doc).

Counts are SQL aggregates grouped by the key (and by day for the period grouping, rolled up into weeks
or months here); only the median and p90 load values: the business seconds of the fulfilled timers in
the filtered range.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.i18n import N_, gettext
from ticketwise.sla.models import SlaTimer, TimerStatus
from ticketwise.sla.reports.filters import FAMILIES, ReportFilter, local_day, selected
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import Team, User

GROUPINGS = ("priority", "type", "team", "agent", "period")
PERIODS = ("day", "week", "month")
NO_TEAM = N_("No team")
UNASSIGNED = N_("Unassigned")


@dataclass(frozen=True)
class Tally:
    """Met and breached timers; ``percent`` is met / (met + breached), ``None`` with nothing decided."""

    met: int = 0
    breached: int = 0

    @property
    def total(self) -> int:
        return self.met + self.breached

    @property
    def percent(self) -> float | None:
        return round(100 * self.met / self.total, 1) if self.total else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.met + other.met, self.breached + other.breached)


@dataclass(frozen=True)
class ComplianceRow:
    """One line of the compliance table: ``key`` is stable (priority, id, ISO date), ``label`` shown."""

    key: str
    label: str
    response: Tally = field(default_factory=Tally)
    resolution: Tally = field(default_factory=Tally)


@dataclass(frozen=True)
class DurationStats:
    """Business hours from start to fulfilment of the fulfilled timers of one family."""

    family: str
    count: int
    mean_hours: float | None
    median_hours: float | None
    p90_hours: float | None


def _met_breached() -> tuple[sa.ColumnElement[int], sa.ColumnElement[int]]:
    met = sa.func.sum(
        sa.case(
            (sa.and_(SlaTimer.status == TimerStatus.FULFILLED, SlaTimer.breached_at.is_(None)), 1), else_=0
        )
    )
    breached = sa.func.sum(sa.case((SlaTimer.breached_at.is_not(None), 1), else_=0))
    return met, breached


def _family_expr() -> sa.ColumnElement[str]:
    return sa.case(
        *((SlaTimer.clock.in_(clocks), sa.literal(name)) for name, clocks in FAMILIES.items()),
        else_=sa.literal("other"),
    )


def _counts(
    session: Session, filters: ReportFilter, key: sa.ColumnElement | None
) -> dict[tuple[object, str], Tally]:
    """``{(key value, family): Tally}`` in one grouped query (key ``None``: everything together)."""
    met, breached = _met_breached()
    # Grouping by the labels (not by the expressions again): PostgreSQL cannot tell that two copies of
    # an expression with bound parameters are the same.
    family = _family_expr().label("family")
    columns: list[sa.ColumnElement] = [family, met, breached]
    groups: list[sa.ColumnElement] = [family]
    if key is not None:
        labelled = key.label("key")
        columns.insert(0, labelled)
        groups.insert(0, labelled)
    every_clock = tuple(clock for clocks in FAMILIES.values() for clock in clocks)
    query = (
        sa.select(*columns)
        .select_from(SlaTimer)
        .join(Ticket, Ticket.id == SlaTimer.ticket_id)
        .where(*selected(filters, every_clock))
        .group_by(*groups)
    )
    found: dict[tuple[object, str], Tally] = {}
    for row in session.execute(query):
        value = row[0] if key is not None else None
        fam, m, b = row[-3], row[-2], row[-1]
        found[(value, fam)] = Tally(int(m or 0), int(b or 0))
    return found


def totals(session: Session, filters: ReportFilter) -> ComplianceRow:
    """Compliance over the whole filtered range."""
    counts = _counts(session, filters, None)
    return ComplianceRow(
        key="all",
        label=gettext(N_("All")),
        response=counts.get((None, "response"), Tally()),
        resolution=counts.get((None, "resolution"), Tally()),
    )


def compliance(
    session: Session, filters: ReportFilter, group_by: str = "priority", period: str = "week"
) -> list[ComplianceRow]:
    """Compliance rows for ``group_by`` (one of :data:`GROUPINGS`); ``period`` (one of
    :data:`PERIODS`) applies to the period grouping, whose rows are in time order and include empty
    periods. Other groupings list only keys that have timers (every priority is listed). Raises
    ``ValueError`` for an unknown grouping or period (callers validate user input first)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    if group_by == "period":
        return _by_period(session, filters, period)
    key = {
        "priority": Ticket.priority,
        "type": Ticket.type_id,
        "team": Ticket.team_id,
        "agent": Ticket.assignee_id,
    }[group_by]
    counts = _counts(session, filters, key)
    keys = {value for value, _family in counts}
    if group_by == "priority":
        ordered = [(p, p.value) for p in Priority]
        labels = {p: p.value for p in Priority}
    else:
        labels = _labels(session, group_by, keys)
        ordered = sorted(((k, labels[k]) for k in keys), key=lambda item: (item[0] is None, item[1]))
    return [
        ComplianceRow(
            key="" if value is None else str(getattr(value, "value", value)),
            label=label,
            response=counts.get((value, "response"), Tally()),
            resolution=counts.get((value, "resolution"), Tally()),
        )
        for value, label in ordered
    ]


def _labels(session: Session, group_by: str, keys: set[object]) -> dict[object, str]:
    ids = [k for k in keys if k is not None]
    labels: dict[object, str] = {}
    if group_by == "type":
        for row in session.scalars(sa.select(TicketType).where(TicketType.id.in_(ids))):
            labels[row.id] = row.name
    elif group_by == "team":
        labels.update(session.execute(sa.select(Team.id, Team.name).where(Team.id.in_(ids))).all())
        labels[None] = gettext(NO_TEAM)
    else:
        labels.update(session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())
        labels[None] = gettext(UNASSIGNED)
    for k in ids:
        labels.setdefault(k, f"#{k}")
    return labels


def period_start(day: date, period: str) -> date:
    """The first day of the day's ``period``: itself, the Monday of its week, the 1st of its month."""
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def period_label(first: date, period: str) -> str:
    if period == "week":
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{first:%Y-%m}"
    return first.isoformat()


def _by_period(session: Session, filters: ReportFilter, period: str) -> list[ComplianceRow]:
    day = local_day(session, SlaTimer.started_at, filters)
    counts = _counts(session, filters, day)
    response: dict[date, Tally] = defaultdict(Tally)
    resolution: dict[date, Tally] = defaultdict(Tally)
    for (value, family), tally in counts.items():
        first = period_start(value if isinstance(value, date) else date.fromisoformat(str(value)), period)
        target = response if family == "response" else resolution
        target[first] = target[first] + tally
    zone = filters.zone
    first = period_start(filters.start.astimezone(zone).date(), period)
    last = filters.end.astimezone(zone).date()
    if filters.end.astimezone(zone).time() == time(0):
        last -= timedelta(days=1)  # the range ends at local midnight: that day is not in it
    rows = []
    while first <= last:
        rows.append(
            ComplianceRow(
                key=first.isoformat(),
                label=period_label(first, period),
                response=response.get(first, Tally()),
                resolution=resolution.get(first, Tally()),
            )
        )
        first = period_start(_next_period(first, period), period)
    return rows


def _next_period(first: date, period: str) -> date:
    if period == "month":
        return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first + timedelta(days=7 if period == "week" else 1)


def durations(session: Session, filters: ReportFilter) -> list[DurationStats]:
    """Mean (SQL), median and p90 (from the loaded durations of the range) per family, in hours."""
    stats = []
    for family, clocks in FAMILIES.items():
        conditions = [
            *selected(filters, clocks),
            SlaTimer.status == TimerStatus.FULFILLED,
            SlaTimer.elapsed_business_seconds.is_not(None),
        ]
        base = sa.select(SlaTimer.elapsed_business_seconds).join(Ticket, Ticket.id == SlaTimer.ticket_id)
        count, mean = session.execute(
            sa.select(sa.func.count(), sa.func.avg(SlaTimer.elapsed_business_seconds))
            .select_from(SlaTimer)
            .join(Ticket, Ticket.id == SlaTimer.ticket_id)
            .where(*conditions)
        ).one()
        if not count:
            stats.append(DurationStats(family, 0, None, None, None))
            continue
        values = sorted(int(v) for v in session.scalars(base.where(*conditions)))
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
        stats.append(
            DurationStats(
                family=family,
                count=int(count),
                mean_hours=round(float(mean) / 3600, 2),
                median_hours=round(median / 3600, 2),
                p90_hours=round(p90 / 3600, 2),
            )
        )
    return stats
