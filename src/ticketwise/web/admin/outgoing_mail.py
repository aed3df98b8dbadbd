"""Admin page for outgoing mail: the SMTP server settings, a test message, and the recent mail log.

The password input is never filled in: the page only says whether one is stored, and a blank input
keeps it (see :mod:`ticketwise.notifications.smtp_settings`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.i18n import N_, gettext
from ticketwise.notifications import access as mail_access
from ticketwise.notifications.models import SmtpSecurity
from ticketwise.notifications.smtp_settings import load_smtp_settings, update_smtp_settings
from ticketwise.notifications.smtp_test import send_test_email
from ticketwise.web.admin.forms import FormState, is_on, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, text
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/outgoing-mail")

INPUTS = (
    "enabled",
    "host",
    "port",
    "security",
    "username",
    "password",
    "from_address",
    "from_name",
    "reply_to",
    "automatic_per_hour",
)
PAGE = "/admin/outgoing-mail"


def _stored_values(session: DbSession) -> dict[str, Any]:
    row = load_smtp_settings(session)
    return {
        "enabled": row.enabled,
        "host": row.host,
        "port": row.port,
        "security": row.security.value,
        "username": row.username,
        "from_address": row.from_address,
        "from_name": row.from_name,
        "reply_to": row.reply_to,
        "automatic_per_hour": row.automatic_per_hour,
    }


def _page(
    request: Request,
    session: DbSession,
    admin: AdminUser,
    form: FormState,
    test_form: FormState,
    status_code: int = 200,
) -> HTMLResponse:
    row = load_smtp_settings(session)
    return render(
        request,
        "admin/outgoing_mail/settings.html",
        {
            "section": "outgoing_mail",
            "form": form,
            "test_form": test_form,
            "password_stored": bool(row.password),
            "security_options": [(mode.value, gettext(mode.label)) for mode in SmtpSecurity],
            "recent": mail_access.list_recent_mail(session, admin),
        },
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def show_settings(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    test_form = FormState(values={"test_to": admin.email})
    return _page(request, session, admin, FormState(values=_stored_values(session)), test_form)


@router.post("", response_class=HTMLResponse, dependencies=[CsrfChecked])
def save_settings(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    values["enabled"] = is_on(values.get("enabled"))
    # Taken unstripped (spaces can belong to a password) and never echoed back into the page.
    password = text(posted, "password")
    values.pop("password", None)
    state = FormState(values=values)
    saved = run(
        session,
        state,
        INPUTS,
        lambda: update_smtp_settings(
            session,
            admin,
            enabled=values["enabled"],
            host=values.get("host", ""),
            port=values.get("port", ""),
            security=values.get("security", ""),
            username=values.get("username", ""),
            password=password,
            from_address=values.get("from_address", ""),
            from_name=values.get("from_name", ""),
            reply_to=values.get("reply_to", ""),
            automatic_per_hour=values.get("automatic_per_hour", ""),
        ),
    )
    if saved is None:
        return _page(request, session, admin, state, FormState(values={"test_to": admin.email}), 422)
    response = RedirectResponse(PAGE, status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/test", response_class=HTMLResponse, dependencies=[CsrfChecked])
def send_test(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    test_form = FormState(values=values)
    sent = run(
        session, test_form, ("test_to",), lambda: send_test_email(session, admin, values.get("test_to", ""))
    )
    if sent is None:
        return _page(request, session, admin, FormState(values=_stored_values(session)), test_form, 422)
    response = RedirectResponse(PAGE, status_code=303)
    flash(response, gettext(N_("Test message sent to %(address)s.")) % {"address": values.get("test_to", "")})
    return response
