"""Why a queue row's SLA countdown stands still: a pause rule, or the calendar being closed now.

The queue reads only the tickets' summary columns (``sla_due_at``, ``sla_breached``,
``sla_policy_id``), never their history, so the marks come from the applied policies alone: one
query for the page's policies, and one calendar check per policy rather than per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ticketwise.sla import repository
from ticketwise.sla.apply import calendar_for
from ticketwise.sla.calendar import is_business_time
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket


@dataclass(frozen=True)
class QueueMark:
    """``paused``: the ticket's status pauses at least one of its clocks under its policy (resolved
    always does). ``after_hours``: the policy's calendar is closed at the moment asked."""

    paused: bool
    after_hours: bool


def queue_marks(session: Session, tickets: Sequence[Ticket], at: datetime) -> dict[int, QueueMark]:
    """Marks of the open tickets among ``tickets`` that have a policy applied (others: no entry)."""
    policy_ids = {t.sla_policy_id for t in tickets if t.sla_policy_id is not None and t.is_open}
    if not policy_ids:
        return {}
    policies = repository.policies_by_id(session, policy_ids)
    open_now = {pid: is_business_time(at, calendar_for(policy, at.year)) for pid, policy in policies.items()}
    marks = {}
    for ticket in tickets:
        policy = policies.get(ticket.sla_policy_id) if ticket.is_open else None
        if policy is None:
            continue
        pausing = ticket.status is Status.RESOLVED or bool(
            (policy.pause_rules or {}).get(ticket.status.value)
        )
        marks[ticket.id] = QueueMark(paused=pausing, after_hours=not open_now[policy.id])
    return marks
