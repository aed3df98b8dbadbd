"""Merging a duplicate contact into the one to keep (admin only).

It lives in the tickets layer, not in users, because it moves tickets, messages and CCs and writes
their audit trail, which the users layer may not import (DESIGN §2).

Invariants after a merge: every ticket, message, audit event and CC that named the duplicate names
the kept contact instead (a CC that would repeat the requester or an existing CC is dropped); the
portal account of the duplicate, if any, is linked to the kept contact; details the kept contact
lacks (name, phone, external id, organization, language, e-mail) are taken from the duplicate; the
duplicate is deleted; each ticket that changed gets one ``contact.merged`` event naming both.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketwise.core.db import Base
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets import audit
from ticketwise.tickets.models import Ticket, TicketCC, TicketEvent, TicketMessage
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Contact, User
from ticketwise.users.permissions import require_admin

# Columns handled explicitly below; any other column referring to contacts.id (other domains add
# some) is re-pointed generically so the delete never fails on a foreign key.
_HANDLED = {
    ("tickets", "requester_id"),
    ("ticket_messages", "author_contact_id"),
    ("ticket_events", "actor_contact_id"),
    ("ticket_ccs", "contact_id"),
    ("contacts", "id"),
}


@dataclass(frozen=True)
class MergeResult:
    kept: Contact
    tickets: int  # tickets whose requester, messages or CCs moved
    messages: int


def contact_by_reference(session: Session, reference: str, *, field: str = "keep") -> Contact:
    """The contact named by an e-mail address or a number (``42`` or ``#42``) typed by an admin.

    Raises ValidationFailed on ``field`` when it is blank or names nobody.
    """
    text = (reference or "").strip()
    if not text:
        raise ValidationFailed(N_("This field is required."), field=field)
    digits = text.lstrip("#")
    contact = (
        users_repository.get_contact(session, int(digits))
        if digits.isdigit()
        else users_repository.contact_by_email(session, text)
    )
    if contact is None:
        raise ValidationFailed(N_("No contact has this e-mail address or number."), field=field)
    return contact


def _take_missing_details(keep: Contact, duplicate: Contact) -> None:
    for attribute in ("name", "phone", "external_id", "organization_id", "locale"):
        if not getattr(keep, attribute) and getattr(duplicate, attribute):
            setattr(keep, attribute, getattr(duplicate, attribute))
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n{duplicate.notes}".strip()


def _move_ccs(session: Session, duplicate: Contact, keep: Contact) -> set[int]:
    """Re-point the duplicate's CCs; returns the ids of the tickets concerned."""
    rows = session.scalars(sa.select(TicketCC).where(TicketCC.contact_id == duplicate.id)).all()
    ticket_ids = {row.ticket_id for row in rows}
    if not ticket_ids:
        return set()
    already = set(
        session.scalars(
            sa.select(TicketCC.ticket_id).where(
                TicketCC.contact_id == keep.id, TicketCC.ticket_id.in_(ticket_ids)
            )
        )
    )
    requested = set(
        session.scalars(sa.select(Ticket.id).where(Ticket.requester_id == keep.id, Ticket.id.in_(ticket_ids)))
    )
    for row in rows:
        session.delete(row)
    session.flush()
    for ticket_id in sorted(ticket_ids - already - requested):
        session.add(TicketCC(ticket_id=ticket_id, contact_id=keep.id))
    return ticket_ids


def _repoint_other_references(session: Session, duplicate: Contact, keep: Contact) -> None:
    contacts_id = Contact.__table__.c.id
    for table in Base.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column is contacts_id and (table.name, foreign_key.parent.name) not in _HANDLED:
                column = foreign_key.parent
                session.execute(sa.update(table).where(column == duplicate.id).values({column.name: keep.id}))


def merge_contacts(session: Session, actor: User | None, *, duplicate: Contact, keep: Contact) -> MergeResult:
    """Merge ``duplicate`` into ``keep`` (see the module docstring) and delete ``duplicate``.

    Raises PermissionDenied for non-admins; ValidationFailed on "keep" when both are the same
    contact; Conflict on "keep" when each is linked to a different portal account (merging would
    detach one person's account from their requests), or when another domain's record cannot be
    re-pointed.
    """
    admin = require_admin(actor)
    if duplicate.id == keep.id:
        raise ValidationFailed(N_("Choose another contact to keep."), field="keep")
    if duplicate.user_id is not None and keep.user_id is not None and duplicate.user_id != keep.user_id:
        raise Conflict(
            N_("Both contacts have their own portal accounts; they cannot be merged."), field="keep"
        )
    summary = {"duplicate_id": duplicate.id, "duplicate": duplicate.display, "kept_id": keep.id}

    requested = session.scalars(sa.select(Ticket).where(Ticket.requester_id == duplicate.id)).all()
    message_tickets = set(
        session.scalars(
            sa.select(TicketMessage.ticket_id).where(TicketMessage.author_contact_id == duplicate.id)
        )
    )
    try:
        with session.begin_nested():
            for ticket in requested:
                audit.record(
                    session,
                    ticket,
                    actor=admin,
                    action="contact.merged",
                    field="requester",
                    old=duplicate.id,
                    new=keep.id,
                    data=summary,
                )
                ticket.requester_id = keep.id
            messages = session.execute(
                sa.update(TicketMessage)
                .where(TicketMessage.author_contact_id == duplicate.id)
                .values(author_contact_id=keep.id)
                .execution_options(synchronize_session=False)
            ).rowcount
            session.execute(
                sa.update(TicketEvent)
                .where(TicketEvent.actor_contact_id == duplicate.id)
                .values(actor_contact_id=keep.id)
                .execution_options(synchronize_session=False)
            )
            cc_tickets = _move_ccs(session, duplicate, keep)
            requested_ids = {ticket.id for ticket in requested}
            for ticket_id in sorted((message_tickets | cc_tickets) - requested_ids):
                ticket = session.get(Ticket, ticket_id)
                if ticket is not None:
                    audit.record(session, ticket, actor=admin, action="contact.merged", data=summary)
            _repoint_other_references(session, duplicate, keep)

            user_id, email = duplicate.user_id, duplicate.email
            _take_missing_details(keep, duplicate)
            session.delete(duplicate)
            session.flush()  # frees the duplicate's unique user link and address
            if keep.user_id is None and user_id is not None:
                keep.user_id = user_id
            if keep.email is None and email is not None:
                keep.email = email
            session.flush()
    except IntegrityError:
        raise Conflict(
            N_("The contacts could not be merged: other records still refer to the duplicate."), field="keep"
        ) from None
    session.expire_all()
    return MergeResult(
        kept=keep, tickets=len(requested_ids | message_tickets | cc_tickets), messages=messages or 0
    )
