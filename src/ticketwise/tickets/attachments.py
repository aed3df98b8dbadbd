"""Attachments: a content-addressed blob store plus the ``attachments`` rows that point into it.

Bytes live once under ``<attachments_dir>/<sha256[:2]>/<sha256>``, however many tickets carry them.
A blob is written to a temporary file in the same folder and moved into place with ``os.replace``, so
readers never see a partial file and concurrent writers of the same content both succeed. A blob is
written before the surrounding transaction commits; if that transaction rolls back the blob stays on
disk unreferenced, which is harmless (identical content reuses it later).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets import audit
from ticketwise.tickets.models import Attachment, Ticket, TicketMessage
from ticketwise.users.models import User

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILENAME_LENGTH = 255
DEFAULT_FILENAME = "attachment"
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def blob_path(sha256: str) -> Path:
    """Where the blob with this hash lives. Raises ValueError for anything but 64 lowercase hex
    digits, so a hash from a request can never address a path outside the store."""
    if not _SHA256.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return get_settings().attachments_dir / sha256[:2] / sha256


def store_blob(data: bytes) -> str:
    """Store ``data`` (once) and return its SHA-256 hex digest."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = blob_path(sha256)
    if path.exists():
        return sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return sha256


def sanitize_filename(filename: str | None) -> str:
    """The last path component only, without control characters, at most 255 characters (the
    extension is kept when shortening); ``attachment`` when nothing usable is left."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".").strip()
    if not name:
        return DEFAULT_FILENAME
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 16:
            name = stem[: MAX_FILENAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name


def guess_content_type(filename: str, content_type: str | None) -> str:
    """The given type (lower-cased, without parameters) or one guessed from the file name."""
    given = (content_type or "").split(";", 1)[0].strip().lower()
    if given and given != DEFAULT_CONTENT_TYPE and "/" in given:
        return given[:200]
    return mimetypes.guess_type(filename, strict=False)[0] or DEFAULT_CONTENT_TYPE


def check_size(filename: str, size: int) -> None:
    """Raise ValidationFailed(field="attachments") when ``size`` bytes exceed the configured limit."""
    limit_mb = get_settings().tickets.max_attachment_mb
    if size > limit_mb * 1024 * 1024:
        raise ValidationFailed(
            N_("The file %(name)s is larger than the limit of %(limit)s MB."),
            field="attachments",
            name=filename,
            limit=f"{limit_mb:g}",
        )


def add_attachment(
    session: Session,
    actor: User | None,
    ticket: Ticket,
    *,
    filename: str,
    content_type: str | None,
    data: bytes,
    message: TicketMessage | None = None,
    content_id: str | None = None,
) -> Attachment:
    """Store ``data`` and attach it to ``ticket`` (and to ``message`` when given).

    The caller has already fetched ``ticket`` through an access gate. Raises ValidationFailed
    (field ``attachments``) when the file is larger than ``settings.tickets.max_attachment_mb``.
    A file on the ticket itself is audited as ``attachment_added``; files of a message are listed in
    the message's own audit event instead.
    """
    name = sanitize_filename(filename)
    check_size(name, len(data))
    sha256 = store_blob(data)
    if ticket.id is None:
        session.flush()
    attachment = Attachment(
        ticket_id=ticket.id,
        message=message,
        sha256=sha256,
        size=len(data),
        content_type=guess_content_type(name, content_type),
        filename=name,
        content_id=content_id.strip("<>")[:255] if content_id else None,
        uploaded_by_id=actor.id if actor else None,
        created_at=now(),
    )
    session.add(attachment)
    session.flush()
    if message is None:
        audit.record(
            session,
            ticket,
            actor=actor,
            action="attachment_added",
            new=name,
            data={"attachment_id": attachment.id, "sha256": sha256, "size": len(data)},
        )
    return attachment
