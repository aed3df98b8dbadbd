"""Use cases that create and edit tickets (DESIGN §4). Messages, links and status changes have their
own modules (:mod:`.messages`, :mod:`.links`, :mod:`.transitions`).

Invariants kept here:

* a customer is always the requester of the tickets they create, and cannot choose team, assignee,
  tags or a priority more urgent than the type's default (such input is ignored, not refused);
* type fields are validated by the type registry for the creator's audience (customer or agent);
* every change is audited, one event per changed field (``fields.<name>`` for type fields);
* status changes go through :func:`ticketwise.tickets.transitions.transition`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.core.security import text_to_html
from ticketwise.tickets import audit, repository
from ticketwise.tickets.attachments import add_attachment, check_size, sanitize_filename
from ticketwise.tickets.domain_events import TicketCreated, TicketUpdated
from ticketwise.tickets.enums import ActorType, Channel, Priority, Status
from ticketwise.tickets.models import Ticket, TicketTag
from ticketwise.tickets.numbering import next_number
from ticketwise.tickets.schemas import TicketCreate, TicketPatch
from ticketwise.tickets.transitions import transition
from ticketwise.tickets.types import extension, registry
from ticketwise.tickets.types import repository as types_repository
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.tickets.types.registry import Audience
from ticketwise.users import contacts
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Contact, Team, User
from ticketwise.users.permissions import require_staff, require_user

MAX_TITLE_LENGTH = 300
MAX_TAG_LENGTH = 60
_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}  # P0 (most urgent) first


def clean_title(title: str | None) -> str:
    """The title without surrounding space; ValidationFailed(field="title") if empty or too long."""
    text = " ".join((title or "").split())
    if not text:
        raise ValidationFailed(N_("A title is required."), field="title")
    if len(text) > MAX_TITLE_LENGTH:
        raise ValidationFailed(
            N_("The title may have at most %(max)s characters."), field="title", max=MAX_TITLE_LENGTH
        )
    return text


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags lower-cased, trimmed, without blanks or repeats, sorted; ValidationFailed(field="tags")
    for a tag longer than 60 characters."""
    cleaned: set[str] = set()
    for tag in tags:
        text = " ".join(str(tag).split()).lower()
        if len(text) > MAX_TAG_LENGTH:
            raise ValidationFailed(
                N_("A tag may have at most %(max)s characters."), field="tags", max=MAX_TAG_LENGTH
            )
        if text:
            cleaned.add(text)
    return sorted(cleaned)


def _ticket_type(session: Session, slug: str) -> TicketType:
    ticket_type = types_repository.find_type_with_fields(session, slug)
    if ticket_type is None or not ticket_type.is_active:
        raise ValidationFailed(N_("Choose one of the available ticket types."), field="type")
    return ticket_type


def _category(session: Session, ticket_type: TicketType, category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = repository.get_category(session, category_id)
    if category is None or category.type_id != ticket_type.id or not category.is_active:
        raise ValidationFailed(N_("Choose a category of this ticket type."), field="category_id")
    return category


def _team(session: Session, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = users_repository.get_team(session, team_id)
    if team is None:
        raise ValidationFailed(N_("This team does not exist."), field="team_id")
    return team


def _assignee(session: Session, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = users_repository.get_user(session, user_id)
    if user is None or not user.is_active or not user.is_staff:
        raise ValidationFailed(N_("Choose an active staff member."), field="assignee_id")
    return user


def _contact_from_details(session: Session, data: TicketCreate) -> Contact:
    requester = data.requester
    assert requester is not None
    try:
        return contacts.get_or_create_contact(
            session, email=requester.email, name=requester.name, phone=requester.phone
        )
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message, field=f"requester.{error.field or 'email'}", **error.params
        ) from None


def _requester(session: Session, actor: User | None, data: TicketCreate) -> Contact:
    """Who the ticket is for (see the module invariants)."""
    if actor is not None and not actor.is_staff:
        return users_repository.contact_for_user(session, actor.id) or contacts.link_customer_contact(
            session, actor
        )
    if data.requester_contact_id is not None:
        # Staff choose an existing contact; without an actor this is a trusted caller (intake, which
        # identifies the requester itself). Public forms never pass it through.
        contact = users_repository.get_contact(session, data.requester_contact_id)
        if contact is None:
            raise ValidationFailed(N_("This contact does not exist."), field="requester_contact_id")
        return contact
    if actor is None:
        if data.requester is None or not data.requester.email:
            raise ValidationFailed(N_("Your e-mail address is required."), field="requester.email")
        return _contact_from_details(session, data)
    if data.requester is None:
        raise ValidationFailed(N_("Choose the requester or enter their contact details."), field="requester")
    return _contact_from_details(session, data)


def _field_values(ticket_type: TicketType, data: TicketCreate, audience: Audience) -> dict[str, Any]:
    """Type field values: what the extractors find in the description, overridden by explicit values,
    validated for the creator's audience. Fields customers cannot see still take what the description
    reveals (else their default) when a customer creates the ticket."""
    extracted = registry.apply_extractors(ticket_type, data.description or "")
    names = {field.name for field in registry.fields_for(ticket_type, audience)}
    found = {name: value for name, value in extracted.items() if name in names}
    values = registry.validate_fields(ticket_type, {**found, **data.fields}, audience=audience)
    if audience == "customer":
        staff_only = {
            field.name: extracted.get(field.name, field.default)
            for field in registry.fields_for(ticket_type, "agent")
            if field.name not in names
        }
        staff_only = {name: value for name, value in staff_only.items() if value is not None}
        values.update(registry.validate_fields(ticket_type, staff_only, audience="agent", partial=True))
    return values


def create_ticket(
    session: Session,
    actor: User | None,
    data: TicketCreate,
    *,
    channel: Channel,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> Ticket:
    """Create a ticket from ``data``; ``actor`` is staff, a customer, or ``None`` (public form, intake).

    Staff give ``requester`` or ``requester_contact_id``; an anonymous submission needs
    ``requester.email``. Priority defaults to the type's, team to the type's default team; with an
    assignee the ticket starts as ``assigned``. ``attachments`` are ``(filename, content_type,
    bytes)``. Publishes TicketCreated after commit.

    Raises NotAuthenticated for an inactive actor and ValidationFailed naming the field (``type``,
    ``title``, ``requester...``, ``category_id``, ``team_id``, ``assignee_id``, ``tags``,
    ``fields.<name>``, ``attachments``).
    """
    if actor is not None:
        require_user(actor)
    staff = actor is not None and actor.is_staff
    ticket_type = _ticket_type(session, data.type)
    title = clean_title(data.title)
    category = _category(session, ticket_type, data.category_id)
    for filename, _content_type, content in attachments:
        check_size(sanitize_filename(filename), len(content))
    default_priority = Priority(ticket_type.default_priority)
    if staff:
        priority = data.priority or default_priority
        team = _team(session, data.team_id)
        team_id = team.id if team else ticket_type.default_team_id
        assignee = _assignee(session, data.assignee_id)
        tags = clean_tags(data.tags)
    else:
        wanted = data.priority
        less_urgent = wanted is not None and _PRIORITY_RANK[wanted] >= _PRIORITY_RANK[default_priority]
        priority = wanted if wanted is not None and less_urgent else default_priority
        team_id, assignee, tags = ticket_type.default_team_id, None, []
    requester = _requester(session, actor, data)
    values = _field_values(ticket_type, data, "agent" if staff else "customer")

    moment = now()
    description = data.description or ""
    ticket = Ticket(
        number=next_number(session, moment),
        title=title,
        description=description,
        description_html=text_to_html(description),
        type=ticket_type,
        category=category,
        status=Status.NEW,
        priority=priority,
        channel=channel,
        requester=requester,
        organization_id=requester.organization_id,
        team_id=team_id,
        created_by_id=actor.id if actor else None,
        language=(data.language or "").strip()[:10] or None,
        last_customer_message_at=None if staff else moment,
        created_at=moment,
        updated_at=moment,
        tag_rows=[TicketTag(tag=tag) for tag in tags],
    )
    session.add(ticket)
    session.flush()
    extension.insert_fields(session, ticket, values)
    audit.record(
        session,
        ticket,
        actor=actor,
        contact=requester if actor is None else None,
        action="created",
        data={"number": ticket.number, "type": ticket_type.slug, "channel": channel.value},
    )
    if assignee is not None:
        ticket.assignee = assignee
        transition(session, actor, ticket, Status.ASSIGNED)
    for filename, content_type, content in attachments:
        add_attachment(session, actor, ticket, filename=filename, content_type=content_type, data=content)
    session.flush()
    publish(session, TicketCreated(ticket_id=ticket.id))
    return ticket


def _required(value: Any, field: str) -> Any:
    if value is None:
        raise ValidationFailed(N_("This field cannot be empty."), field=field)
    return value


def update_ticket(
    session: Session,
    actor: User | None,
    ticket: Ticket,
    data: TicketPatch,
    *,
    actor_type: ActorType | None = None,
) -> Ticket:
    """Apply the fields present in ``data``; unchanged values write nothing.

    ``actor`` is a staff member, or ``None`` for the system (intake, automation); pass
    ``actor_type=ActorType.AI`` to attribute the change to an AI decision. Assigning a ``new``
    ticket makes it ``assigned``; removing the assignee of an ``assigned`` ticket makes it ``new``
    again. Publishes TicketUpdated naming the changed fields.

    Raises PermissionDenied for customers, NotAuthenticated for inactive users, ValidationFailed
    naming the field for invalid values.
    """
    if actor is not None:
        actor = require_staff(actor)
    given = data.model_fields_set
    changes: list[tuple[str, Any, Any]] = []

    def change(field: str, new: Any) -> None:
        old = getattr(ticket, field)
        if old != new:
            changes.append((field, old, new))
            setattr(ticket, field, new)

    if "title" in given:
        change("title", clean_title(data.title))
    if "priority" in given:
        change("priority", _required(data.priority, "priority"))
    if "urgency" in given:
        change("urgency", data.urgency)
    if "impact" in given:
        change("impact", data.impact)
    if "category_id" in given:
        category = _category(session, ticket.type, data.category_id)
        change("category_id", category.id if category else None)
        ticket.category = category  # keep the loaded relationship in step with the id
    if "team_id" in given:
        team = _team(session, data.team_id)
        change("team_id", team.id if team else None)
        ticket.team = team
    old_assignee = ticket.assignee_id
    if "assignee_id" in given:
        assignee = _assignee(session, data.assignee_id)
        change("assignee_id", assignee.id if assignee else None)
        ticket.assignee = assignee
    if "tags" in given:
        tags = clean_tags(_required(data.tags, "tags"))
        if tags != ticket.tags:
            changes.append(("tags", ticket.tags, tags))
            kept = {row.tag: row for row in ticket.tag_rows}
            ticket.tag_rows = [kept.get(tag) or TicketTag(tag=tag) for tag in tags]
    if data.fields:
        values = registry.validate_fields(ticket.type, data.fields, audience="agent", partial=True)
        for name, old, new in extension.write_fields(session, ticket, values):
            changes.append((f"fields.{name}", old, new))
    if not changes:
        return ticket

    audit.record_changes(session, ticket, changes, actor=actor, actor_type=actor_type)
    if ticket.assignee_id != old_assignee:
        if ticket.assignee_id is not None and ticket.status is Status.NEW:
            transition(session, actor, ticket, Status.ASSIGNED)
        elif ticket.assignee_id is None and ticket.status is Status.ASSIGNED:
            transition(session, actor, ticket, Status.NEW)
    publish(session, TicketUpdated(ticket_id=ticket.id, changes=tuple(field for field, _, _ in changes)))
    return ticket
