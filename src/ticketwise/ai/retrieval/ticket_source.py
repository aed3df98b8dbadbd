"""Solved tickets as similar-case documents.

A ticket belongs in the index while it is resolved or closed and not merged. Its matched text is the
title, the description and the public replies staff wrote; its solution is the last of those replies
(what the agent finally told the customer), cut to :data:`SOLUTION_CHARS`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy.orm import Session

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.repository import SOLVED_STATUSES, TicketText
from ticketwise.ai.retrieval.sources import SourceDocument, snippet_of
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.access import can_see
from ticketwise.users.models import User

KIND = "ticket"
SNIPPET_CHARS = 240
SOLUTION_CHARS = 4000
TEXT_CHARS = 20000  # a pasted log must not make one ticket dominate every query's postings
REBUILD_BATCH = 500


def _document(ticket: TicketText, replies: Sequence[str]) -> SourceDocument:
    text = "\n".join([ticket.title, ticket.description, *replies])[:TEXT_CHARS]
    return SourceDocument(
        source_id=ticket.id,
        ref=ticket.number,
        title=ticket.title,
        text=text,
        question=f"{ticket.title}\n{ticket.description}",
        snippet=snippet_of(ticket.description or ticket.title, SNIPPET_CHARS),
        solution=replies[-1][:SOLUTION_CHARS] if replies else "",
        language=ticket.language,
    )


def belongs_in_index(ticket: TicketText) -> bool:
    return ticket.status in SOLVED_STATUSES and ticket.merged_into_id is None


class TicketSource:
    def documents(self, session: Session) -> Iterator[SourceDocument]:
        after_id = 0
        while True:
            tickets = repository.solved_tickets(session, after_id=after_id, limit=REBUILD_BATCH)
            if not tickets:
                return
            replies = repository.agent_replies(session, [t.id for t in tickets])
            for ticket in tickets:
                yield _document(ticket, replies.get(ticket.id, []))
            after_id = tickets[-1].id

    def document(self, session: Session, source_id: int) -> SourceDocument | None:
        ticket = repository.ticket_text(session, source_id)
        if ticket is None or not belongs_in_index(ticket):
            return None
        replies = repository.agent_replies(session, [ticket.id])
        return _document(ticket, replies.get(ticket.id, []))

    def visible_ids(self, session: Session, viewer: User, ids: Sequence[int]) -> set[int]:
        tickets = tickets_repository.tickets_by_ids(session, ids)
        return {ticket_id for ticket_id, ticket in tickets.items() if can_see(session, viewer, ticket)}
