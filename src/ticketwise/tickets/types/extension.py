"""Reading and writing a ticket's extension row (``ext_<type slug>``, DESIGN §4).

Values come back as Python values of their kind (``str``, ``int``, ``Decimal``, ``bool``, ``date``,
aware UTC ``datetime``, lists and JSON values); callers serialise. A ticket without a row reads as
``None`` for every field. Values to write must already be clean (see ``registry.validate_fields``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import repository
from ticketwise.tickets.types.models import TicketField, TicketType
from ticketwise.tickets.types.registry import Audience, fields_for
from ticketwise.tickets.types.schema import extension_table


def _readable_fields(
    ticket_type: TicketType, *, include_hidden: bool, audience: Audience
) -> list[TicketField]:
    if not include_hidden:
        return fields_for(ticket_type, audience)
    return [field for field in ticket_type.fields if audience == "agent" or field.customer_visible]


def _values(fields: list[TicketField], row: RowMapping | None) -> dict[str, Any]:
    return {field.name: None if row is None else row[field.name] for field in fields}


def read_fields(
    session: Session, ticket: Ticket, *, include_hidden: bool = False, audience: Audience = "agent"
) -> dict[str, Any]:
    """``{field name: value}`` for the fields this audience sees, in form order."""
    fields = _readable_fields(ticket.type, include_hidden=include_hidden, audience=audience)
    if not fields:
        return {}
    table = extension_table(session, ticket.type)
    row = repository.ext_rows(session, table, [ticket.id]).get(ticket.id)
    return _values(fields, row)


def read_fields_many(
    session: Session, tickets: Iterable[Ticket], *, audience: Audience = "agent"
) -> dict[int, dict[str, Any]]:
    """``{ticket id: {field name: value}}`` for a list of tickets: one query per ticket type."""
    by_type: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in tickets:
        by_type[ticket.type_id].append(ticket)
    result: dict[int, dict[str, Any]] = {}
    for group in by_type.values():
        ticket_type = group[0].type
        fields = fields_for(ticket_type, audience)
        if not fields:
            result.update({ticket.id: {} for ticket in group})
            continue
        table = extension_table(session, ticket_type)
        rows = repository.ext_rows(session, table, [ticket.id for ticket in group])
        result.update({ticket.id: _values(fields, rows.get(ticket.id)) for ticket in group})
    return result


def _writable_table(session: Session, ticket: Ticket, values: dict[str, Any]) -> sa.Table:
    """The ticket's extension table, once every key of ``values`` is known to be a field of its type."""
    if ticket.id is None:
        session.flush()
    known = {field.name for field in ticket.type.fields}
    for key in values:
        if key not in known:
            raise ValidationFailed(
                N_("%(name)s is not a field of this ticket type."), field=f"fields.{key}", name=key
            )
    return extension_table(session, ticket.type)


def insert_fields(session: Session, ticket: Ticket, values: dict[str, Any]) -> None:
    """Write the extension row of a ticket created in this transaction, which has none yet.

    Same checks as :func:`write_fields` without looking for an existing row (a second row would
    violate the primary key). Raises ValidationFailed (``fields.<key>``) for an unknown key.
    """
    if values:
        table = _writable_table(session, ticket, values)
        session.execute(sa.insert(table).values(ticket_id=ticket.id, **values))


def write_fields(session: Session, ticket: Ticket, values: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Upsert the ticket's extension row with ``values`` and return ``(field, old, new)`` per change.

    Keys not sent keep their stored value. Raises ValidationFailed (``fields.<key>``) for a key that
    is not a field of the ticket's type (hidden fields may be written: their columns still exist).
    """
    if not values:
        return []
    table = _writable_table(session, ticket, values)
    row = repository.ext_rows(session, table, [ticket.id]).get(ticket.id)
    changes = [
        (name, old, new) for name, new in values.items() if (old := None if row is None else row[name]) != new
    ]
    if row is None:
        session.execute(sa.insert(table).values(ticket_id=ticket.id, **values))
    elif changes:
        session.execute(
            sa.update(table)
            .where(table.c.ticket_id == ticket.id)
            .values({name: new for name, _old, new in changes})
        )
    return changes
