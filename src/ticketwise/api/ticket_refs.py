"""Naming a ticket in a URL: by id or by number, checked before any query and gated by access."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Path
from sqlalchemy.orm import Session

from ticketwise.api.deps import MAX_ID
from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets import access
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.registry import Audience
from ticketwise.users.models import User

_NUMBER = re.compile(r"^[A-Za-z]{1,10}-\d{8}-\d{1,10}$", re.ASCII)
_ID = re.compile(r"^[0-9]{1,10}$")

TicketRef = Annotated[
    str,
    Path(
        alias="ticket",
        min_length=1,
        max_length=40,
        description="The ticket's id (e.g. `42`) or number (e.g. `TW-20261126-0042`).",
    ),
]


def audience_of(user: User) -> Audience:
    return "agent" if user.is_staff else "customer"


def ticket_for(session: Session, user: User, ref: str | int) -> Ticket:
    """The ticket ``ref`` names if ``user`` may see it; NotFound for anything else, including refs
    that cannot name a ticket (so they never reach the database)."""
    if isinstance(ref, str):
        text = ref.strip()
        if _ID.match(text) and int(text) <= MAX_ID:
            ref = int(text)
        elif _NUMBER.match(text):
            ref = text
        else:
            raise NotFound(N_("This ticket does not exist or you cannot see it."))
    elif not 1 <= ref <= MAX_ID:
        raise NotFound(N_("This ticket does not exist or you cannot see it."))
    return access.access_ticket(session, user, ref)
