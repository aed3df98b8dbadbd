"""Changing a ticket's type (DESIGN §4), by a person or by an AI decision.

Invariants:

* no data is lost: the extension row of the old type stays where it is (its fields are simply not
  shown while the ticket has another type, and reappear if the type is changed back);
* the new type's row keeps what it already holds (a ticket changed back) and otherwise gets the
  values of same-named fields of the same kind from the old type, then the new type's defaults;
  a carried value that the new type's rules refuse is left behind (still in the old row), never an
  error;
* the category belongs to a type, so it is cleared;
* a person setting the type (even confirming the current one) triages the ticket: ``needs_triage``
  is cleared;
* every change is audited (``type_id`` old and new type slugs, ``category_id``, ``fields.<name>``,
  ``needs_triage``) and TicketUpdated names the changed fields.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.tickets import audit
from ticketwise.tickets.domain_events import TicketUpdated
from ticketwise.tickets.enums import ActorType
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import extension, registry
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff


def _carried_values(old_type: TicketType, old_values: dict[str, Any], new_type: TicketType) -> dict[str, Any]:
    """Values for the new type's visible fields: same name and kind from the old type, else defaults."""
    old_kinds = {field.name: field.kind for field in old_type.fields}
    values: dict[str, Any] = {}
    for field in new_type.visible_fields:
        carried = old_values.get(field.name)
        if carried is not None and old_kinds.get(field.name) == field.kind:
            try:
                cleaned = registry.validate_fields(
                    new_type, {field.name: carried}, audience="agent", partial=True
                )
            except ValidationFailed:
                cleaned = {}
            if cleaned.get(field.name) is not None:
                values[field.name] = cleaned[field.name]
                continue
        if field.default is not None:
            values[field.name] = field.default
    return values


def change_type(
    session: Session,
    actor: User | None,
    ticket: Ticket,
    new_type: TicketType,
    *,
    actor_type: ActorType | None = None,
) -> Ticket:
    """Give ``ticket`` the type ``new_type`` (see the module invariants); flushes, never commits.

    ``actor`` is a staff member, or ``None`` for the system; pass ``actor_type=ActorType.AI`` for an
    AI decision. Raises PermissionDenied for customers, NotAuthenticated for inactive users and
    ValidationFailed (field ``type``) for an inactive type.
    """
    if actor is not None:
        actor = require_staff(actor)
    if not new_type.is_active:
        raise ValidationFailed(N_("Choose one of the available ticket types."), field="type")
    person = actor is not None and actor_type in (None, ActorType.USER)
    changes: list[tuple[str, Any, Any]] = []

    if new_type.id != ticket.type_id:
        old_type = ticket.type
        old_values = extension.read_fields(session, ticket, include_hidden=True)
        carried = _carried_values(old_type, old_values, new_type)
        old_category = ticket.category_id
        ticket.type = new_type
        ticket.type_id = new_type.id
        ticket.category = None
        ticket.category_id = None
        changes.append(("type_id", old_type.slug, new_type.slug))
        if old_category is not None:
            changes.append(("category_id", old_category, None))
        if carried:
            present = extension.read_fields(session, ticket, include_hidden=True)
            missing = {name: value for name, value in carried.items() if present.get(name) is None}
            for name, old, new in extension.write_fields(session, ticket, missing):
                changes.append((f"fields.{name}", old, new))
    if person and ticket.needs_triage:
        ticket.needs_triage = False
        changes.append(("needs_triage", True, False))
    if not changes:
        return ticket

    audit.record_changes(session, ticket, changes, actor=actor, actor_type=actor_type)
    publish(session, TicketUpdated(ticket_id=ticket.id, changes=tuple(field for field, _, _ in changes)))
    return ticket
