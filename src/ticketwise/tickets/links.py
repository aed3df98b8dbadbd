"""Relations between tickets and people around a ticket: links, merge, watchers and CCs (DESIGN §4).

Links are directed (``source`` *kind* ``target``: A duplicate_of B, A parent_of B); a pair carries at
most one link of each kind, whichever direction. Merging moves a ticket to ``merged`` pointing at its
target (``merged_into_id`` plus a ``merged_into`` link that cannot be removed); the conversation stays
where it was written and the access layer redirects readers (:func:`.access.merged_target`).

Staff make these changes; without an actor the caller is the system (intake linking a probable
duplicate, automation). Customers cannot.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import audit, repository
from ticketwise.tickets.domain_events import TicketMerged
from ticketwise.tickets.enums import LinkKind, Status
from ticketwise.tickets.messages import system_message
from ticketwise.tickets.models import Ticket, TicketCC, TicketLink, TicketWatcher
from ticketwise.tickets.transitions import transition
from ticketwise.users.models import Contact, User
from ticketwise.users.permissions import require_staff


def _staff_or_system(actor: User | None) -> User | None:
    return None if actor is None else require_staff(actor)


def _insert_link(
    session: Session, actor: User | None, source: Ticket, target: Ticket, kind: LinkKind, score: float | None
) -> TicketLink:
    if source.id == target.id:
        raise Conflict(N_("A ticket cannot be linked to itself."), field="target")
    if repository.find_link(session, source.id, target.id, kind) or repository.find_link(
        session, target.id, source.id, kind
    ):
        raise Conflict(N_("These tickets are already linked."), field="target")
    link = TicketLink(
        source_id=source.id,
        target_id=target.id,
        kind=kind,
        score=score,
        created_by_id=actor.id if actor else None,
        created_at=now(),
    )
    session.add(link)
    session.flush()
    return link


def link_tickets(
    session: Session,
    actor: User | None,
    source: Ticket,
    target: Ticket,
    kind: LinkKind,
    *,
    score: float | None = None,
) -> TicketLink:
    """Link ``source`` to ``target`` (``score``: similarity of a probable duplicate); both get a
    ``linked`` event.

    Raises PermissionDenied for customers, ValidationFailed(field="kind") for ``merged_into`` (use
    :func:`merge_tickets`), Conflict for a self-link or a pair already linked with this kind.
    """
    actor = _staff_or_system(actor)
    kind = LinkKind(kind)
    if kind is LinkKind.MERGED_INTO:
        raise ValidationFailed(N_("Use merge to merge two tickets."), field="kind")
    link = _insert_link(session, actor, source, target, kind, score)
    for ticket, other, direction in ((source, target, "outgoing"), (target, source, "incoming")):
        audit.record(
            session,
            ticket,
            actor=actor,
            action="linked",
            field="links",
            new=other.number,
            data={"link_id": link.id, "kind": kind.value, "direction": direction, "score": score},
        )
    return link


def unlink(session: Session, actor: User | None, link_id: int) -> None:
    """Remove a link; both tickets get an ``unlinked`` event.

    Raises NotFound for an unknown link, Conflict for the link of a merge.
    """
    actor = _staff_or_system(actor)
    link = repository.get_link(session, link_id)
    if link is None:
        raise NotFound(N_("This link does not exist."))
    if link.kind is LinkKind.MERGED_INTO:
        raise Conflict(N_("The link of a merge cannot be removed."))
    for ticket, other in ((link.source, link.target), (link.target, link.source)):
        audit.record(
            session,
            ticket,
            actor=actor,
            action="unlinked",
            field="links",
            old=other.number,
            data={"link_id": link.id, "kind": link.kind.value},
        )
    session.delete(link)
    session.flush()


def merge_tickets(session: Session, actor: User | None, source: Ticket, target: Ticket) -> Ticket:
    """Merge ``source`` into ``target`` and return ``target`` (staff only).

    ``source`` becomes ``merged`` with ``merged_into_id`` = target and a ``merged_into`` link; its
    requester (if another person) and its CCs are copied onto ``target`` as CCs, its watchers as
    watchers; both tickets get a system notice and an audit event. Publishes TicketMerged.

    Raises PermissionDenied for non-staff, Conflict when merging a ticket into itself or when either
    ticket is no longer open.
    """
    actor = require_staff(actor)
    if source.id == target.id:
        raise Conflict(N_("A ticket cannot be merged into itself."), field="target")
    if not source.is_open or not target.is_open:
        raise Conflict(N_("Only open tickets can be merged."), field="target")
    source.merged_into_id = target.id
    transition(session, actor, source, Status.MERGED, reason=target.number)
    _insert_link(session, actor, source, target, LinkKind.MERGED_INTO, None)

    contacts = [source.requester] + [cc.contact for cc in repository.list_ccs(session, source.id)]
    for contact in contacts:
        if contact.id != target.requester_id and repository.get_cc(session, target.id, contact.id) is None:
            _insert_cc(session, actor, target, contact)
    for watcher in repository.list_watchers(session, source.id):
        if repository.get_watcher(session, target.id, watcher.user_id) is None:
            _insert_watcher(session, actor, target, watcher.user)

    system_message(
        session, source, gettext(N_("This ticket was merged into %(number)s.")) % {"number": target.number}
    )
    system_message(
        session,
        target,
        gettext(N_("Ticket %(number)s was merged into this ticket.")) % {"number": source.number},
    )
    audit.record(session, source, actor=actor, action="merged", field="merged_into", new=target.number)
    audit.record(
        session, target, actor=actor, action="merged_from", new=source.number, data={"source_id": source.id}
    )
    target.updated_at = now()
    session.flush()
    publish(session, TicketMerged(source_id=source.id, target_id=target.id))
    return target


def _insert_watcher(session: Session, actor: User | None, ticket: Ticket, user: User) -> TicketWatcher:
    watcher = TicketWatcher(ticket_id=ticket.id, user_id=user.id, user=user)
    session.add(watcher)
    audit.record(session, ticket, actor=actor, action="watcher_added", field="watchers", new=user.id)
    session.flush()
    return watcher


def add_watcher(session: Session, actor: User | None, ticket: Ticket, user: User) -> TicketWatcher:
    """Make ``user`` follow ``ticket`` (idempotent). Raises PermissionDenied for non-staff actors and
    ValidationFailed(field="user_id") when ``user`` is not an active staff member."""
    actor = require_staff(actor)
    if not user.is_active or not user.is_staff:
        raise ValidationFailed(N_("Only active staff members can follow a ticket."), field="user_id")
    return repository.get_watcher(session, ticket.id, user.id) or _insert_watcher(
        session, actor, ticket, user
    )


def remove_watcher(session: Session, actor: User | None, ticket: Ticket, user: User) -> None:
    """Stop ``user`` following ``ticket`` (nothing happens if they did not). Staff only."""
    actor = require_staff(actor)
    watcher = repository.get_watcher(session, ticket.id, user.id)
    if watcher is None:
        return
    session.delete(watcher)
    audit.record(session, ticket, actor=actor, action="watcher_removed", field="watchers", old=user.id)
    session.flush()


def _insert_cc(session: Session, actor: User | None, ticket: Ticket, contact: Contact) -> TicketCC:
    cc = TicketCC(ticket_id=ticket.id, contact_id=contact.id, contact=contact)
    session.add(cc)
    audit.record(
        session, ticket, actor=actor, action="cc_added", field="ccs", new=contact.email or contact.display
    )
    session.flush()
    return cc


def add_cc(session: Session, actor: User | None, ticket: Ticket, contact: Contact) -> TicketCC:
    """Copy ``contact`` on the conversation (idempotent; staff or system).

    Raises Conflict when ``contact`` is the requester, who receives every reply anyway.
    """
    actor = _staff_or_system(actor)
    if contact.id == ticket.requester_id:
        raise Conflict(N_("The requester already receives every reply."), field="contact_id")
    return repository.get_cc(session, ticket.id, contact.id) or _insert_cc(session, actor, ticket, contact)


def remove_cc(session: Session, actor: User | None, ticket: Ticket, contact: Contact) -> None:
    """Stop copying ``contact`` (nothing happens if they were not copied). Staff or system."""
    actor = _staff_or_system(actor)
    cc = repository.get_cc(session, ticket.id, contact.id)
    if cc is None:
        return
    session.delete(cc)
    audit.record(
        session, ticket, actor=actor, action="cc_removed", field="ccs", old=contact.email or contact.display
    )
    session.flush()
