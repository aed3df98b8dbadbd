"""Serving a stored attachment to a browser or an API client (DESIGN §9).

Files are always downloaded, never displayed inline (``Content-Disposition: attachment``), the browser
must not guess another type (``nosniff``), and the sandbox CSP keeps an uploaded HTML or SVG file
from running script in the site's origin even if opened directly.
"""

from __future__ import annotations

from fastapi.responses import FileResponse

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets.attachments import blob_path
from ticketwise.tickets.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file's bytes as a download; NotFound when its blob is missing from the store."""
    path = blob_path(attachment.sha256)
    if not path.is_file():
        raise NotFound(N_("The content of this file is missing from storage."))
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )
