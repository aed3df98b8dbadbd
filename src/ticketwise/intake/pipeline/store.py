"""Step 1, always first: keep the raw bytes and a row saying where they came from (DESIGN §3.9)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.intake.models import InboundItem, ItemStatus
from ticketwise.tickets.attachments import blob_path, store_blob

MAX_SOURCE_LENGTH = 100
MAX_RAW_BYTES = 50 * 1024 * 1024
"""The largest payload a channel should hand over (the API refuses bigger ones with 413)."""


def store_raw(
    session: Session, raw: bytes, *, channel: str, source: str, content_type: str, attempts: int = 0
) -> InboundItem:
    """Write ``raw`` to the blob store (once per content) and insert its ``received`` item (flushed).

    ``attempts`` is 1 when the caller processes the item right away (saves updating it just after).

    Raises OSError when the bytes cannot be written: then nothing was accepted, and the caller must
    answer with a temporary failure so the sender retries.
    """
    sha256 = store_blob(raw)
    item = InboundItem(
        channel=channel,
        source=(source or "unknown")[:MAX_SOURCE_LENGTH],
        sha256=sha256,
        size=len(raw),
        content_type=content_type[:100],
        status=ItemStatus.RECEIVED,
        attempts=attempts,
        decisions=[],
        received_at=now(),
    )
    session.add(item)
    session.flush()
    return item


def raw_bytes(item: InboundItem) -> bytes:
    """The stored payload of ``item``. Raises OSError when the blob store lost it."""
    return blob_path(item.sha256).read_bytes()
