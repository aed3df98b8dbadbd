"""The breach list: which clock, how late, under which policy, and who was assigned at the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.sla.clocks import clock_views
from ticketwise.sla.models import Clock, SlaPolicy, SlaTimer, TimerStatus
from ticketwise.sla.reports.filters import FAMILIES, ReportFilter, selected
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.users.models import User

MAX_ROWS = 1000


@dataclass(frozen=True)
class BreachRow:
    """One breached clock cycle. ``late_seconds`` is business time past the target: at fulfilment or
    stop, or (for a clock still overdue) as of the report's ``at``. ``open`` says it is still overdue."""

    ticket_id: int
    ticket_number: str
    ticket_title: str
    priority: str
    clock: Clock
    cycle: int
    started_at: datetime
    due_at: datetime | None
    breached_at: datetime
    fulfilled_at: datetime | None
    late_seconds: int
    open: bool
    policy_name: str
    assignee_id: int | None
    assignee_name: str


def breaches(session: Session, filters: ReportFilter, at: datetime, limit: int = 200) -> list[BreachRow]:
    """Breached cycles of the range, latest breach first, at most ``limit`` (capped at
    :data:`MAX_ROWS`). ``at`` is the moment open breaches are measured to (the caller passes now)."""
    every_clock = tuple(clock for clocks in FAMILIES.values() for clock in clocks)
    rows = session.execute(
        sa.select(SlaTimer, Ticket.number, Ticket.title, Ticket.priority, Ticket.assignee_id, SlaPolicy.name)
        .join(Ticket, Ticket.id == SlaTimer.ticket_id)
        .outerjoin(SlaPolicy, SlaPolicy.id == SlaTimer.policy_id)
        .where(*selected(filters, every_clock), SlaTimer.breached_at.is_not(None))
        .order_by(SlaTimer.breached_at.desc(), SlaTimer.id.desc())
        .limit(max(1, min(limit, MAX_ROWS)))
    ).all()
    if not rows:
        return []
    ticket_ids = {timer.ticket_id for timer, *_rest in rows}
    history = _assignee_history(session, ticket_ids)
    live_overage = _live_overage(
        session, [timer for timer, *_rest in rows if timer.elapsed_business_seconds is None], at
    )
    found: list[tuple[SlaTimer, str, str, str, int | None, str]] = []
    assignee_ids: set[int] = set()
    for timer, number, title, priority, current_assignee, policy_name in rows:
        who = _assignee_at(history.get(timer.ticket_id, []), timer.breached_at, current_assignee)
        if who is not None:
            assignee_ids.add(who)
        found.append(
            (timer, number, title, getattr(priority, "value", str(priority)), who, policy_name or "")
        )
    names = dict(session.execute(sa.select(User.id, User.name).where(User.id.in_(assignee_ids))).all())
    result = []
    for timer, number, title, priority, who, policy_name in found:
        if timer.elapsed_business_seconds is not None:
            late = max(0, timer.elapsed_business_seconds - timer.target_minutes * 60)
        else:
            late = live_overage.get(timer.id, 0)
        result.append(
            BreachRow(
                ticket_id=timer.ticket_id,
                ticket_number=number,
                ticket_title=title,
                priority=priority,
                clock=Clock(timer.clock),
                cycle=timer.cycle,
                started_at=timer.started_at,
                due_at=timer.due_at,
                breached_at=timer.breached_at,
                fulfilled_at=timer.fulfilled_at,
                late_seconds=int(late),
                open=timer.status is TimerStatus.BREACHED and timer.elapsed_business_seconds is None,
                policy_name=policy_name,
                assignee_id=who,
                assignee_name=names.get(who, "") if who is not None else "",
            )
        )
    return result


def _assignee_history(
    session: Session, ticket_ids: set[int]
) -> dict[int, list[tuple[datetime, str | None, str | None]]]:
    """Each ticket's assignee changes ``(at, old, new)`` in order, from the audit trail."""
    history: dict[int, list[tuple[datetime, str | None, str | None]]] = {}
    query = (
        sa.select(TicketEvent.ticket_id, TicketEvent.created_at, TicketEvent.old_value, TicketEvent.new_value)
        .where(TicketEvent.ticket_id.in_(ticket_ids), TicketEvent.field == "assignee_id")
        .order_by(TicketEvent.ticket_id, TicketEvent.created_at, TicketEvent.id)
    )
    for ticket_id, at, old, new in session.execute(query):
        history.setdefault(ticket_id, []).append((at, old, new))
    return history


def _assignee_at(
    changes: list[tuple[datetime, str | None, str | None]], moment: datetime, current: int | None
) -> int | None:
    """The assignee at ``moment``: the last change at or before it, else the value the first later
    change replaced, else (never changed) the current one."""
    before = [new for at, _old, new in changes if at <= moment]
    if before:
        return _as_id(before[-1])
    after = [old for at, old, _new in changes if at > moment]
    if after:
        return _as_id(after[0])
    return current


def _as_id(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _live_overage(session: Session, timers: list[SlaTimer], at: datetime) -> dict[int, int]:
    """Business seconds past the target of clocks still overdue, computed by the clocks read model
    (one replay per ticket, so the list stays bounded by ``limit``)."""
    overage: dict[int, int] = {}
    by_ticket: dict[int, list[SlaTimer]] = {}
    for timer in timers:
        by_ticket.setdefault(timer.ticket_id, []).append(timer)
    for ticket_id, wanted in by_ticket.items():
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            continue
        views = {(view.clock, view.cycle): view for view in clock_views(session, ticket, at)}
        for timer in wanted:
            view = views.get((Clock(timer.clock), timer.cycle))
            if view is not None:
                overage[timer.id] = view.overage_seconds
    return overage
