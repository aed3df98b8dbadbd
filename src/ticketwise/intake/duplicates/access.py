"""Reads for the ticket page's duplicates panel (staff only): open suggestions and what intake filled in.

``ticket`` comes from :func:`ticketwise.tickets.access.access_ticket`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.intake.duplicates import repository
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff

# Sources of the audit events written by intake's completion steps (see completion/complete.py).
COMPLETION_SOURCES = ("intake.extractor", "intake.triage", "intake.language")


@dataclass(frozen=True)
class SuggestionView:
    id: int
    other: Ticket  # the other ticket of the pair
    score: float
    newer: bool  # True when the viewed ticket is the newer one (the probable duplicate)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def list_suggestions(session: Session, user: User | None, ticket: Ticket) -> list[SuggestionView]:
    """Open suggestions concerning ``ticket`` whose other ticket the user may see, best first."""
    require_staff(user)
    views = []
    for suggestion in repository.open_suggestions_for(session, ticket.id):
        newer = suggestion.ticket_id == ticket.id
        other = suggestion.candidate if newer else suggestion.ticket
        views.append(SuggestionView(id=suggestion.id, other=other, score=suggestion.score, newer=newer))
    return views


def completion_events(session: Session, user: User | None, ticket: Ticket) -> list[TicketEvent]:
    """The ticket's events written by completion (fields found in the text, triage, language)."""
    require_staff(user)
    return [
        event
        for event in ticket_access.list_events(session, user, ticket)
        if (event.data or {}).get("source") in COMPLETION_SOURCES
    ]
