"""/api/v1 notifications: the caller's in-app notifications, and the mail sent about a ticket.

A user reads and marks only their own notifications (another's id is 404). The outbound mail log of
a ticket is for staff (403 for customers): it holds addresses and server errors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ticketwise.api.deps import ApiSession, ApiUser, ObjectId, PageOut, PageParams, StaffUser
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for
from ticketwise.core.i18n import gettext
from ticketwise.notifications import access as mail_access
from ticketwise.notifications import inapp
from ticketwise.notifications.inapp import NotificationView
from ticketwise.notifications.models import OutboundEmail

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    id: int
    kind: str = Field(description="What it is about, e.g. `ticket.assigned`, `sla.breach`.")
    text: str = Field(description="The notification in the request's language.")
    message: str = Field(description="The untranslated message id; `params` fill its placeholders.")
    params: dict[str, str]
    ticket_id: int | None
    ticket_number: str | None
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, view: NotificationView) -> NotificationOut:
        return cls(
            id=view.id,
            kind=view.kind,
            text=view.text,
            message=view.message,
            params=view.params,
            ticket_id=view.ticket_id,
            ticket_number=view.ticket_number,
            created_at=view.created_at,
            read_at=view.read_at,
        )


class UnreadOut(BaseModel):
    unread: int


class MarkedOut(BaseModel):
    marked: int = Field(description="How many notifications were unread and are now read.")


class OutboundEmailOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    automatic: bool
    to: list[str]
    cc: list[str]
    subject: str
    message_id: str
    status: str = Field(description="queued, sent, failed or skipped.")
    attempts: int
    error: str | None = Field(description="Why it failed or was skipped, in the request's language.")
    error_detail: str | None = Field(description="The mail server's own words, when it answered.")
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, row: OutboundEmail) -> OutboundEmailOut:
        return cls(
            id=row.id,
            kind=row.kind.value,
            automatic=row.automatic,
            to=list(row.to_addresses),
            cc=list(row.cc_addresses),
            subject=row.subject,
            message_id=row.message_id,
            status=row.status.value,
            attempts=row.attempts,
            error=gettext(row.last_error) if row.last_error else None,
            error_detail=row.error_detail,
            created_at=row.created_at,
            sent_at=row.sent_at,
        )


@router.get("/notifications", response_model=PageOut[NotificationOut], summary="Your notifications")
def list_notifications(
    session: ApiSession,
    user: ApiUser,
    page: PageParams,
    unread: Annotated[bool, Query(description="Only unread ones.")] = False,
) -> PageOut[NotificationOut]:
    """Newest first."""
    return PageOut.of(inapp.list_notifications(session, user, page, unread_only=unread), NotificationOut.of)


@router.get("/notifications/unread-count", response_model=UnreadOut, summary="How many are unread")
def unread_count(session: ApiSession, user: ApiUser) -> UnreadOut:
    return UnreadOut(unread=inapp.unread_count(session, user))


@router.post("/notifications/read-all", response_model=MarkedOut, summary="Mark all as read")
def mark_all_read(session: ApiSession, user: ApiUser) -> MarkedOut:
    return MarkedOut(marked=inapp.mark_all_read(session, user))


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    summary="Mark one as read",
    responses=problem_responses(404),
)
def mark_read(notification_id: ObjectId, session: ApiSession, user: ApiUser) -> NotificationOut:
    """Marking a read notification again keeps the first time it was read."""
    return NotificationOut.of(inapp.mark_read(session, user, notification_id))


@router.get(
    "/tickets/{ticket}/emails",
    response_model=list[OutboundEmailOut],
    summary="E-mail sent about a ticket",
    responses=problem_responses(403, 404),
)
def list_ticket_emails(ticket_ref: TicketRef, session: ApiSession, user: StaffUser) -> list[OutboundEmailOut]:
    """Newest first, with each message's delivery state (staff only)."""
    ticket = ticket_for(session, user, ticket_ref)
    return [OutboundEmailOut.of(row) for row in mail_access.list_ticket_mail(session, user, ticket)]
