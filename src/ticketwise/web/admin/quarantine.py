"""Admin pages for the quarantine (DESIGN §3.9): inbound messages the pipeline could not process.

The list filters by status (quarantined by default); the detail page shows what is known, the
pipeline's decisions and the raw message as escaped, size-limited text with a download link, and
offers Retry (run the pipeline again on the stored bytes, with the defaults of the mailbox it came
from) and Discard (with a reason; the bytes stay stored). Results are flashed in the admin's language.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.intake import service as intake_service
from ticketwise.intake.mailboxes.service import defaults_for_source
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.intake.webhooks import access as webhook_access
from ticketwise.tickets import access as ticket_access
from ticketwise.users.models import User
from ticketwise.web.admin.forms import FormState, posted_values
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/quarantine")

RAW_PREVIEW_BYTES = 64 * 1024
"""The detail page shows at most this much of the raw message; the download has all of it."""

STATUS_LABELS = {
    ItemStatus.QUARANTINED: N_("Quarantined"),
    ItemStatus.RECEIVED: N_("Not processed"),
    ItemStatus.DISCARDED: N_("Discarded"),
    ItemStatus.PROCESSED: N_("Processed"),
}


def _status_filter(value: str | None) -> ItemStatus | None:
    """The status to list: quarantined unless another (or "all") is asked for."""
    if value == "all":
        return None
    try:
        return ItemStatus(value or ItemStatus.QUARANTINED.value)
    except ValueError:
        return ItemStatus.QUARANTINED


@router.get("", response_class=HTMLResponse)
def list_items(
    request: Request, session: DbSession, admin: AdminUser, status: str | None = None, page: int | None = None
) -> HTMLResponse:
    chosen = _status_filter(status)
    result = intake_service.list_items(session, admin, status=chosen, page=PageRequest(page=page or 1))
    return render(
        request,
        "admin/quarantine/list.html",
        {
            "section": "quarantine",
            "page": result,
            "status": chosen.value if chosen else "all",
            "params": {"status": chosen.value if chosen else "all"},
            "counts": intake_service.count_items(session, admin),
            "webhook_quarantine": webhook_access.quarantined_deliveries(session, admin),
            "status_labels": {k.value: gettext(v) for k, v in STATUS_LABELS.items()},
        },
    )


def _preview(session: Session, admin: User, item: InboundItem) -> tuple[str, bool, bool]:
    """(text, truncated, missing): the start of the raw bytes as text, for reading only."""
    try:
        raw = intake_service.raw_payload(session, admin, item.id)
    except NotFound:
        return "", False, True
    return raw[:RAW_PREVIEW_BYTES].decode("utf-8", "replace"), len(raw) > RAW_PREVIEW_BYTES, False


def _detail_page(
    request: Request,
    session: Session,
    admin: User,
    item: InboundItem,
    state: FormState,
    status_code: int = 200,
) -> HTMLResponse:
    text, truncated, missing = _preview(session, admin, item)
    ticket = ticket_access.access_ticket(session, admin, item.ticket_id) if item.ticket_id else None
    return render(
        request,
        "admin/quarantine/detail.html",
        {
            "section": "quarantine",
            "item": item,
            "ticket": ticket,
            "raw_text": text,
            "raw_truncated": truncated,
            "raw_missing": missing,
            "preview_kib": RAW_PREVIEW_BYTES // 1024,
            "form": state,
            "status_labels": {k.value: gettext(v) for k, v in STATUS_LABELS.items()},
            "actionable": item.status in (ItemStatus.QUARANTINED, ItemStatus.RECEIVED),
        },
        status_code=status_code,
    )


@router.get("/{item_id}", response_class=HTMLResponse)
def item_detail(request: Request, session: DbSession, admin: AdminUser, item_id: int) -> HTMLResponse:
    item = intake_service.get_item(session, admin, item_id)
    return _detail_page(request, session, admin, item, FormState())


@router.get("/{item_id}/raw")
def download_raw(session: DbSession, admin: AdminUser, item_id: int) -> Response:
    item = intake_service.get_item(session, admin, item_id)
    data = intake_service.raw_payload(session, admin, item_id)
    extension = "eml" if item.content_type == "message/rfc822" else "bin"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="inbound-{item.id}.{extension}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/{item_id}/retry", dependencies=[CsrfChecked])
def retry_item(session: DbSession, admin: AdminUser, item_id: int) -> RedirectResponse:
    item = intake_service.get_item(session, admin, item_id)
    response = RedirectResponse(f"/admin/quarantine/{item_id}", status_code=303)
    try:
        with session.begin_nested():
            result = intake_service.retry_item(
                session, admin, item_id, defaults=defaults_for_source(session, item.source)
            )
    except Conflict as exc:
        flash(response, exc.translated(), "danger")
        return response
    if result.outcome == Outcome.QUARANTINED:
        flash(response, gettext(N_("Still quarantined: %(reason)s")) % {"reason": result.reason}, "danger")
    elif result.ticket_number:
        flash(
            response,
            gettext(N_("Processed again (%(outcome)s): ticket %(number)s."))
            % {"outcome": result.outcome.value, "number": result.ticket_number},
        )
    else:
        flash(response, gettext(N_("Processed again (%(outcome)s).")) % {"outcome": result.outcome.value})
    return response


@router.post("/{item_id}/discard", response_class=HTMLResponse, dependencies=[CsrfChecked])
def discard_item(request: Request, session: DbSession, admin: AdminUser, item_id: int, posted: Posted) -> Any:
    item = intake_service.get_item(session, admin, item_id)
    values = posted_values(posted)
    state = FormState(values=values)
    try:
        with session.begin_nested():
            intake_service.discard_item(session, admin, item_id, values.get("reason", ""))
    except (ValidationFailed, Conflict) as exc:
        state.fail(exc, ("reason",))
        return _detail_page(request, session, admin, item, state, status_code=422)
    response = RedirectResponse("/admin/quarantine", status_code=303)
    flash(response, gettext(N_("Message #%(id)d discarded.")) % {"id": item_id})
    return response
