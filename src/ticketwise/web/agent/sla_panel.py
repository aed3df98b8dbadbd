"""The ticket page's SLA panel: ``GET /agent/tickets/{id}/panels/sla`` (loaded by htmx into ``#panel-sla``).

Every clock cycle of the ticket with its countdown, status, start, deadline, business time used and
left, the policy that applies, and the SLA event log. The ticket is read through the tickets access
gate; the clocks and events through the sla domain's read functions, as of now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ticketwise.core.clock import now
from ticketwise.core.i18n import N_, gettext
from ticketwise.sla import repository as sla_repository
from ticketwise.sla.clocks import ClockView, ticket_clocks
from ticketwise.sla.models import Clock, SlaEvent, SlaEventKind
from ticketwise.tickets import access as ticket_access
from ticketwise.web.agent.sla_countdown import Countdown, duration_labels, for_clock, short_duration
from ticketwise.web.deps import DbSession, StaffUser
from ticketwise.web.templating import render

router = APIRouter()

STATUS_LABELS = {
    "running": N_("Running"),
    "paused": N_("Paused"),
    "fulfilled": N_("Met"),
    "breached": N_("Breached"),
    "cancelled": N_("Stopped"),
}
EVENT_TEXTS = {
    SlaEventKind.STARTED: N_("%(clock)s clock started"),
    SlaEventKind.PAUSED: N_("%(clock)s clock paused"),
    SlaEventKind.RESUMED: N_("%(clock)s clock resumed"),
    SlaEventKind.WARNED: N_("Warning for %(clock)s"),
    SlaEventKind.BREACHED: N_("%(clock)s deadline breached"),
    SlaEventKind.FULFILLED: N_("%(clock)s target met"),
    SlaEventKind.POLICY_APPLIED: N_("Policy %(policy)s applied"),
    SlaEventKind.ESCALATED: N_("Escalated (%(clock)s)"),
}


@dataclass(frozen=True)
class ClockRow:
    """One clock cycle as the panel shows it."""

    name: str
    label: str
    cycle: int
    show_cycle: bool
    status: str
    status_label: str
    countdown: Countdown
    outside_hours: bool
    started_at: datetime
    due_at: datetime | None
    fulfilled_at: datetime | None
    breached_at: datetime | None
    elapsed_text: str
    target_text: str
    remaining_text: str


@dataclass(frozen=True)
class EventRow:
    kind: str
    text: str
    at: datetime


def _clock_label(name: str) -> str:
    try:
        return gettext(Clock(name).label)
    except ValueError:
        return name


def clock_row(view: ClockView) -> ClockRow:
    """A clock cycle of the sla domain as a panel row. Its ``remaining_seconds`` is never negative;
    past the deadline the countdown shows the overage (business time used beyond the target)."""
    name = view.clock.value
    status = view.status.value
    elapsed = int(view.elapsed_seconds)
    target = int(view.target_seconds)
    remaining = int(view.remaining_seconds)
    if status == "breached" or (remaining <= 0 and status in ("running", "paused")):
        remaining = -view.overage_seconds
    in_hours = bool(view.in_business_hours)
    countdown = for_clock(
        status=status,
        elapsed_seconds=elapsed,
        remaining_seconds=remaining,
        paused=view.paused,
        in_business_hours=in_hours,
        due_at=view.due_at,
    )
    live = status in ("running", "paused", "breached")
    return ClockRow(
        name=name,
        label=_clock_label(name),
        cycle=int(view.cycle),
        show_cycle=name == Clock.NEXT_RESPONSE.value or int(view.cycle) > 1,
        status=status,
        status_label=gettext(STATUS_LABELS.get(status, status)),
        countdown=countdown,
        outside_hours=live and not view.paused and not in_hours,
        started_at=view.started_at,
        due_at=view.due_at,
        fulfilled_at=view.fulfilled_at,
        breached_at=view.breached_at,
        elapsed_text=short_duration(elapsed),
        target_text=short_duration(target),
        remaining_text=short_duration(max(0, remaining)) if live and remaining > 0 else "",
    )


def event_row(event: SlaEvent) -> EventRow:
    """An ``SlaEvent`` as one line of the log (its data names the clock and, for a policy, the name)."""
    kind = SlaEventKind(event.kind)
    data = event.data or {}
    clock = str(data.get("clock") or "")
    policy = str(data.get("policy_name") or data.get("policy") or "")
    text = gettext(EVENT_TEXTS[kind]) % {"clock": _clock_label(clock) if clock else "", "policy": policy}
    return EventRow(kind=kind.value, text=text.strip(), at=event.at)


@router.get("/agent/tickets/{ticket_id}/panels/sla", response_class=HTMLResponse)
def sla_panel(request: Request, session: DbSession, user: StaffUser, ticket_id: int) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    views = ticket_clocks(session, ticket.id, now())
    rows = [clock_row(view) for view in views]
    events = [event_row(event) for event in sla_repository.events_of(session, ticket.id)]
    policy_name = views[0].policy_name if views else ""
    return render(
        request,
        "agent/sla_panel.html",
        {
            "ticket": ticket,
            "clocks": rows,
            "events": events,
            "policy_name": policy_name,
            "sla_labels": duration_labels(),
        },
    )
