"""Reads of mailboxes for a person: administrators only (the settings include a password)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.intake.mailboxes import repository
from ticketwise.intake.mailboxes.models import Mailbox
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin


def list_mailboxes(session: Session, viewer: User | None) -> list[Mailbox]:
    """Every mailbox by name. Raises NotAuthenticated / PermissionDenied for non-admins."""
    require_admin(viewer)
    return repository.all_mailboxes(session)


def access_mailbox(session: Session, viewer: User | None, mailbox_id: int) -> Mailbox:
    """Raises NotAuthenticated / PermissionDenied for non-admins, NotFound for an unknown id."""
    require_admin(viewer)
    mailbox = repository.get_mailbox(session, mailbox_id)
    if mailbox is None:
        raise NotFound(N_("Mailbox not found."))
    return mailbox
