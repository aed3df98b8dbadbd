"""What the pipeline answers, and the trail of decisions it keeps while it works."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.intake.models import Outcome
from ticketwise.tickets import audit
from ticketwise.tickets.models import Ticket


@dataclass(frozen=True)
class IntakeResult:
    """The pipeline's answer for one payload. ``message_id`` is the Message-ID header (angle
    brackets kept); ``message_row_id`` the TicketMessage it became; ``reason`` explains
    ``quarantined``, ``ignored``, ``duplicate`` and the records without a ticket."""

    outcome: Outcome
    item_id: int
    ticket_id: int | None = None
    ticket_number: str | None = None
    message_row_id: int | None = None
    message_id: str | None = None
    reason: str | None = None


@dataclass
class Trail:
    """Decisions of one run, in order: each is ``{"step": ..., "decision": ..., **details}``.

    They are kept on the inbound item for diagnosis, and written to the ticket's audit trail (one
    ``intake.<step>`` event each, actor system) once the ticket is known.
    """

    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, step: str, decision: str, **details: Any) -> None:
        self.entries.append({"step": step, "decision": decision, **details})

    def write_to(self, session: Session, ticket: Ticket, item_id: int) -> None:
        for entry in self.entries:
            data = {key: value for key, value in entry.items() if key != "step"}
            audit.record(
                session, ticket, action=f"intake.{entry['step']}"[:40], data={**data, "item_id": item_id}
            )
