"""The ticket status machine (DESIGN §3.1, §4): the only code that writes ``Ticket.status``.

:data:`TRANSITIONS` says, for every allowed ``(from, to)`` pair, which kinds of actor may make it.
Actor kinds are the staff roles (``admin``, ``supervisor``, ``agent``), ``customer`` (a portal user
or, through intake, a requester writing in) and ``system`` (jobs, automation, intake). Decisions
beyond the table of DESIGN §4:

* ``assigned → new`` (staff, system): removing the assignee puts the ticket back in the queue.
* A customer may cancel their own ticket while nobody works on it yet (``new`` or ``assigned``);
  later only staff cancel.
* ``cancelled → new`` (staff): a ticket cancelled by mistake can be restored. ``closed`` and
  ``merged`` are terminal; a customer who writes after that is asked to open a new ticket.
* ``→ merged`` happens only inside a merge (``merged_into_id`` must already be set).
* A customer may only act on tickets they can see, and may reopen a resolved ticket only within
  ``settings.tickets.reopen_window_days`` of its resolution.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, PermissionDenied
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import audit
from ticketwise.tickets.access import can_see
from ticketwise.tickets.domain_events import TicketStatusChanged
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import Contact, User

ACTOR_KINDS = frozenset({"admin", "supervisor", "agent", "customer", "system"})
STAFF = frozenset({"admin", "supervisor", "agent"})
_STAFF_AND_SYSTEM = STAFF | {"system"}
_EVERYONE = STAFF | {"customer", "system"}

S = Status
TRANSITIONS: dict[tuple[Status, Status], frozenset[str]] = {
    (S.NEW, S.ASSIGNED): _STAFF_AND_SYSTEM,
    (S.ASSIGNED, S.NEW): _STAFF_AND_SYSTEM,
    (S.NEW, S.IN_PROGRESS): _STAFF_AND_SYSTEM,
    (S.ASSIGNED, S.IN_PROGRESS): _STAFF_AND_SYSTEM,
    (S.IN_PROGRESS, S.PENDING): _STAFF_AND_SYSTEM,
    # A customer's reply brings a waiting ticket back to work.
    (S.PENDING, S.IN_PROGRESS): _EVERYONE,
    (S.NEW, S.RESOLVED): STAFF,
    (S.ASSIGNED, S.RESOLVED): STAFF,
    (S.IN_PROGRESS, S.RESOLVED): STAFF,
    (S.PENDING, S.RESOLVED): STAFF,
    # The customer confirms, staff close, or the auto-close job closes after the configured days.
    (S.RESOLVED, S.CLOSED): _EVERYONE,
    # Reopen: the customer within the reopen window, staff at any time, intake for a mailed reply.
    (S.RESOLVED, S.IN_PROGRESS): _EVERYONE,
    (S.NEW, S.CANCELLED): STAFF | {"customer"},
    (S.ASSIGNED, S.CANCELLED): STAFF | {"customer"},
    (S.IN_PROGRESS, S.CANCELLED): STAFF,
    (S.PENDING, S.CANCELLED): STAFF,
    (S.CANCELLED, S.NEW): STAFF,
    (S.NEW, S.MERGED): STAFF,
    (S.ASSIGNED, S.MERGED): STAFF,
    (S.IN_PROGRESS, S.MERGED): STAFF,
    (S.PENDING, S.MERGED): STAFF,
}


def actor_kind_of(actor: User | None, actor_kind: str | None = None) -> str:
    """The table's actor kind: the user's role, or ``actor_kind`` (default ``system``) without a user.

    A user cannot borrow another kind (a customer is never "system"): ValueError, a programming error.
    """
    if actor is None:
        kind = actor_kind or "system"
    else:
        kind = actor.role.value
        if actor_kind is not None and actor_kind != kind:
            raise ValueError(f"actor_kind {actor_kind!r} does not match the user's role {kind!r}")
    if kind not in ACTOR_KINDS:
        raise ValueError(f"unknown actor kind {kind!r}")
    return kind


def within_reopen_window(ticket: Ticket) -> bool:
    """Whether a resolved ticket may still be reopened by its customer."""
    if ticket.status is not Status.RESOLVED or ticket.resolved_at is None:
        return False
    return now() <= ticket.resolved_at + timedelta(days=get_settings().tickets.reopen_window_days)


def _check(session: Session, actor: User | None, kind: str, ticket: Ticket, to: Status) -> None:
    """Raise Conflict or PermissionDenied when ``kind`` may not move ``ticket`` to ``to``."""
    old = ticket.status
    allowed = TRANSITIONS.get((old, to))
    if allowed is None:
        raise Conflict(
            N_("Cannot change status from %(old)s to %(new)s."),
            field="status",
            old=gettext(old.label),
            new=gettext(to.label),
        )
    if kind not in allowed:
        raise PermissionDenied(
            N_("You may not change the status of this ticket to %(new)s."), new=gettext(to.label)
        )
    if to is Status.MERGED and ticket.merged_into_id is None:
        raise Conflict(N_("A ticket becomes merged only by merging it into another ticket."), field="status")
    if kind == "customer":
        if actor is not None and not can_see(session, actor, ticket):
            raise PermissionDenied(
                N_("You may not change the status of this ticket to %(new)s."), new=gettext(to.label)
            )
        if (old, to) == (Status.RESOLVED, Status.IN_PROGRESS) and not within_reopen_window(ticket):
            raise Conflict(N_("This ticket is closed. Please open a new ticket."), field="status")


def allowed_transitions(actor: User | None, ticket: Ticket, *, actor_kind: str | None = None) -> list[Status]:
    """The statuses ``actor`` may move ``ticket`` to now, in the order of :class:`Status`.

    Merging is left out (it is its own action), as is anything the table or the reopen window forbids.
    Ownership is not checked here: ``ticket`` comes from an access gate.
    """
    kind = actor_kind_of(actor, actor_kind)
    result = []
    for to in Status:
        allowed = TRANSITIONS.get((ticket.status, to))
        if allowed is None or kind not in allowed or to is Status.MERGED:
            continue
        customer_reopen = kind == "customer" and (ticket.status, to) == (Status.RESOLVED, Status.IN_PROGRESS)
        if customer_reopen and not within_reopen_window(ticket):
            continue
        result.append(to)
    return result


def transition(
    session: Session,
    actor: User | None,
    ticket: Ticket,
    to: Status,
    *,
    reason: str | None = None,
    actor_kind: str | None = None,
    contact: Contact | None = None,
) -> Ticket:
    """Move ``ticket`` to ``to`` if the table allows ``actor`` (or ``actor_kind`` without a user).

    Stamps ``resolved_at`` on resolving (cleared again on reopening) and ``closed_at`` on closing,
    bumps ``updated_at``, records a ``status_changed`` event (attributed to ``contact`` when a
    requester acted through intake) and publishes TicketStatusChanged after commit.

    Raises Conflict when the pair is not in the table, the ticket is not being merged (``→ merged``)
    or a customer's reopen window has passed; PermissionDenied when this kind of actor may not make
    the transition or a customer acts on a ticket they cannot see.
    """
    to = Status(to)
    kind = actor_kind_of(actor, actor_kind)
    _check(session, actor, kind, ticket, to)
    old = ticket.status
    moment = now()
    ticket.status = to
    ticket.updated_at = moment
    if to is Status.RESOLVED:
        ticket.resolved_at = moment
    elif to is Status.CLOSED:
        ticket.closed_at = moment
    elif old is Status.RESOLVED:
        ticket.resolved_at = None
    data = {"reason": reason} if reason else None
    audit.record(
        session,
        ticket,
        actor=actor,
        contact=contact,
        action="status_changed",
        field="status",
        old=old,
        new=to,
        data=data,
    )
    session.flush()
    publish(session, TicketStatusChanged(ticket_id=ticket.id, old=old, new=to))
    return ticket
