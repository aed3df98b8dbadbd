"""Pydantic shapes of the ticket domain for the REST API (and the web, which reuses the inputs).

Inputs carry no business rules beyond types: the services validate and raise translated
ValidationFailed errors, so every channel (API, web form, intake) gets the same messages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlalchemy.orm import Session

from ticketwise.core.pagination import Page
from ticketwise.tickets import repository
from ticketwise.tickets.enums import (
    ActorType,
    Channel,
    Direction,
    Level,
    LinkKind,
    MessageKind,
    Priority,
    Status,
)
from ticketwise.tickets.models import Attachment, Ticket, TicketEvent, TicketLink, TicketMessage
from ticketwise.tickets.types import extension
from ticketwise.tickets.types.registry import Audience

View = Literal["mine", "unassigned", "my_teams", "all", "at_risk", "breached", "triage", "requested"]
Sort = Literal[
    "updated_desc",
    "updated_asc",
    "created_desc",
    "created_asc",
    "priority",
    "priority_asc",
    "number",
    "number_desc",
    "sla_due",
]


# --- inputs -----------------------------------------------------------------------------------------


class RequesterIn(BaseModel):
    email: EmailStr | None = Field(None, description="E-mail address of the person the request is for.")
    name: str = Field("", description="Display name.")
    phone: str | None = Field(None, description="Phone number.")


class TicketCreate(BaseModel):
    type: str = Field(description="Slug of the ticket type, e.g. `it_support`.")
    title: str = Field(description="Short summary, 1 to 300 characters.")
    description: str = Field("", description="The request in the requester's words (plain text).")
    priority: Priority | None = Field(None, description="Unset: the type's default priority.")
    requester: RequesterIn | None = Field(
        None, description="Staff: the person the ticket is for. Ignored for customers (always themselves)."
    )
    requester_contact_id: int | None = Field(None, description="Staff: an existing contact as requester.")
    category_id: int | None = Field(None, description="A category of the chosen type.")
    team_id: int | None = Field(None, description="Staff only. Unset: the type's default team.")
    assignee_id: int | None = Field(None, description="Staff only; the ticket starts as assigned.")
    tags: list[str] = Field(default_factory=list, description="Staff only.")
    fields: dict[str, Any] = Field(default_factory=dict, description="Values of the type's own fields.")
    language: str | None = Field(None, description="Language of the request (zh_CN, en, ...).")


class TicketPatch(BaseModel):
    """Only the fields present in the request change; an explicit ``null`` clears an optional field."""

    title: str | None = None
    priority: Priority | None = None
    urgency: Level | None = None
    impact: Level | None = None
    category_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None
    tags: list[str] | None = Field(None, description="Replaces all tags.")
    fields: dict[str, Any] | None = Field(None, description="Changes only the type fields given.")


class TicketFilter(BaseModel):
    view: View = Field("all", description="Customers always see their own tickets, whatever the view.")
    status: list[Status] | None = Field(
        None, description="Unset: open statuses in staff views, any status for customers. Empty: any."
    )
    priority: list[Priority] = Field(default_factory=list)
    type: list[str] = Field(default_factory=list, description="Ticket type slugs.")
    team_id: int | None = None
    assignee_id: int | None = None
    q: str | None = Field(None, description="A ticket number, or text contained in title or description.")
    tag: str | None = None
    sort: Sort = "updated_desc"


class MessageIn(BaseModel):
    body: str = Field(description="Plain text.")
    internal: bool = Field(False, description="An internal note, never shown to the customer (staff only).")


class TransitionIn(BaseModel):
    to: Status
    reason: str | None = None


class LinkIn(BaseModel):
    target: int | str = Field(description="Id or number of the other ticket.")
    kind: LinkKind


class MergeIn(BaseModel):
    target: int | str = Field(description="Id or number of the ticket that absorbs this one.")


# --- outputs ----------------------------------------------------------------------------------------


class Ref(BaseModel):
    id: int
    name: str


class RequesterOut(BaseModel):
    id: int
    name: str
    email: str | None


class ActorOut(BaseModel):
    type: ActorType
    id: int | None
    name: str


class TicketOut(BaseModel):
    id: int
    number: str
    title: str
    description: str
    status: Status
    priority: Priority
    urgency: Level | None
    impact: Level | None
    type: str
    category_id: int | None
    channel: Channel
    requester: RequesterOut
    organization_id: int | None
    assignee: Ref | None
    team: Ref | None
    tags: list[str]
    fields: dict[str, Any]
    merged_into: str | None = Field(description="Number of the ticket this one was merged into.")
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None


class TicketListOut(BaseModel):
    items: list[TicketOut]
    total: int
    page: int
    size: int
    pages: int


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        return cls(
            id=attachment.id,
            filename=attachment.filename,
            content_type=attachment.content_type,
            size=attachment.size,
            sha256=attachment.sha256,
        )


class SenderOut(BaseModel):
    name: str
    email: str | None


class MessageOut(BaseModel):
    # "from" is a Python keyword: the attribute is ``sender``, every dump (API, idempotency replay) says "from".
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    id: int
    kind: MessageKind
    internal: bool
    direction: Direction
    channel: Channel
    author: ActorOut
    sender: SenderOut | None = Field(
        alias="from", description="Who wrote it (the author's name and address); null for system notices."
    )
    subject: str | None = Field(description="The e-mail subject, for messages that came by e-mail.")
    body_text: str
    body_html: str
    quoted_text: str = Field(description="Quoted history and signature stripped from an e-mail reply.")
    created_at: datetime
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, message: TicketMessage) -> MessageOut:
        sender = None
        if message.author_user is not None:
            author = ActorOut(type=ActorType.USER, id=message.author_user.id, name=message.author_user.name)
            sender = SenderOut(name=message.author_user.name, email=message.author_user.email)
        elif message.author_contact is not None:
            author = ActorOut(type=ActorType.CONTACT, id=message.author_contact.id, name=message.author_name)
            sender = SenderOut(name=message.author_contact.name, email=message.author_contact.email)
        else:
            author = ActorOut(type=ActorType.SYSTEM, id=None, name=message.author_name)
        return cls(
            sender=sender,
            subject=message.subject,
            quoted_text=message.quoted_text or "",
            id=message.id,
            kind=message.kind,
            internal=message.kind is MessageKind.NOTE,
            direction=message.direction,
            channel=message.channel,
            author=author,
            body_text=message.body_text,
            body_html=message.body_html,
            created_at=message.created_at,
            attachments=[AttachmentOut.of(a) for a in message.attachments],
        )


class EventOut(BaseModel):
    id: int
    actor: ActorOut
    action: str
    field: str | None
    old: str | None
    new: str | None
    data: dict[str, Any] | None
    created_at: datetime

    @classmethod
    def of(cls, event: TicketEvent) -> EventOut:
        if event.actor_user is not None:
            actor = ActorOut(type=event.actor_type, id=event.actor_user.id, name=event.actor_user.name)
        elif event.actor_contact is not None:
            contact = event.actor_contact
            actor = ActorOut(type=event.actor_type, id=contact.id, name=contact.name or contact.email or "")
        else:
            actor = ActorOut(type=event.actor_type, id=None, name="")
        return cls(
            id=event.id,
            actor=actor,
            action=event.action,
            field=event.field,
            old=event.old_value,
            new=event.new_value,
            data=event.data,
            created_at=event.created_at,
        )


class LinkedTicketOut(BaseModel):
    id: int
    number: str
    title: str
    status: Status


class LinkOut(BaseModel):
    """A link seen from one ticket: ``outgoing`` when that ticket is the link's source."""

    id: int
    kind: LinkKind
    outgoing: bool
    other: LinkedTicketOut
    score: float | None
    created_at: datetime

    @classmethod
    def of(cls, link: TicketLink, *, seen_from: Ticket) -> LinkOut:
        outgoing = link.source_id == seen_from.id
        other = link.target if outgoing else link.source
        return cls(
            id=link.id,
            kind=link.kind,
            outgoing=outgoing,
            other=LinkedTicketOut(id=other.id, number=other.number, title=other.title, status=other.status),
            score=link.score,
            created_at=link.created_at,
        )


def _ticket_out(ticket: Ticket, fields: dict[str, Any], merged_into: str | None) -> TicketOut:
    requester = ticket.requester
    return TicketOut(
        id=ticket.id,
        number=ticket.number,
        title=ticket.title,
        description=ticket.description,
        status=ticket.status,
        priority=ticket.priority,
        urgency=ticket.urgency,
        impact=ticket.impact,
        type=ticket.type.slug,
        category_id=ticket.category_id,
        channel=ticket.channel,
        requester=RequesterOut(id=requester.id, name=requester.name, email=requester.email),
        organization_id=ticket.organization_id,
        assignee=Ref(id=ticket.assignee.id, name=ticket.assignee.name) if ticket.assignee else None,
        team=Ref(id=ticket.team.id, name=ticket.team.name) if ticket.team else None,
        tags=ticket.tags,
        fields=fields,
        merged_into=merged_into,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        first_responded_at=ticket.first_responded_at,
        resolved_at=ticket.resolved_at,
        closed_at=ticket.closed_at,
    )


def _merged_numbers(session: Session, tickets: list[Ticket]) -> dict[int, str]:
    targets = repository.tickets_by_ids(session, [t.merged_into_id for t in tickets if t.merged_into_id])
    return {tid: t.number for tid, t in targets.items()}


def ticket_out(session: Session, ticket: Ticket, *, audience: Audience) -> TicketOut:
    """The API shape of one ticket, with the extension fields the audience may see."""
    merged = _merged_numbers(session, [ticket])
    fields = extension.read_fields(session, ticket, audience=audience)
    return _ticket_out(ticket, fields, merged.get(ticket.merged_into_id) if ticket.merged_into_id else None)


def ticket_list_out(session: Session, page: Page[Ticket], *, audience: Audience) -> TicketListOut:
    """A page of tickets in the API shape, reading extension fields in one query per ticket type."""
    tickets = list(page.items)
    values = extension.read_fields_many(session, tickets, audience=audience)
    merged = _merged_numbers(session, tickets)
    items = [
        _ticket_out(ticket, values.get(ticket.id, {}), merged.get(ticket.merged_into_id or 0))
        for ticket in tickets
    ]
    return TicketListOut(
        items=items, total=page.total, page=page.request.page, size=page.request.size, pages=page.pages
    )
