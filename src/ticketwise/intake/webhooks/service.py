"""What one stored webhook delivery does to the tickets: create, update, append, or nothing.

Idempotent on (source, external reference): the first delivery of a reference creates the ticket and
a :class:`WebhookRef` row (unique per pair; a concurrent first delivery fails on it and is processed
again as a repeat); a repeat updates the mapped fields that changed (audited by
:func:`tickets.service.update_ticket`) and adds a mapped ``comment`` as a message unless the ticket
already has that text. Without an external reference path every delivery creates a ticket.

Services flush; :mod:`.receive` owns the transactions. Every refusal is a ValidationFailed or
Conflict whose message becomes the quarantine reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.intake.webhooks import repository
from ticketwise.intake.webhooks.mapping import MappedEvent, apply_mapping
from ticketwise.intake.webhooks.models import WebhookDelivery, WebhookRef, WebhookSource
from ticketwise.tickets import audit, messages
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets import service as tickets_service
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketCreate, TicketPatch
from ticketwise.tickets.types import registry
from ticketwise.tickets.types import repository as types_repository
from ticketwise.tickets.types.models import TicketType
from ticketwise.users import contacts
from ticketwise.users.models import Contact

CREATED, UPDATED, APPENDED, UNCHANGED, QUARANTINED = (
    "created",
    "updated",
    "appended",
    "unchanged",
    "quarantined",
)
MAX_MERGE_HOPS = 10


@dataclass(frozen=True)
class Processed:
    outcome: str
    ticket: Ticket


def parse_payload(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ValidationFailed(N_("The body is not valid JSON."), field="body") from None


def _category_id(ticket_type: TicketType, value: str | int | None) -> int | None:
    if value is None:
        return None
    for category in ticket_type.categories:
        if category.is_active and (category.key == str(value) or str(category.id) == str(value)):
            return category.id
    raise ValidationFailed(
        N_("The payload's category %(value)s is not a category of this ticket type."),
        field="category",
        value=value,
    )


def _requester(session: Session, mapped: MappedEvent) -> Contact:
    try:
        return contacts.get_or_create_contact(
            session,
            email=mapped.requester_email,
            name=mapped.requester_name or "",
            phone=mapped.requester_phone,
            external_id=mapped.requester_external_id,
        )
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message, field=f"requester.{error.field or 'email'}", **error.params
        ) from None


def _split_fields(ticket_type: TicketType, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields a requester may give when creating, staff-only fields set afterwards by the system)."""
    public = {f.name for f in registry.fields_for(ticket_type, "customer")}
    return (
        {k: v for k, v in values.items() if k in public},
        {k: v for k, v in values.items() if k not in public},
    )


def _create(
    session: Session, source: WebhookSource, delivery: WebhookDelivery, mapped: MappedEvent
) -> Ticket:
    ticket_type = types_repository.find_type_with_fields(session, source.default_type_slug)
    if ticket_type is None or not ticket_type.is_active:
        raise ValidationFailed(N_("The source's ticket type is no longer available."), field="type")
    requester = _requester(session, mapped)
    public_fields, staff_fields = _split_fields(ticket_type, mapped.fields)
    ticket = tickets_service.create_ticket(
        session,
        None,
        TicketCreate(
            type=ticket_type.slug,
            title=mapped.title or "",
            description=mapped.description or "",
            requester_contact_id=requester.id,
            category_id=_category_id(ticket_type, mapped.category),
            fields=public_fields,
        ),
        channel=Channel.WEBHOOK,
    )
    ticket.source_system = source.slug
    ticket.external_ref = mapped.external_ref
    audit.record(
        session,
        ticket,
        action="received",
        data={
            "source": f"webhook:{source.id}",
            "delivery_id": delivery.id,
            "external_ref": mapped.external_ref,
        },
    )
    # A trusted integration may set what a requester may not; the system sets it, audited.
    patch: dict[str, Any] = {}
    if mapped.priority is not None and mapped.priority != ticket.priority:
        patch["priority"] = mapped.priority
    if source.default_team_id is not None and source.default_team_id != ticket.team_id:
        patch["team_id"] = source.default_team_id
    if mapped.tags:
        patch["tags"] = mapped.tags
    if staff_fields:
        patch["fields"] = staff_fields
    if patch:
        tickets_service.update_ticket(session, None, ticket, TicketPatch(**patch))
    if mapped.comment and mapped.comment != (mapped.description or ""):
        messages.add_message(
            session, None, ticket, body=mapped.comment, channel=Channel.WEBHOOK, contact=requester
        )
    return ticket


def _live_ticket(session: Session, ticket_id: int) -> Ticket:
    """The ticket, or the one it was merged into (following a chain of merges)."""
    ticket = tickets_repository.get_ticket(session, ticket_id)
    for _ in range(MAX_MERGE_HOPS):
        if ticket is None or ticket.merged_into_id is None:
            break
        ticket = tickets_repository.get_ticket(session, ticket.merged_into_id)
    if ticket is None:
        raise ValidationFailed(
            N_("The ticket of this external reference no longer exists."), field="external_ref"
        )
    return ticket


def _update(session: Session, ticket: Ticket, mapped: MappedEvent) -> str:
    patch: dict[str, Any] = {}
    if mapped.title is not None:
        patch["title"] = mapped.title
    if mapped.priority is not None:
        patch["priority"] = Priority(mapped.priority)
    if mapped.category is not None:
        patch["category_id"] = _category_id(ticket.type, mapped.category)
    if mapped.tags is not None:
        patch["tags"] = mapped.tags
    if mapped.fields:
        patch["fields"] = mapped.fields
    before = repository.event_count(session, ticket.id)
    if patch:
        tickets_service.update_ticket(session, None, ticket, TicketPatch(**patch))
    changed = repository.event_count(session, ticket.id) != before
    appended = False
    if mapped.comment and not repository.has_message(session, ticket.id, mapped.comment):
        messages.add_message(
            session, None, ticket, body=mapped.comment, channel=Channel.WEBHOOK, contact=ticket.requester
        )
        appended = True
    return UPDATED if changed else APPENDED if appended else UNCHANGED


def process_delivery(session: Session, source: WebhookSource, delivery: WebhookDelivery) -> Processed:
    """Apply a stored delivery; marks it processed with its outcome and ticket. Flushes only.

    Raises ValidationFailed / Conflict (the quarantine reason) for a body that is not JSON, a mapping
    failure, or a ticket the services refuse; IntegrityError when a concurrent transaction created
    the same reference first (the caller processes the delivery again).
    """
    mapped = apply_mapping(source.mapping, source.external_ref_path, parse_payload(delivery.body))
    ref = repository.ref_for(session, source.id, mapped.external_ref) if mapped.external_ref else None
    if ref is None:
        if not mapped.title:
            raise ValidationFailed(
                N_("The payload has no title at %(path)s."),
                field="title",
                path=source.mapping.get("title", ""),
            )
        ticket = _create(session, source, delivery, mapped)
        if mapped.external_ref:
            session.add(
                WebhookRef(
                    source_id=source.id,
                    external_ref=mapped.external_ref,
                    ticket_id=ticket.id,
                    created_at=now(),
                )
            )
        outcome = CREATED
    else:
        ticket = _live_ticket(session, ref.ticket_id)
        outcome = _update(session, ticket, mapped)
    delivery.mark_processed(outcome, ticket.id, mapped.external_ref)
    session.flush()
    return Processed(outcome, ticket)
