"""One change applied to many tickets at once (the agent queue's bulk actions).

Invariants:

* staff only, at most :data:`MAX_BULK_TICKETS` tickets per call, exactly one kind of change per call
  (assignee, team, priority, status or one tag to add);
* every ticket is changed through the ordinary use cases (:func:`ticketwise.tickets.service.update_ticket`,
  :func:`ticketwise.tickets.transitions.transition`), so auditing, events and status rules are the
  same as for a change made on the ticket page;
* each ticket is changed inside its own SAVEPOINT: a ticket that refuses the change (a status the
  transition table does not allow from its status, an unknown ticket...) is rolled back alone and
  reported with the reason, the others still change;
* a ticket that already has the wanted value is reported as unchanged, not as refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ticketwise.core.errors import TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.access import access_ticket
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import clean_tags, update_ticket
from ticketwise.tickets.transitions import transition
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff

MAX_BULK_TICKETS = 100


class BulkChange(BaseModel):
    """The one change to make; only the field that is given counts (an explicit ``None`` for
    ``assignee_id`` or ``team_id`` removes the assignee or team)."""

    model_config = ConfigDict(extra="forbid")

    assignee_id: int | None = None
    team_id: int | None = None
    priority: Priority | None = None
    status: Status | None = None
    add_tag: str | None = None


@dataclass(frozen=True)
class BulkRefusal:
    """A ticket the change was not made to, and why (``error`` carries the untranslated reason)."""

    ticket_id: int
    number: str | None
    error: TicketwiseError

    @property
    def reason(self) -> str:
        """The reason in the current request language."""
        return self.error.translated()


@dataclass
class BulkResult:
    """Ticket numbers changed and already as wanted, and the refused tickets, in the order asked."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[BulkRefusal] = field(default_factory=list)


def _the_one_change(change: BulkChange) -> str:
    given = change.model_fields_set
    if len(given) != 1:
        raise ValidationFailed(N_("Choose one change to apply to the selected tickets."), field="change")
    (name,) = given
    if name in {"priority", "status", "add_tag"} and getattr(change, name) is None:
        raise ValidationFailed(N_("This field cannot be empty."), field=name)
    return name


def _ticket_ids(ticket_ids: Sequence[int]) -> list[int]:
    unique = list(dict.fromkeys(ticket_ids))
    if not unique:
        raise ValidationFailed(N_("Select at least one ticket."), field="ticket_ids")
    if len(unique) > MAX_BULK_TICKETS:
        raise ValidationFailed(
            N_("At most %(max)s tickets can be changed at once."), field="ticket_ids", max=MAX_BULK_TICKETS
        )
    return unique


def _snapshot(ticket: Ticket) -> tuple[object, ...]:
    return (ticket.assignee_id, ticket.team_id, ticket.priority, ticket.status, tuple(ticket.tags))


def _apply(session: Session, actor: User, ticket: Ticket, name: str, change: BulkChange, tag: str) -> None:
    """Make the change to one ticket; raises the service's error when the ticket refuses it."""
    if name == "status":
        to = Status(change.status)  # type: ignore[arg-type]  # checked by _the_one_change
        if ticket.status is to:
            return
        # A refusal raises inside the ticket's savepoint; events it queued are dropped with it.
        transition(session, actor, ticket, to)
    elif name == "add_tag":
        if tag not in ticket.tags:
            update_ticket(session, actor, ticket, TicketPatch(tags=[*ticket.tags, tag]))
    else:
        update_ticket(session, actor, ticket, TicketPatch(**{name: getattr(change, name)}))


def bulk_update(session: Session, actor: User, ticket_ids: Sequence[int], change: BulkChange) -> BulkResult:
    """Apply ``change`` to each ticket of ``ticket_ids`` (duplicates ignored) that accepts it.

    Raises PermissionDenied for customers, NotAuthenticated for inactive users, and ValidationFailed
    when no ticket or more than 100 are given (``ticket_ids``), when not exactly one change is given
    (``change``) or when the tag is empty or too long (``add_tag``). Per-ticket refusals (NotFound,
    Conflict, PermissionDenied, ValidationFailed) are returned in ``BulkResult.refused``.
    """
    actor = require_staff(actor)
    name = _the_one_change(change)
    ids = _ticket_ids(ticket_ids)
    tag = ""
    if name == "add_tag":
        tags = clean_tags([change.add_tag or ""])
        if not tags:
            raise ValidationFailed(N_("Enter a tag."), field="add_tag")
        tag = tags[0]
    result = BulkResult()
    for ticket_id in ids:
        number: str | None = None
        try:
            with session.begin_nested():
                ticket = access_ticket(session, actor, ticket_id)
                number = ticket.number
                before = _snapshot(ticket)
                _apply(session, actor, ticket, name, change, tag)
                session.flush()
                changed = _snapshot(ticket) != before
        except TicketwiseError as error:
            result.refused.append(BulkRefusal(ticket_id=ticket_id, number=number, error=error))
            continue
        (result.changed if changed else result.unchanged).append(ticket.number)
    return result
