"""What staff do with a duplicate suggestion on the ticket page: merge, link or dismiss it.

``ticket`` comes from an access gate; the suggestion must concern it (as the newer ticket or as the
candidate). Merging merges the newer ticket into the older one (:func:`tickets.links.merge_tickets`);
linking makes the newer one ``duplicate_of`` the older (:func:`tickets.links.link_tickets`); both
are audited there. Dismissing writes a ``duplicate_dismissed`` event on both tickets.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound
from ticketwise.core.i18n import N_
from ticketwise.intake.duplicates import repository
from ticketwise.intake.duplicates.models import DuplicateSuggestion, SuggestionState
from ticketwise.tickets import audit, links
from ticketwise.tickets.enums import LinkKind
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff


def _open_suggestion(session: Session, ticket: Ticket, suggestion_id: int) -> DuplicateSuggestion:
    suggestion = repository.get_suggestion(session, suggestion_id)
    if suggestion is None or ticket.id not in (suggestion.ticket_id, suggestion.candidate_id):
        raise NotFound(N_("This duplicate suggestion does not exist."))
    if suggestion.state is not SuggestionState.OPEN:
        raise Conflict(N_("This duplicate suggestion was already decided."))
    return suggestion


def _decide(suggestion: DuplicateSuggestion, user: User, state: SuggestionState) -> None:
    suggestion.state = state
    suggestion.decided_by_id = user.id
    suggestion.decided_at = now()


def merge_suggestion(session: Session, user: User, ticket: Ticket, suggestion_id: int) -> Ticket:
    """Merge the newer ticket into the older; returns the older (the merge target).

    Raises PermissionDenied for non-staff, NotFound for a suggestion of another ticket, Conflict when
    it was already decided or either ticket is no longer open.
    """
    user = require_staff(user)
    suggestion = _open_suggestion(session, ticket, suggestion_id)
    target = links.merge_tickets(session, user, suggestion.ticket, suggestion.candidate)
    _decide(suggestion, user, SuggestionState.MERGED)
    session.flush()
    return target


def link_suggestion(session: Session, user: User, ticket: Ticket, suggestion_id: int) -> None:
    """Link the newer ticket as ``duplicate_of`` the older, with the suggestion's score.

    Raises as :func:`merge_suggestion`, and Conflict when the pair is already linked so.
    """
    user = require_staff(user)
    suggestion = _open_suggestion(session, ticket, suggestion_id)
    links.link_tickets(
        session, user, suggestion.ticket, suggestion.candidate, LinkKind.DUPLICATE_OF, score=suggestion.score
    )
    _decide(suggestion, user, SuggestionState.LINKED)
    session.flush()


def dismiss_suggestion(session: Session, user: User, ticket: Ticket, suggestion_id: int) -> None:
    """Record that the two tickets are not duplicates; the suggestion is not shown again."""
    user = require_staff(user)
    suggestion = _open_suggestion(session, ticket, suggestion_id)
    _decide(suggestion, user, SuggestionState.DISMISSED)
    for subject, other in (
        (suggestion.ticket, suggestion.candidate),
        (suggestion.candidate, suggestion.ticket),
    ):
        audit.record(
            session,
            subject,
            actor=user,
            action="duplicate_dismissed",
            field="links",
            old=other.number,
            data={"suggestion_id": suggestion.id, "score": suggestion.score},
        )
    session.flush()
