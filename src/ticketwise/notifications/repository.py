"""Every query of the notifications domain (outbound mail log, in-app notifications, thread ids)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.notifications.models import MailKind, MailStatus, Notification, OutboundEmail
from ticketwise.tickets.models import Ticket, TicketEvent, TicketMessage

# --- outbound mail -----------------------------------------------------------------------------------


def get_email(session: Session, email_id: int) -> OutboundEmail | None:
    return session.get(OutboundEmail, email_id)


def emails_for_ticket(session: Session, ticket_id: int, *, limit: int = 100) -> list[OutboundEmail]:
    """The ticket's outbound mail, newest first."""
    statement = (
        sa.select(OutboundEmail)
        .where(OutboundEmail.ticket_id == ticket_id)
        .order_by(OutboundEmail.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def recent_emails(session: Session, *, limit: int = 50) -> list[OutboundEmail]:
    """The newest outbound mail of the whole site."""
    return list(session.scalars(sa.select(OutboundEmail).order_by(OutboundEmail.id.desc()).limit(limit)))


def thread_message_ids(session: Session, ticket_id: int) -> list[str]:
    """Message-IDs of the ticket's conversation, oldest first: those stored on its messages (inbound
    mail and replies we sent) and those of our other mail about it (acknowledgements, notices)."""
    on_messages = sa.select(
        TicketMessage.created_at.label("at"), TicketMessage.email_message_id.label("mid")
    ).where(TicketMessage.ticket_id == ticket_id, TicketMessage.email_message_id.is_not(None))
    ours = sa.select(OutboundEmail.created_at.label("at"), OutboundEmail.message_id.label("mid")).where(
        OutboundEmail.ticket_id == ticket_id,
        OutboundEmail.status.in_((MailStatus.QUEUED, MailStatus.SENT)),
        OutboundEmail.kind != MailKind.ALERT,
    )
    union = sa.union_all(on_messages, ours).subquery()
    rows = session.execute(sa.select(union.c.mid).order_by(union.c.at, union.c.mid))
    seen: dict[str, None] = {}
    for (mid,) in rows:
        seen.setdefault(mid, None)
    return list(seen)


def automatic_mail_count(session: Session, address: str, since: datetime) -> int:
    """Automatic messages queued or sent to ``address`` (lower case) since ``since``."""
    statement = sa.select(sa.func.count()).where(
        OutboundEmail.primary_recipient == address,
        OutboundEmail.created_at >= since,
        OutboundEmail.automatic.is_(True),
        OutboundEmail.status != MailStatus.SKIPPED,
    )
    return session.scalar(statement) or 0


# --- tickets, as the notifications domain reads them ---------------------------------------------------


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    return session.get(Ticket, ticket_id)


def get_message(session: Session, message_id: int) -> TicketMessage | None:
    return session.get(TicketMessage, message_id)


def last_assignment_event(session: Session, ticket_id: int) -> TicketEvent | None:
    """The newest audit event that changed the ticket's assignee."""
    statement = (
        sa.select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.field == "assignee_id")
        .order_by(TicketEvent.id.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def ticket_numbers(session: Session, ticket_ids: Collection[int]) -> dict[int, str]:
    if not ticket_ids:
        return {}
    rows = session.execute(sa.select(Ticket.id, Ticket.number).where(Ticket.id.in_(set(ticket_ids))))
    return {ticket_id: number for ticket_id, number in rows}


# --- in-app notifications ----------------------------------------------------------------------------


def get_notification(session: Session, notification_id: int) -> Notification | None:
    return session.get(Notification, notification_id)


def unread_count(session: Session, user_id: int) -> int:
    statement = sa.select(sa.func.count()).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return session.scalar(statement) or 0


def notifications_page(
    session: Session, user_id: int, *, offset: int, limit: int, unread_only: bool = False
) -> tuple[list[Notification], int]:
    """One page of a user's notifications, newest first, and the total."""
    conditions = [Notification.user_id == user_id]
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    total = session.scalar(sa.select(sa.func.count()).where(*conditions)) or 0
    statement = (
        sa.select(Notification)
        .where(*conditions)
        .order_by(Notification.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement)), total


def mark_all_read(session: Session, user_id: int, moment: datetime) -> int:
    """Stamp every unread notification of the user; returns how many."""
    result = session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=moment)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
