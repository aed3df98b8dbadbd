"""Every SELECT of the intake pipeline and its quarantine service."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.pagination import Page, PageRequest
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.tickets.models import Ticket, TicketCC, TicketMessage
from ticketwise.users.models import Contact, User

# A processed item that produced (or found) a ticket is the "original" of later copies.
_ORIGINAL_OUTCOMES = (
    Outcome.CREATED,
    Outcome.APPENDED,
    Outcome.BOUNCE,
    Outcome.AUTO_REPLY,
    Outcome.IGNORED,
)


def get_item(session: Session, item_id: int) -> InboundItem | None:
    return session.get(InboundItem, item_id)


def original_item(
    session: Session, *, channel: str, message_id: str | None, sha256: str, exclude_id: int
) -> InboundItem | None:
    """The first processed item of ``channel`` with the same Message-ID, else with the same bytes.

    Two lookups rather than one ``OR``: each uses its own index ((channel, message_id) and (channel,
    sha256)), where the ``OR`` with ``ORDER BY id`` let SQLite walk the whole table in id order."""
    for condition in (
        InboundItem.message_id == message_id if message_id else None,
        InboundItem.sha256 == sha256,
    ):
        if condition is None:
            continue
        found = session.scalar(
            sa.select(InboundItem)
            .where(
                InboundItem.channel == channel,
                condition,
                InboundItem.id != exclude_id,
                InboundItem.status == ItemStatus.PROCESSED,
                InboundItem.outcome.in_(_ORIGINAL_OUTCOMES),
            )
            .order_by(InboundItem.id)
            .limit(1)
        )
        if found is not None:
            return found
    return None


def list_items(session: Session, status: ItemStatus | None, page: PageRequest) -> Page[InboundItem]:
    """Items newest first, optionally of one status."""
    statement = sa.select(InboundItem)
    if status is not None:
        statement = statement.where(InboundItem.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0
    items = session.scalars(
        statement.order_by(InboundItem.received_at.desc(), InboundItem.id.desc())
        .limit(page.size)
        .offset(page.offset)
    ).all()
    return Page(items=items, total=total, request=page)


def count_by_status(session: Session) -> dict[ItemStatus, int]:
    rows = session.execute(sa.select(InboundItem.status, sa.func.count()).group_by(InboundItem.status))
    return {status: count for status, count in rows}


def ticket_for_stored_message_ids(session: Session, message_ids: Sequence[str]) -> Ticket | None:
    """The ticket of the newest message whose stored Message-ID is one of ``message_ids``."""
    if not message_ids:
        return None
    ticket_id = session.scalar(
        sa.select(TicketMessage.ticket_id)
        .where(TicketMessage.email_message_id.in_(list(message_ids)))
        .order_by(TicketMessage.id.desc())
        .limit(1)
    )
    return session.get(Ticket, ticket_id) if ticket_id is not None else None


def cc_emails(session: Session, ticket_id: int) -> set[str]:
    rows = session.scalars(
        sa.select(Contact.email)
        .join(TicketCC, TicketCC.contact_id == Contact.id)
        .where(TicketCC.ticket_id == ticket_id)
    )
    return {email for email in rows if email}


def active_staff_by_email(session: Session, email: str) -> User | None:
    user = session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    return user if user is not None and user.is_active and user.is_staff else None


def contacts_by_emails(session: Session, emails: Sequence[str]) -> list[Contact]:
    if not emails:
        return []
    return list(session.scalars(sa.select(Contact).where(Contact.email.in_(list(emails)))))
