"""Read models of SLA clocks for screens and the API: countdowns and the policy preview (DESIGN §6).

Both compute from the ticket's history at the moment asked, so they are exact to the second even
when the monitor has not run since the last change. Neither writes (the default policy aside, which
is created on first use).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.sla.apply import calendar_for, states_for
from ticketwise.sla.calendar import add_business_time, is_business_time
from ticketwise.sla.models import Clock, TimerStatus
from ticketwise.sla.policies import TicketFacts, applied_policy, match_policy
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.models import Ticket


@dataclass(frozen=True)
class ClockView:
    """One clock cycle as a countdown. ``remaining_seconds`` is 0 once breached; the overage is then
    ``elapsed_seconds - target_seconds``. ``paused`` is true while a pause rule holds the clock;
    ``in_business_hours`` false when the calendar is closed at ``at`` (the countdown is not moving)."""

    clock: Clock
    cycle: int
    status: TimerStatus
    started_at: datetime
    due_at: datetime
    fulfilled_at: datetime | None
    breached_at: datetime | None
    elapsed_seconds: int
    remaining_seconds: int
    target_seconds: int
    paused: bool
    in_business_hours: bool
    policy_id: int
    policy_name: str

    @property
    def overage_seconds(self) -> int:
        return max(0, self.elapsed_seconds - self.target_seconds)


def clock_views(session: Session, ticket: Ticket, at: datetime) -> list[ClockView]:
    """Every clock cycle of ``ticket`` at ``at`` except cancelled ones (clocks that stopped unmet
    because the ticket was closed or cancelled, or that the policy no longer has)."""
    policy = applied_policy(session, ticket)
    calendar, states = states_for(session, ticket, policy, at)
    open_now = is_business_time(at, calendar)
    return [
        ClockView(
            clock=state.clock,
            cycle=state.cycle,
            status=state.status,
            started_at=state.started_at,
            due_at=state.due_at,
            fulfilled_at=state.fulfilled_at,
            breached_at=state.breached_at,
            elapsed_seconds=state.elapsed_seconds,
            remaining_seconds=state.remaining_seconds,
            target_seconds=state.target_seconds,
            paused=bool(state.paused) and state.paused[-1][1] is None and state.is_live,
            in_business_hours=open_now,
            policy_id=policy.id,
            policy_name=policy.name,
        )
        for state in states
        if state.status is not TimerStatus.CANCELLED
    ]


def ticket_clocks(session: Session, ticket_id: int, at: datetime) -> list[ClockView]:
    """:func:`clock_views` of the ticket with ``ticket_id``. The caller has checked access (this reads
    any ticket). Raises NotFound when there is no such ticket."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(N_("This ticket does not exist or you cannot see it."))
    return clock_views(session, ticket, at)


def preview_due(
    session: Session,
    *,
    type_id: int,
    priority: Priority | str,
    channel: Channel | str = Channel.PORTAL,
    organization_id: int | None = None,
    category_id: int | None = None,
    at: datetime,
) -> dict[Clock, datetime]:
    """When each clock of a ticket with these attributes created at ``at`` would be due (no pauses),
    for the clocks its matching policy has a target for. ``next_response`` and ``periodic_update``
    are shown as if their cycle started at ``at``."""
    facts = TicketFacts(
        type_id=type_id,
        category_id=category_id,
        organization_id=organization_id,
        channel=Channel(channel).value,
        priority=Priority(priority).value,
    )
    policy = match_policy(session, facts)
    calendar = calendar_for(policy, at.year)
    result: dict[Clock, datetime] = {}
    for clock in Clock:
        minutes = (policy.targets.get(clock.value) or {}).get(facts.priority)
        if minutes:
            result[clock] = add_business_time(at, timedelta(minutes=int(minutes)), calendar)
    return result
