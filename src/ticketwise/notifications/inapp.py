"""In-app notifications: created for staff by the reactions in :mod:`.handlers`, read in the bell,
the notification centre and the API.

Invariants: a notification belongs to one user and only that user reads or marks it (anyone else
gets NotFound, so ids do not leak); ``message`` is an English msgid with ``params``, translated when
shown, so each reader sees their own language; inactive users get none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import Page, PageRequest
from ticketwise.notifications import repository
from ticketwise.notifications.models import Notification
from ticketwise.users.models import User
from ticketwise.users.permissions import require_user


def notify(
    session: Session,
    user_ids: Iterable[int],
    *,
    kind: str,
    message: str,
    params: dict[str, Any] | None = None,
    ticket_id: int | None = None,
) -> list[Notification]:
    """One notification per distinct active user in ``user_ids``; returns them (flushed)."""
    created = []
    text_params = {key: str(value) for key, value in (params or {}).items()}
    for user_id in repository.active_user_ids(session, set(user_ids)):
        row = Notification(
            user_id=user_id,
            kind=kind[:60],
            ticket_id=ticket_id,
            message=message[:500],
            params=dict(text_params),
            created_at=now(),
        )
        session.add(row)
        created.append(row)
    session.flush()
    return created


@dataclass(frozen=True)
class NotificationView:
    """A notification as a reader sees it: text in the current language, the ticket's number."""

    id: int
    kind: str
    text: str
    message: str
    params: dict[str, str]
    ticket_id: int | None
    ticket_number: str | None
    created_at: datetime
    read_at: datetime | None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def render_text(message: str, params: dict[str, Any]) -> str:
    """``message`` translated into the current language with ``params`` filled in; a msgid whose
    placeholders the params do not fill is shown untranslated rather than failing."""
    text = gettext(message)
    try:
        return text % params if params else text
    except (KeyError, ValueError, TypeError):
        return message


def _views(session: Session, rows: list[Notification]) -> list[NotificationView]:
    numbers = repository.ticket_numbers(session, {row.ticket_id for row in rows if row.ticket_id})
    return [
        NotificationView(
            id=row.id,
            kind=row.kind,
            text=render_text(row.message, row.params or {}),
            message=row.message,
            params=dict(row.params or {}),
            ticket_id=row.ticket_id,
            ticket_number=numbers.get(row.ticket_id) if row.ticket_id else None,
            created_at=row.created_at,
            read_at=row.read_at,
        )
        for row in rows
    ]


def list_notifications(
    session: Session, user: User | None, page: PageRequest, *, unread_only: bool = False
) -> Page[NotificationView]:
    """The user's notifications, newest first. Raises NotAuthenticated without an active user."""
    user = require_user(user)
    rows, total = repository.notifications_page(
        session, user.id, offset=page.offset, limit=page.size, unread_only=unread_only
    )
    return Page(items=_views(session, rows), total=total, request=page)


def unread_count(session: Session, user: User | None) -> int:
    return repository.unread_count(session, require_user(user).id)


def access_notification(session: Session, user: User | None, notification_id: int) -> Notification:
    """The user's own notification; NotFound for anyone else's or a missing one."""
    user = require_user(user)
    row = repository.get_notification(session, notification_id)
    if row is None or row.user_id != user.id:
        raise NotFound(N_("This notification does not exist."))
    return row


def mark_read(session: Session, user: User | None, notification_id: int) -> NotificationView:
    """Mark one of the user's notifications read (again: keeps the first time). Raises NotFound."""
    row = access_notification(session, user, notification_id)
    row.read_at = row.read_at or now()
    session.flush()
    return _views(session, [row])[0]


def mark_all_read(session: Session, user: User | None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return repository.mark_all_read(session, require_user(user).id, now())


def view(session: Session, row: Notification) -> NotificationView:
    return _views(session, [row])[0]
