"""Every SELECT of the ticket domain (DESIGN §2: repository modules hold the queries).

Visibility is decided in :mod:`ticketwise.tickets.access`; functions here take the decision as plain
values (:class:`CustomerScope`, :class:`QueueQuery`) and turn it into SQL. The queue query filters on
the leading columns of the composite indexes ``(status | assignee_id, status | team_id, status |
type_id, status) + updated_at`` and counts with ``COUNT(*)`` over exactly the same conditions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.pagination import PageRequest
from ticketwise.tickets.enums import LinkKind, MessageKind, Priority, Status
from ticketwise.tickets.models import (
    Attachment,
    Ticket,
    TicketCC,
    TicketEvent,
    TicketLink,
    TicketMessage,
    TicketTag,
    TicketWatcher,
)
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.users.models import Contact, User

SORTS = ("updated_desc", "updated_asc", "created_desc", "created_asc", "priority", "number")


# --- single objects -------------------------------------------------------------------------------


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    return session.get(Ticket, ticket_id)


def get_ticket_by_number(session: Session, number: str) -> Ticket | None:
    return session.scalars(sa.select(Ticket).where(Ticket.number == number)).one_or_none()


def get_category(session: Session, category_id: int) -> Category | None:
    return session.get(Category, category_id)


def get_attachment(session: Session, attachment_id: int) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def get_link(session: Session, link_id: int) -> TicketLink | None:
    return session.get(TicketLink, link_id)


def find_link(session: Session, source_id: int, target_id: int, kind: LinkKind) -> TicketLink | None:
    return session.scalars(
        sa.select(TicketLink).where(
            TicketLink.source_id == source_id, TicketLink.target_id == target_id, TicketLink.kind == kind
        )
    ).one_or_none()


def get_watcher(session: Session, ticket_id: int, user_id: int) -> TicketWatcher | None:
    return session.get(TicketWatcher, (ticket_id, user_id))


def get_cc(session: Session, ticket_id: int, contact_id: int) -> TicketCC | None:
    return session.get(TicketCC, (ticket_id, contact_id))


# --- lists around one ticket ----------------------------------------------------------------------


def list_messages(session: Session, ticket_id: int, *, public_only: bool) -> list[TicketMessage]:
    """Messages oldest first; ``public_only`` keeps public replies (what a customer may read)."""
    query = sa.select(TicketMessage).where(TicketMessage.ticket_id == ticket_id)
    if public_only:
        query = query.where(TicketMessage.kind == MessageKind.REPLY)
    return list(session.scalars(query.order_by(TicketMessage.created_at, TicketMessage.id)))


def list_events(session: Session, ticket_id: int) -> list[TicketEvent]:
    return list(
        session.scalars(
            sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
    )


def list_links(session: Session, ticket_id: int) -> list[TicketLink]:
    """Links where the ticket is either end, oldest first."""
    return list(
        session.scalars(
            sa.select(TicketLink)
            .where(sa.or_(TicketLink.source_id == ticket_id, TicketLink.target_id == ticket_id))
            .order_by(TicketLink.id)
        )
    )


def list_watchers(session: Session, ticket_id: int) -> list[TicketWatcher]:
    return list(
        session.scalars(
            sa.select(TicketWatcher)
            .join(User, User.id == TicketWatcher.user_id)
            .where(TicketWatcher.ticket_id == ticket_id)
            .order_by(User.name, User.id)
        )
    )


def list_ccs(session: Session, ticket_id: int) -> list[TicketCC]:
    return list(
        session.scalars(
            sa.select(TicketCC)
            .join(Contact, Contact.id == TicketCC.contact_id)
            .where(TicketCC.ticket_id == ticket_id)
            .order_by(Contact.name, Contact.id)
        )
    )


def list_attachments(session: Session, ticket_id: int, *, public_only: bool) -> list[Attachment]:
    """Attachments oldest first; ``public_only`` keeps those on the ticket itself or on public replies."""
    query = sa.select(Attachment).where(Attachment.ticket_id == ticket_id)
    if public_only:
        query = query.outerjoin(TicketMessage, TicketMessage.id == Attachment.message_id).where(
            sa.or_(Attachment.message_id.is_(None), TicketMessage.kind == MessageKind.REPLY)
        )
    return list(session.scalars(query.order_by(Attachment.id)))


def tickets_by_ids(session: Session, ids: Sequence[int]) -> dict[int, Ticket]:
    if not ids:
        return {}
    return {t.id: t for t in session.scalars(sa.select(Ticket).where(Ticket.id.in_(set(ids))))}


# --- the queue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerScope:
    """What a customer may see: tickets they requested or are copied on (through their contact), and
    every ticket of the organizations listed (those that share tickets among members)."""

    contact_id: int | None
    organization_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class QueueQuery:
    """A resolved queue filter. For the id tuples ``None`` means "any" and an empty tuple "none"."""

    statuses: tuple[Status, ...] = ()
    priorities: tuple[Priority, ...] = ()
    type_slugs: tuple[str, ...] = ()
    team_ids: tuple[int, ...] | None = None
    assignee_ids: tuple[int, ...] | None = None
    unassigned: bool = False
    customer: CustomerScope | None = None
    q: str | None = None
    tag: str | None = None
    sort: str = "updated_desc"
    # SLA views: a running deadline before this moment and not breached ("at risk"), or breached.
    sla_due_before: datetime | None = None
    sla_breached: bool | None = None
    # The human triage queue: tickets the AI flagged as needing a person to set the type.
    needs_triage: bool | None = None


def customer_condition(scope: CustomerScope) -> sa.ColumnElement[bool]:
    conditions: list[sa.ColumnElement[bool]] = []
    if scope.contact_id is not None:
        conditions.append(Ticket.requester_id == scope.contact_id)
        conditions.append(
            Ticket.id.in_(sa.select(TicketCC.ticket_id).where(TicketCC.contact_id == scope.contact_id))
        )
    if scope.organization_ids:
        conditions.append(Ticket.organization_id.in_(scope.organization_ids))
    return sa.or_(*conditions) if conditions else sa.false()


def _queue_conditions(query: QueueQuery) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if query.statuses:
        conditions.append(Ticket.status.in_(query.statuses))
    if query.priorities:
        conditions.append(Ticket.priority.in_(query.priorities))
    if query.type_slugs:
        conditions.append(
            Ticket.type_id.in_(sa.select(TicketType.id).where(TicketType.slug.in_(query.type_slugs)))
        )
    if query.team_ids is not None:
        conditions.append(Ticket.team_id.in_(query.team_ids) if query.team_ids else sa.false())
    if query.assignee_ids is not None:
        conditions.append(Ticket.assignee_id.in_(query.assignee_ids) if query.assignee_ids else sa.false())
    if query.unassigned:
        conditions.append(Ticket.assignee_id.is_(None))
    if query.customer is not None:
        conditions.append(customer_condition(query.customer))
    if query.q:
        conditions.append(_text_condition(query.q.strip()))
    if query.tag:
        conditions.append(Ticket.id.in_(sa.select(TicketTag.ticket_id).where(TicketTag.tag == query.tag)))
    if query.sla_due_before is not None:
        conditions.append(Ticket.sla_due_at < query.sla_due_before)
    if query.sla_breached is not None:
        conditions.append(Ticket.sla_breached == query.sla_breached)
    if query.needs_triage is not None:
        conditions.append(Ticket.needs_triage == query.needs_triage)
    return conditions


_FULL_NUMBER = re.compile(r"^[A-Z]{1,10}-[0-9]{8}-[0-9]{1,10}$")


def _text_condition(text: str) -> sa.ColumnElement[bool]:
    """A whole ticket number is looked up on its unique index; anything else is a case-insensitive
    substring of the number, the title or the description (a scan: see docs/benchmarks.md)."""
    if _FULL_NUMBER.match(text.upper()):
        return Ticket.number == text.upper()
    return sa.or_(
        Ticket.number.icontains(text, autoescape=True),
        Ticket.title.icontains(text, autoescape=True),
        Ticket.description.icontains(text, autoescape=True),
    )


def _order_by(sort: str) -> tuple[sa.ColumnElement[object], ...]:
    if sort == "updated_asc":
        return (Ticket.updated_at.asc(), Ticket.id.asc())
    if sort == "created_desc":
        return (Ticket.created_at.desc(), Ticket.id.desc())
    if sort == "created_asc":
        return (Ticket.created_at.asc(), Ticket.id.asc())
    if sort == "priority":
        # P0 sorts first as text; most recently active first within a priority.
        return (Ticket.priority.asc(), Ticket.updated_at.desc(), Ticket.id.desc())
    if sort == "priority_asc":
        return (Ticket.priority.desc(), Ticket.updated_at.desc(), Ticket.id.desc())
    if sort == "number":
        # Numbers are allocated in creation order, and unlike the text the id keeps that order past 9999.
        return (Ticket.id.asc(),)
    if sort == "number_desc":
        return (Ticket.id.desc(),)
    if sort == "sla_due":
        # Earliest running SLA deadline first; tickets without a running clock last.
        return (Ticket.sla_due_at.is_(None), Ticket.sla_due_at.asc(), Ticket.id.asc())
    return (Ticket.updated_at.desc(), Ticket.id.desc())


def queue_page(session: Session, query: QueueQuery, page: PageRequest) -> tuple[list[Ticket], int]:
    """One page of tickets matching ``query`` and the total number of matches."""
    conditions = _queue_conditions(query)
    total = count_queue(session, query)
    if total == 0 or page.offset >= total:
        return [], total
    # Page the ids alone first: that query is answered from the composite indexes. Selecting whole
    # tickets with their eagerly joined type, requester, assignee and team in the same statement let
    # SQLite's planner drive the join from the wrong side (1.2 s instead of 1 ms at a million rows).
    ids = list(
        session.scalars(
            sa.select(Ticket.id)
            .where(*conditions)
            .order_by(*_order_by(query.sort))
            .offset(page.offset)
            .limit(page.size)
        )
    )
    by_id = tickets_by_ids(session, ids)
    return [by_id[ticket_id] for ticket_id in ids if ticket_id in by_id], total


def count_queue(session: Session, query: QueueQuery) -> int:
    statement = sa.select(sa.func.count()).select_from(Ticket).where(*_queue_conditions(query))
    return int(session.execute(statement).scalar_one())


def resolved_before(session: Session, cutoff: datetime, *, limit: int) -> list[Ticket]:
    """Resolved tickets whose resolution is older than ``cutoff``, oldest first (auto-close)."""
    return list(
        session.scalars(
            sa.select(Ticket)
            .where(Ticket.status == Status.RESOLVED, Ticket.resolved_at < cutoff)
            .order_by(Ticket.resolved_at)
            .limit(limit)
        )
    )
