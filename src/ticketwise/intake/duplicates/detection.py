"""Probable duplicates of a new ticket (DESIGN §5).

The same requester's open tickets created within ``intake.duplicate_window_hours`` (and open tickets
with the same source system and external reference) are compared with the new one; each scoring at
least ``intake.duplicate_threshold`` becomes an open :class:`DuplicateSuggestion` that the ticket page
offers to merge, link or dismiss, and a ``duplicate_suggested`` event on the new ticket's trail. At or
above ``intake.auto_merge_threshold`` (off by default) the system links the pair as duplicate itself.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.config import IntakeSettings, get_settings
from ticketwise.core.clock import now
from ticketwise.intake.duplicates import repository
from ticketwise.intake.duplicates.models import DuplicateSuggestion, SuggestionState
from ticketwise.intake.duplicates.similarity import cached_ticket_features, cosine
from ticketwise.tickets import audit, links
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import LinkKind
from ticketwise.tickets.models import Ticket


def detect_duplicates(
    session: Session, ticket: Ticket, settings: IntakeSettings | None = None
) -> list[DuplicateSuggestion]:
    """Suggestions made for ``ticket`` (possibly none), best first; flushes, never commits.

    Running it again for the same ticket adds nothing twice (one suggestion per pair).
    """
    settings = settings or get_settings().intake
    since = ticket.created_at - timedelta(hours=settings.duplicate_window_hours)
    candidates = repository.duplicate_candidates(session, ticket, since)
    if not candidates:
        return []
    mine = cached_ticket_features(ticket.title, ticket.description)
    scored = sorted(
        ((cosine(mine, cached_ticket_features(c.title, c.description)), c) for c in candidates),
        key=lambda pair: (-pair[0], pair[1].id),
    )
    if not scored or scored[0][0] < settings.duplicate_threshold:
        return []  # nothing similar enough: no write, no flush
    already = repository.suggested_candidate_ids(session, ticket.id)
    suggestions = []
    for score, candidate in scored:
        if score < settings.duplicate_threshold:
            break
        if candidate.id in already:
            continue
        suggestion = DuplicateSuggestion(
            ticket_id=ticket.id,
            candidate_id=candidate.id,
            score=round(score, 4),
            state=SuggestionState.OPEN,
            created_at=now(),
        )
        session.add(suggestion)
        audit.record(
            session,
            ticket,
            action="duplicate_suggested",
            field="links",
            new=candidate.number,
            data={"source": "intake.duplicates", "candidate_id": candidate.id, "score": round(score, 4)},
        )
        suggestions.append(suggestion)
        if settings.auto_merge_threshold is not None and score >= settings.auto_merge_threshold:
            _link_automatically(session, ticket, candidate.id, suggestion)
    session.flush()
    return suggestions


def _link_automatically(
    session: Session, ticket: Ticket, candidate_id: int, suggestion: DuplicateSuggestion
) -> None:
    """Link ``ticket`` as duplicate_of the candidate, by the system. Merging is not done here: the
    transition table lets only staff merge (tickets/transitions.py), so a person confirms it."""
    candidate = tickets_repository.get_ticket(session, candidate_id)
    if candidate is None or tickets_repository.find_link(
        session, ticket.id, candidate_id, LinkKind.DUPLICATE_OF
    ):
        return
    links.link_tickets(session, None, ticket, candidate, LinkKind.DUPLICATE_OF, score=suggestion.score)
    suggestion.state = SuggestionState.LINKED
    suggestion.decided_at = now()
