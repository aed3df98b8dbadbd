"""What the AI does when a ticket arrives (DESIGN §7): triage, then priority, then assignment.

Intake's completion step calls :func:`process_new_ticket` once per new ticket, whatever its channel,
after the language and the type's fields are filled. The order matters: priority reads the urgency
and type that triage settled, and assignment the type, category and team. Each step runs in a
savepoint of its own: one that fails is logged and rolled back alone, and the ticket keeps what the
steps before it decided. Every step records its decisions (contract §3.8); this module decides
nothing itself. Like completion, arrival finishes the creation: it is not activity on the ticket, so
``updated_at`` keeps the creation's value (each change is still audited with its own time).
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.assignment.service import assign_new_ticket
from ticketwise.ai.models import AiDecision
from ticketwise.ai.priority.service import prioritise
from ticketwise.ai.triage.service import triage_new_ticket
from ticketwise.tickets.models import Ticket

log = structlog.get_logger(__name__)


def _as_list(result: AiDecision | list[AiDecision] | None) -> list[AiDecision]:
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


STEPS: tuple[tuple[str, Callable[[Session, Ticket], AiDecision | list[AiDecision] | None]], ...] = (
    ("triage", triage_new_ticket),
    ("priority", prioritise),
    ("assignment", assign_new_ticket),
)


def process_new_ticket(session: Session, ticket: Ticket) -> list[AiDecision]:
    """Every decision the steps recorded for ``ticket``, in step order. Flushes, never commits."""
    decisions: list[AiDecision] = []
    created_state = ticket.updated_at
    for name, step in STEPS:
        if not ticket.is_open:
            break  # merged or closed meanwhile: nothing left to route
        try:
            with session.begin_nested():
                decisions.extend(_as_list(step(session, ticket)))
        except Exception:  # noqa: BLE001 - a failing step must not cost the ticket the others
            log.exception("ai_arrival_step_failed", step=name, ticket_id=ticket.id)
            session.refresh(ticket)
    if ticket.updated_at != created_state:
        ticket.updated_at = created_state
        session.flush()
    return decisions
