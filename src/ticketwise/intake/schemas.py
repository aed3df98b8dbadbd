"""Pydantic shapes of the intake domain's API answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.intake.pipeline import IntakeResult
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket


class InboundTicketOut(BaseModel):
    id: int
    number: str
    title: str
    status: Status

    @classmethod
    def of(cls, ticket: Ticket) -> InboundTicketOut:
        return cls(id=ticket.id, number=ticket.number, title=ticket.title, status=ticket.status)


class InboundEmailOut(BaseModel):
    """What the pipeline did with a posted message."""

    outcome: Outcome = Field(
        description="created: a new ticket; appended: a reply on an existing ticket; bounce / auto_reply: "
        "recorded, no ticket; duplicate: this Message-ID was received before (the first ticket is "
        "given); ignored: the sender is not allowed; quarantined: stored, but processing failed."
    )
    ticket: InboundTicketOut | None = Field(description="The ticket it created or joined, if any.")
    message_id: str | None = Field(description="The message's Message-ID header, if it had one.")
    reason: str | None = Field(description="Why it was quarantined, ignored, a duplicate or a record.")
    item_id: int = Field(description="The stored inbound item (see the quarantine in the admin pages).")

    @classmethod
    def of(cls, result: IntakeResult, ticket: Ticket | None) -> InboundEmailOut:
        return cls(
            outcome=result.outcome,
            ticket=InboundTicketOut.of(ticket) if ticket is not None else None,
            message_id=result.message_id,
            reason=result.reason,
            item_id=result.item_id,
        )


class InboundItemOut(BaseModel):
    """A stored inbound payload and what the pipeline decided (for the quarantine views)."""

    id: int
    channel: str
    source: str
    size: int
    sha256: str
    content_type: str
    message_id: str | None
    subject: str | None
    sender: str | None
    status: ItemStatus
    outcome: Outcome | None
    reason: str | None
    ticket_id: int | None
    attempts: int
    decisions: list[dict[str, Any]]
    received_at: datetime
    processed_at: datetime | None
    discarded_at: datetime | None
    discard_reason: str | None

    @classmethod
    def of(cls, item: InboundItem) -> InboundItemOut:
        return cls.model_validate(item, from_attributes=True)
