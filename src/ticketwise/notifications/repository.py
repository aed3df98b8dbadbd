"""Every query of the notifications domain (outbound mail log, in-app notifications, thread ids)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, joinedload, lazyload

from ticketwise.notifications.models import MailKind, MailStatus, Notification, OutboundEmail
from ticketwise.tickets.models import Ticket, TicketEvent, TicketMessage
from ticketwise.users.models import User

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


# Reactions run once per ticket change: they read only what they use. Ticket and TicketMessage
# eager-load many relationships by default (joined type, category, people, team; selectin tags and
# attachments), which cost more than the reaction itself; ``lazyload("*")`` keeps every relationship
# reachable, loaded on first access, so callers behave the same whatever they touch.

_HEADING = sa.select(Ticket.id, Ticket.number, Ticket.title, Ticket.assignee_id, Ticket.created_by_id).where(
    Ticket.id == sa.bindparam("ticket_id")
)

_LAST_ASSIGNMENT_ACTOR = (
    sa.select(TicketEvent.actor_user_id)
    .where(TicketEvent.ticket_id == sa.bindparam("ticket_id"), TicketEvent.field == "assignee_id")
    .order_by(TicketEvent.id.desc())
    .limit(1)
)


def ticket_heading(
    session: Session, ticket_id: int
) -> Row[tuple[int, str, str, int | None, int | None]] | None:
    """``(id, number, title, assignee_id, created_by_id)`` of the ticket in one statement, or None."""
    return session.execute(_HEADING, {"ticket_id": ticket_id}).one_or_none()


def last_assignment_actor_id(session: Session, ticket_id: int) -> int | None:
    """Who made the newest change of the ticket's assignee (None: nobody, or not a user)."""
    return session.scalar(_LAST_ASSIGNMENT_ACTOR, {"ticket_id": ticket_id})


def ticket_for_mail(session: Session, ticket_id: int, *, with_creator: bool = False) -> Ticket | None:
    """The ticket with its requester (and creator) loaded in one statement, nothing else eagerly."""
    options = [lazyload("*"), joinedload(Ticket.requester).lazyload("*")]
    if with_creator:
        options.append(joinedload(Ticket.created_by).lazyload("*"))
    return session.get(Ticket, ticket_id, options=options)


def ticket_alone(session: Session, ticket_id: int) -> Ticket | None:
    """The ticket's own columns in one statement; relationships load lazily if touched."""
    return session.get(Ticket, ticket_id, options=[lazyload("*")])


def message_with_authors(session: Session, message_id: int) -> TicketMessage | None:
    """The message with its author (user or contact) in one statement; attachments load lazily."""
    return session.get(
        TicketMessage,
        message_id,
        options=[
            lazyload("*"),
            joinedload(TicketMessage.author_user).lazyload("*"),
            joinedload(TicketMessage.author_contact).lazyload("*"),
        ],
    )


def active_user_ids(session: Session, user_ids: Collection[int]) -> list[int]:
    """Those of ``user_ids`` that belong to active users, ascending."""
    if not user_ids:
        return []
    statement = (
        sa.select(User.id).where(User.id.in_(set(user_ids)), User.is_active.is_(True)).order_by(User.id)
    )
    return list(session.scalars(statement))


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
