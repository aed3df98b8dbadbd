"""Agent-specific form input: tag lists, the type's field values and category choices.

Submitted text is untrusted; these helpers turn it into the plain values the services expect and
leave every business rule (required fields, limits, allowed values) to the services, which raise
translated ValidationFailed errors naming the field.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import User

_TAG_SEPARATORS = re.compile(r"[,，;；\n]")


def split_tags(value: str) -> list[str]:
    """Tags typed into one box, separated by commas (ASCII or full-width), semicolons or new lines."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(value) if tag.strip()]


def posted_field_values(form: FormData, ticket_type: TicketType, prefix: str = "f_") -> dict[str, list[str]]:
    """What was typed into the type's field inputs, to fill the form again after an error."""
    return {
        field.name: [v for v in form.getlist(prefix + field.name) if isinstance(v, str)]
        for field in registry.fields_for(ticket_type, "agent")
    }


def category_choices(session: Session, user: User, ticket_type: TicketType) -> list[tuple[int, str]]:
    """Active categories of a type as ``(id, "Parent › Child")``, in the admin's order."""
    categories = types_access.list_categories_for(session, user, ticket_type, usable=True)
    by_id = {category.id: category for category in categories}

    def path(category_id: int) -> str:
        names: list[str] = []
        current = by_id.get(category_id)
        # The depth bound guards against a cycle in hand-edited data.
        while current is not None and len(names) < 10:
            names.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id else None
        return " › ".join(reversed(names))

    return [(category.id, path(category.id)) for category in categories]
