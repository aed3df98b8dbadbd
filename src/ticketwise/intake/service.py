"""The quarantine service: list, retry and discard inbound items (admins only; D's admin pages and
the API call these). Retrying re-runs the pipeline on the stored bytes; discarding keeps them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.pagination import Page, PageRequest
from ticketwise.intake import repository
from ticketwise.intake.message import IntakeDefaults
from ticketwise.intake.models import InboundItem, ItemStatus
from ticketwise.intake.pipeline import IntakeResult, process_item
from ticketwise.intake.pipeline.store import raw_bytes
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

MAX_DISCARD_REASON = 1000
_RETRYABLE = frozenset({ItemStatus.QUARANTINED, ItemStatus.RECEIVED})


def get_item(session: Session, actor: User | None, item_id: int) -> InboundItem:
    """One item. Raises PermissionDenied for non-admins, NotFound for an unknown id."""
    require_admin(actor)
    item = repository.get_item(session, item_id)
    if item is None:
        raise NotFound(N_("This inbound message does not exist."))
    return item


def list_items(
    session: Session, actor: User | None, *, status: ItemStatus | None = None, page: PageRequest | None = None
) -> Page[InboundItem]:
    """Items newest first, optionally of one status. Raises PermissionDenied for non-admins."""
    require_admin(actor)
    return repository.list_items(session, status, page or PageRequest())


def count_items(session: Session, actor: User | None) -> dict[ItemStatus, int]:
    """How many items each status has (every status present, zero when none)."""
    require_admin(actor)
    counts = repository.count_by_status(session)
    return {status: counts.get(status, 0) for status in ItemStatus}


def raw_payload(session: Session, actor: User | None, item_id: int) -> bytes:
    """The stored bytes of an item, for download and diagnosis. Raises PermissionDenied, NotFound
    (also when the blob store lost the bytes)."""
    item = get_item(session, actor, item_id)
    try:
        return raw_bytes(item)
    except OSError:
        raise NotFound(N_("The stored message is missing from the file store.")) from None


def retry_item(
    session: Session, actor: User | None, item_id: int, *, defaults: IntakeDefaults | None = None
) -> IntakeResult:
    """Run the pipeline again on a quarantined (or never finished) item's stored bytes.

    The item keeps its id and counts the attempt; the result may be quarantined again. Raises
    PermissionDenied for non-admins, NotFound, Conflict when the item was already processed or
    discarded.
    """
    item = get_item(session, actor, item_id)
    if item.status not in _RETRYABLE:
        raise Conflict(N_("Only quarantined messages can be retried."))
    try:
        data = raw_bytes(item)
    except OSError:
        raise Conflict(N_("The stored message is missing from the file store.")) from None
    return process_item(session, item, data, defaults)


def discard_item(session: Session, actor: User | None, item_id: int, reason: str) -> InboundItem:
    """Give up on a quarantined item: it stays listed as ``discarded`` with who, when and why; the
    raw bytes stay in the store. Raises PermissionDenied, NotFound, ValidationFailed(field="reason")
    for a blank or too long reason, Conflict when the item is not quarantined."""
    admin = require_admin(actor)
    item = get_item(session, admin, item_id)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationFailed(N_("Say why the message is discarded."), field="reason")
    if len(text) > MAX_DISCARD_REASON:
        raise ValidationFailed(
            N_("The reason may have at most %(max)s characters."), field="reason", max=MAX_DISCARD_REASON
        )
    if item.status not in _RETRYABLE:
        raise Conflict(N_("Only quarantined messages can be discarded."))
    item.status = ItemStatus.DISCARDED
    item.discarded_at = now()
    item.discarded_by_id = admin.id
    item.discard_reason = text
    session.flush()
    return item
