"""Files on tickets: list, upload (size-limited) and download (always as an attachment)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import FileResponse

from ticketwise.api.deps import ApiSession, ApiUser, ObjectId
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for
from ticketwise.config import get_settings
from ticketwise.http.downloads import attachment_response
from ticketwise.tickets import access
from ticketwise.tickets.attachments import add_attachment
from ticketwise.tickets.schemas import AttachmentOut

router = APIRouter(tags=["tickets"])


@router.get(
    "/tickets/{ticket}/attachments",
    response_model=list[AttachmentOut],
    summary="List a ticket's files",
    responses=problem_responses(404),
)
def list_attachments(ref: TicketRef, session: ApiSession, user: ApiUser) -> list[AttachmentOut]:
    """Customers see files on the ticket itself and on public replies only."""
    ticket = ticket_for(session, user, ref)
    return [AttachmentOut.of(attachment) for attachment in access.list_attachments(session, user, ticket)]


@router.post(
    "/tickets/{ticket}/attachments",
    status_code=201,
    response_model=list[AttachmentOut],
    summary="Upload files to a ticket",
    responses=problem_responses(404, 413, 422),
)
def upload_attachments(
    ref: TicketRef,
    session: ApiSession,
    user: ApiUser,
    file: Annotated[list[UploadFile], File(description="One or more files (repeat the part).")],
) -> list[AttachmentOut]:
    """Attach the uploaded files (multipart/form-data, part name ``file``) to the ticket; each may
    be at most ``settings.tickets.max_attachment_mb``."""
    ticket = ticket_for(session, user, ref)
    # Read one byte past the limit at most: enough for the service to refuse an oversized file
    # without holding all of it in memory.
    limit = int(get_settings().tickets.max_attachment_mb * 1024 * 1024) + 1
    stored = []
    for upload in file:
        data = upload.file.read(limit)
        stored.append(
            add_attachment(
                session,
                user,
                ticket,
                filename=upload.filename or "",
                content_type=upload.content_type,
                data=data,
            )
        )
    return [AttachmentOut.of(attachment) for attachment in stored]


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    response_model=None,
    summary="Download a file",
    responses={
        200: {
            "description": "The file's bytes, with the media type it was uploaded with",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(404),
    },
)
def download_attachment(attachment_id: ObjectId, session: ApiSession, user: ApiUser) -> FileResponse:
    """Always served as a download (``Content-Disposition: attachment``, ``nosniff``), so an
    uploaded page or script never runs in the browser."""
    return attachment_response(access.access_attachment(session, user, attachment_id))
