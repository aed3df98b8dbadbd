"""Every query on mailboxes, including the row claim that keeps two workers off one mailbox."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.intake.mailboxes.models import Mailbox


def get_mailbox(session: Session, mailbox_id: int) -> Mailbox | None:
    return session.get(Mailbox, mailbox_id)


def mailbox_by_name(session: Session, name: str) -> Mailbox | None:
    return session.scalars(sa.select(Mailbox).where(Mailbox.name == name)).first()


def all_mailboxes(session: Session) -> list[Mailbox]:
    return list(session.scalars(sa.select(Mailbox).order_by(Mailbox.name)))


def due_mailbox_ids(session: Session, at: datetime) -> list[int]:
    """Active mailboxes whose next run has come and that no worker holds (indexed on next_run_at)."""
    statement = (
        sa.select(Mailbox.id)
        .where(
            Mailbox.is_active.is_(True),
            sa.or_(Mailbox.next_run_at.is_(None), Mailbox.next_run_at <= at),
            sa.or_(Mailbox.locked_until.is_(None), Mailbox.locked_until < at),
        )
        .order_by(Mailbox.next_run_at)
    )
    return list(session.scalars(statement))


def claim(session: Session, mailbox_id: int, at: datetime, until: datetime) -> bool:
    """Take the mailbox's lease until ``until`` if it is active and free at ``at``; True when taken.

    One conditional UPDATE: both databases let only one concurrent transaction match the row (SQLite
    serialises writers; PostgreSQL re-checks the WHERE clause after waiting for the row lock).
    """
    result = session.execute(
        sa.update(Mailbox)
        .where(
            Mailbox.id == mailbox_id,
            Mailbox.is_active.is_(True),
            sa.or_(Mailbox.locked_until.is_(None), Mailbox.locked_until < at),
        )
        .values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
