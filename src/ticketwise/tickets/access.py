"""Reads of tickets for a user (DESIGN §3.2): the only way the API and the web fetch ticket objects.

Visibility: staff see every ticket. A customer sees the tickets they requested or are copied on
(through their contact) and, when their organization shares tickets (``shared_tickets``), every
ticket of that organization. Anything else is reported as NotFound, never PermissionDenied, so a
customer cannot learn that a ticket exists. Internal notes, the audit trail and watchers are
staff-only.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import NotFound, PermissionDenied
from ticketwise.core.i18n import N_
from ticketwise.core.pagination import Page, PageRequest
from ticketwise.tickets import repository
from ticketwise.tickets.enums import OPEN_STATUSES, MessageKind, Status
from ticketwise.tickets.models import (
    Attachment,
    Ticket,
    TicketCC,
    TicketEvent,
    TicketLink,
    TicketMessage,
    TicketWatcher,
)
from ticketwise.tickets.repository import CustomerScope, QueueQuery
from ticketwise.tickets.schemas import TicketFilter
from ticketwise.users import repository as users_repository
from ticketwise.users.models import User
from ticketwise.users.permissions import require_user

_OPEN = tuple(s for s in Status if s in OPEN_STATUSES)
_MAX_MERGE_HOPS = 20
STAFF_VIEWS = ("mine", "unassigned", "my_teams", "all", "at_risk", "breached", "triage")
AT_RISK_WINDOW = timedelta(hours=1)
"""The "at risk" view: open tickets not yet breached whose earliest running SLA deadline falls within
this much wall-clock time from now (or has passed before the monitor flagged it)."""


def _not_found() -> NotFound:
    return NotFound(N_("This ticket does not exist or you cannot see it."))


def customer_scope(session: Session, user: User) -> CustomerScope:
    """The tickets a (customer) user may see, as plain ids for the queries."""
    contact = users_repository.contact_for_user(session, user.id)
    organizations = {user.organization, contact.organization if contact else None}
    return CustomerScope(
        contact_id=contact.id if contact else None,
        organization_ids=tuple(sorted(o.id for o in organizations if o is not None and o.shared_tickets)),
    )


def can_see(session: Session, user: User, ticket: Ticket) -> bool:
    """Whether ``user`` may read ``ticket`` (the rule in the module docstring)."""
    if user.is_staff:
        return True
    if ticket.requester.user_id == user.id:
        return True
    scope = customer_scope(session, user)
    if ticket.organization_id is not None and ticket.organization_id in scope.organization_ids:
        return True
    return (
        scope.contact_id is not None and repository.get_cc(session, ticket.id, scope.contact_id) is not None
    )


def _ensure_visible(session: Session, user: User | None, ticket: Ticket) -> User:
    user = require_user(user)
    if not can_see(session, user, ticket):
        raise _not_found()
    return user


def access_ticket(session: Session, user: User | None, ticket_ref: int | str) -> Ticket:
    """The ticket with this id or number (``TW-20261126-0042``, any case) if ``user`` may see it.

    Raises NotAuthenticated without an active user and NotFound when the ticket does not exist or is
    not visible to the user.
    """
    user = require_user(user)
    ticket: Ticket | None
    if isinstance(ticket_ref, int):
        ticket = repository.get_ticket(session, ticket_ref)
    else:
        ref = ticket_ref.strip()
        if ref.isdigit():
            ticket = repository.get_ticket(session, int(ref))
        else:
            ticket = repository.get_ticket_by_number(session, ref.upper())
    if ticket is None or not can_see(session, user, ticket):
        raise _not_found()
    return ticket


def merged_target(session: Session, user: User | None, ticket: Ticket) -> Ticket | None:
    """Where a merged ticket now lives: the last ticket of its merge chain, if ``user`` may see it.

    ``None`` for a ticket that was not merged or whose target is hidden from the user, so pages and
    API responses can redirect without revealing anything.
    """
    user = require_user(user)
    current = ticket
    for _ in range(_MAX_MERGE_HOPS):
        if current.merged_into_id is None:
            break
        following = repository.get_ticket(session, current.merged_into_id)
        if following is None:
            break
        current = following
    if current is ticket or not can_see(session, user, current):
        return None
    return current


def _queue_query(session: Session, user: User, filters: TicketFilter) -> QueueQuery:
    common = {
        "priorities": tuple(filters.priority),
        "type_slugs": tuple(filters.type),
        "q": filters.q.strip() if filters.q and filters.q.strip() else None,
        "tag": filters.tag.strip() if filters.tag and filters.tag.strip() else None,
        "sort": filters.sort,
    }
    team_ids = None if filters.team_id is None else (filters.team_id,)
    assignee_ids = None if filters.assignee_id is None else (filters.assignee_id,)
    if not user.is_staff or filters.view == "requested":
        # Customers never get more than their own tickets, whatever view they ask for; for staff
        # "requested" means the tickets they asked for themselves.
        customer = customer_scope(session, user)
        if user.is_staff:
            customer = CustomerScope(contact_id=customer.contact_id)
        statuses = tuple(filters.status or ())
        return QueueQuery(
            statuses=statuses, team_ids=team_ids, assignee_ids=assignee_ids, customer=customer, **common
        )
    statuses = _OPEN if filters.status is None else tuple(filters.status)
    unassigned = False
    if filters.view == "mine":
        assignee_ids = _intersect(assignee_ids, (user.id,))
    elif filters.view == "unassigned":
        unassigned = True
        assignee_ids = None if assignee_ids is None else ()
    elif filters.view == "my_teams":
        team_ids = _intersect(team_ids, tuple(user.team_ids))
    elif filters.view == "at_risk":
        common.update(sla_due_before=now() + AT_RISK_WINDOW, sla_breached=False)
    elif filters.view == "breached":
        common.update(sla_breached=True)
    elif filters.view == "triage":
        # Tickets whose type the AI could not decide: they wait for a person (ai.triage.queue).
        common.update(needs_triage=True)
    return QueueQuery(
        statuses=statuses, team_ids=team_ids, assignee_ids=assignee_ids, unassigned=unassigned, **common
    )


def _intersect(given: tuple[int, ...] | None, allowed: tuple[int, ...]) -> tuple[int, ...]:
    return allowed if given is None else tuple(i for i in given if i in allowed)


def list_tickets(
    session: Session, user: User | None, filters: TicketFilter, page: PageRequest
) -> Page[Ticket]:
    """One page of the queue ``filters`` describes, restricted to what ``user`` may see."""
    user = require_user(user)
    items, total = repository.queue_page(session, _queue_query(session, user, filters), page)
    return Page(items=items, total=total, request=page)


def queue_counts(session: Session, user: User | None) -> dict[str, int]:
    """Open tickets per queue view: the :data:`STAFF_VIEWS` for staff; ``requested`` (their own open
    tickets) for customers."""
    user = require_user(user)
    views = STAFF_VIEWS if user.is_staff else ("requested",)
    return {
        view: repository.count_queue(
            session, _queue_query(session, user, TicketFilter(view=view, status=list(_OPEN)))
        )
        for view in views
    }


def list_messages(session: Session, user: User | None, ticket: Ticket) -> list[TicketMessage]:
    """The conversation, oldest first; customers see public replies only (no notes, no system notices)."""
    user = _ensure_visible(session, user, ticket)
    return repository.list_messages(session, ticket.id, public_only=not user.is_staff)


def list_events(session: Session, user: User | None, ticket: Ticket) -> list[TicketEvent]:
    """The audit trail, oldest first. Raises PermissionDenied for customers."""
    user = _ensure_visible(session, user, ticket)
    if not user.is_staff:
        raise PermissionDenied(N_("Only staff members can see the history of a ticket."))
    return repository.list_events(session, ticket.id)


def list_links(session: Session, user: User | None, ticket: Ticket) -> list[TicketLink]:
    """Links from or to the ticket; a customer only sees links whose other ticket they may see."""
    user = _ensure_visible(session, user, ticket)
    links = repository.list_links(session, ticket.id)
    if user.is_staff:
        return links
    return [
        link
        for link in links
        if can_see(session, user, link.target if link.source_id == ticket.id else link.source)
    ]


def list_watchers(session: Session, user: User | None, ticket: Ticket) -> list[TicketWatcher]:
    """Staff following the ticket. Raises PermissionDenied for customers."""
    user = _ensure_visible(session, user, ticket)
    if not user.is_staff:
        raise PermissionDenied(N_("Only staff members can see who follows a ticket."))
    return repository.list_watchers(session, ticket.id)


def list_ccs(session: Session, user: User | None, ticket: Ticket) -> list[TicketCC]:
    """Contacts copied on the conversation (visible to everyone who may see the ticket)."""
    _ensure_visible(session, user, ticket)
    return repository.list_ccs(session, ticket.id)


def list_attachments(session: Session, user: User | None, ticket: Ticket) -> list[Attachment]:
    """Files of the ticket; customers get those on the ticket itself and on public replies only."""
    user = _ensure_visible(session, user, ticket)
    return repository.list_attachments(session, ticket.id, public_only=not user.is_staff)


def access_attachment(session: Session, user: User | None, attachment_id: int) -> Attachment:
    """One attachment if ``user`` may see its ticket and, for customers, its message is public.

    Raises NotFound otherwise (as for tickets, existence is never revealed).
    """
    user = require_user(user)
    attachment = repository.get_attachment(session, attachment_id)
    if attachment is None:
        raise NotFound(N_("This file does not exist or you cannot see it."))
    ticket = repository.get_ticket(session, attachment.ticket_id)
    if ticket is None or not can_see(session, user, ticket):
        raise NotFound(N_("This file does not exist or you cannot see it."))
    if (
        not user.is_staff
        and attachment.message is not None
        and attachment.message.kind is not MessageKind.REPLY
    ):
        raise NotFound(N_("This file does not exist or you cannot see it."))
    return attachment
