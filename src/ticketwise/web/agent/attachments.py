"""Attachment downloads for staff: ``/agent/attachments/{id}`` (DESIGN §9).

Files are always downloaded, never displayed inline (``Content-Disposition: attachment``), and the
browser must not guess another type (``X-Content-Type-Options: nosniff``), so an uploaded HTML or SVG
file cannot run script in the site's origin.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.attachments import blob_path
from ticketwise.web.deps import DbSession, StaffUser

router = APIRouter()


@router.get("/agent/attachments/{attachment_id}")
def download_attachment(session: DbSession, user: StaffUser, attachment_id: int) -> FileResponse:
    attachment = ticket_access.access_attachment(session, user, attachment_id)
    path = blob_path(attachment.sha256)
    if not path.is_file():
        raise NotFound(N_("The file of this attachment is missing from the store."))
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )
