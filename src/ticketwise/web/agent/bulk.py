"""Bulk actions of the agent queue: ``POST /agent/queue/bulk`` applies one change to the selected tickets.

The queue's action bar posts the selected ``ticket_ids``, the ``action`` (``assign``, ``team``,
``priority``, ``status`` or ``tag``) with its value, and ``next`` (the queue URL it was shown on).
The answer is always a redirect back to that queue with one flash message: how many tickets changed
and, grouped by reason, the numbers of the tickets that refused the change. A request that cannot be
applied at all (nothing selected, too many tickets, no value) changes nothing and says why.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext, ngettext
from ticketwise.tickets.bulk import BulkChange, BulkResult, bulk_update
from ticketwise.tickets.enums import Priority, Status
from ticketwise.web.common import safe_next
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, optional_int, text

router = APIRouter()

QUEUE_URL = "/agent/queue"


def _posted_change(form: FormData) -> BulkChange:
    """The change the action bar asks for; ValidationFailed for an unknown action or value."""
    action = text(form, "action")
    if action == "assign":
        return BulkChange(assignee_id=optional_int(text(form, "assignee_id")))
    if action == "team":
        return BulkChange(team_id=optional_int(text(form, "team_id")))
    if action == "priority" and text(form, "priority") in {p.value for p in Priority}:
        return BulkChange(priority=Priority(text(form, "priority")))
    if action == "status" and text(form, "status") in {s.value for s in Status}:
        return BulkChange(status=Status(text(form, "status")))
    if action == "tag":
        return BulkChange(add_tag=text(form, "tag"))
    raise ValidationFailed(N_("Choose one change to apply to the selected tickets."), field="change")


def _posted_ids(form: FormData) -> list[int]:
    ids = (optional_int(value) for value in form.getlist("ticket_ids"))
    return [ticket_id for ticket_id in ids if ticket_id is not None]


def _summary(result: BulkResult) -> str:
    """One translated message: the count of changed tickets, then the refused ones grouped by reason."""
    changed = len(result.changed)
    parts = [
        ngettext("%(count)s ticket changed.", "%(count)s tickets changed.", changed) % {"count": changed}
    ]
    if result.unchanged:
        count = len(result.unchanged)
        parts.append(
            ngettext(
                "%(count)s ticket already had this value.", "%(count)s tickets already had this value.", count
            )
            % {"count": count}
        )
    by_reason: dict[str, list[str]] = {}
    for refusal in result.refused:
        by_reason.setdefault(refusal.reason, []).append(refusal.number or f"#{refusal.ticket_id}")
    for reason, numbers in by_reason.items():
        parts.append(
            gettext(N_("Not changed: %(numbers)s (%(reason)s)"))
            % {"numbers": ", ".join(numbers), "reason": reason.rstrip(".。")}
        )
    return " ".join(parts)


@router.post(QUEUE_URL + "/bulk", dependencies=[CsrfChecked])
def post_bulk(session: DbSession, user: StaffUser, form: Posted) -> RedirectResponse:
    response = RedirectResponse(safe_next(text(form, "next"), QUEUE_URL), status_code=303)
    try:
        result = bulk_update(session, user, _posted_ids(form), _posted_change(form))
    except ValidationFailed as error:
        flash(response, error.translated(), "danger")
        return response
    category = "warning" if result.refused else "success"
    flash(response, _summary(result), category)
    return response
