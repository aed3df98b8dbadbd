"""Attachment downloads for staff: ``/agent/attachments/{id}`` (DESIGN §9).

Files are always downloaded, never displayed inline (``Content-Disposition: attachment``), and the
browser must not guess another type (``X-Content-Type-Options: nosniff``), so an uploaded HTML or SVG
file cannot run script in the site's origin.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from ticketwise.http.downloads import attachment_response
from ticketwise.tickets import access as ticket_access
from ticketwise.web.deps import DbSession, StaffUser

router = APIRouter()


@router.get("/agent/attachments/{attachment_id}")
def download_attachment(session: DbSession, user: StaffUser, attachment_id: int) -> FileResponse:
    return attachment_response(ticket_access.access_attachment(session, user, attachment_id))
