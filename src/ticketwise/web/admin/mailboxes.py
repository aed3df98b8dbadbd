"""Admin pages for mailboxes: list with the last run, create, edit, delete, test the connection.

The password is write-only: the form never shows it, and a blank password on edit keeps the stored
one. "Test connection" posts the form as it is (saved or not) and shows the folder's message count
or the server's refusal, in the admin's language, above the same form.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.intake.mailboxes import access as mailbox_access
from ticketwise.intake.mailboxes import service
from ticketwise.intake.mailboxes.connection import ImapAccount, MailboxUnreachable, count_messages
from ticketwise.intake.mailboxes.models import AfterFetch, FetchMode, ImapSecurity, Mailbox
from ticketwise.tickets.types import access as type_access
from ticketwise.users import access
from ticketwise.users.models import User
from ticketwise.web.admin.forms import (
    FormState,
    is_on,
    optional_int,
    posted_values,
    required_int,
    run,
    split_list,
)
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/mailboxes")

INPUTS = (
    "name",
    "host",
    "port",
    "security",
    "username",
    "password",
    "folder",
    "after_fetch",
    "move_to_folder",
    "mode",
    "poll_seconds",
    "default_team_id",
    "default_type_id",
    "allow_senders",
    "deny_senders",
    "is_active",
)

SECURITY_LABELS = {
    ImapSecurity.SSL: N_("SSL/TLS"),
    ImapSecurity.STARTTLS: N_("STARTTLS"),
    ImapSecurity.NONE: N_("None (trusted network only)"),
}
AFTER_FETCH_LABELS = {
    AfterFetch.MARK_SEEN: N_("Mark as read"),
    AfterFetch.MOVE: N_("Move to a folder"),
}
MODE_LABELS = {
    FetchMode.POLL: N_("Check every N seconds"),
    FetchMode.IDLE: N_("Wait for new mail (IMAP IDLE)"),
}


def _input_of(values: dict[str, Any]) -> service.MailboxInput:
    """The posted text as the service's input; raises ValidationFailed for a malformed number."""
    return service.MailboxInput(
        name=values.get("name", ""),
        host=values.get("host", ""),
        port=optional_int(values.get("port"), field_name="port"),
        security=values.get("security", ""),
        username=values.get("username", ""),
        password=values.get("password", ""),
        folder=values.get("folder", ""),
        after_fetch=values.get("after_fetch", ""),
        move_to_folder=values.get("move_to_folder", ""),
        mode=values.get("mode", ""),
        poll_seconds=required_int(values.get("poll_seconds"), field_name="poll_seconds"),
        default_team_id=optional_int(values.get("default_team_id"), field_name="default_team_id"),
        default_type_id=optional_int(values.get("default_type_id"), field_name="default_type_id"),
        allow_senders=split_list(values.get("allow_senders")),
        deny_senders=split_list(values.get("deny_senders")),
        is_active=is_on(values.get("is_active")),
    )


def _values_of(mailbox: Mailbox) -> dict[str, Any]:
    return {
        "name": mailbox.name,
        "host": mailbox.host,
        "port": mailbox.port,
        "security": mailbox.security.value,
        "username": mailbox.username,
        "folder": mailbox.folder,
        "after_fetch": mailbox.after_fetch.value,
        "move_to_folder": mailbox.move_to_folder or "",
        "mode": mailbox.mode.value,
        "poll_seconds": mailbox.poll_seconds,
        "default_team_id": mailbox.default_team_id or "",
        "default_type_id": mailbox.default_type_id or "",
        "allow_senders": "\n".join(mailbox.allow_senders or []),
        "deny_senders": "\n".join(mailbox.deny_senders or []),
        "is_active": mailbox.is_active,
    }


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    mailbox: Mailbox | None,
    *,
    status_code: int = 200,
    check: tuple[str, str] | None = None,
) -> HTMLResponse:
    # The password is never sent back to the browser, not even the one just typed.
    state.values.pop("password", None)
    return render(
        request,
        "admin/mailboxes/form.html",
        {
            "section": "mailboxes",
            "mailbox": mailbox,
            "form": state,
            "check": check,
            "security_choices": [(k.value, gettext(v)) for k, v in SECURITY_LABELS.items()],
            "after_fetch_choices": [(k.value, gettext(v)) for k, v in AFTER_FETCH_LABELS.items()],
            "mode_choices": [(k.value, gettext(v)) for k, v in MODE_LABELS.items()],
            "team_choices": [(team.id, team.name) for team in access.list_teams(session, admin)],
            "type_choices": [(t.id, t.name) for t in type_access.list_types_for(session, admin)],
            "min_poll": service.MIN_POLL_SECONDS,
        },
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def list_mailboxes(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return render(
        request,
        "admin/mailboxes/list.html",
        {
            "section": "mailboxes",
            "mailboxes": mailbox_access.list_mailboxes(session, admin),
            "mode_labels": {k: gettext(v) for k, v in MODE_LABELS.items()},
        },
    )


NEW_DEFAULTS = {
    "security": ImapSecurity.SSL.value,
    "folder": "INBOX",
    "after_fetch": AfterFetch.MARK_SEEN.value,
    "mode": FetchMode.POLL.value,
    "poll_seconds": 60,
    "is_active": True,
}


@router.get("/new", response_class=HTMLResponse)
def new_mailbox(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _form_page(request, session, admin, FormState(values=dict(NEW_DEFAULTS)), None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_mailbox(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(session, state, INPUTS, lambda: service.create_mailbox(session, admin, _input_of(values)))
    if created is None:
        return _form_page(request, session, admin, state, None, status_code=422)
    response = RedirectResponse("/admin/mailboxes", status_code=303)
    flash(response, gettext(N_("Mailbox %(name)s created.")) % {"name": created.name})
    return response


def _check(
    request: Request, session: Session, admin: User, values: dict[str, Any], mailbox: Mailbox | None
) -> HTMLResponse:
    """Log in with the posted settings (the stored password when none is typed) and report."""
    state = FormState(values=values)
    try:
        data = _input_of(values)
        security = ImapSecurity(data.security) if data.security in set(ImapSecurity) else None
        if security is None:
            raise ValidationFailed(N_("Choose one of the allowed values."), field="security")
        password = data.password or (mailbox.password if mailbox else "")
        account = ImapAccount(
            host=data.host.strip(),
            port=data.port or service.DEFAULT_PORTS[security],
            security=security,
            username=data.username.strip(),
            password=password,
            folder=data.folder.strip() or "INBOX",
        )
        if not account.host:
            raise ValidationFailed(N_("This field is required."), field="host")
        count = count_messages(account)
    except ValidationFailed as exc:
        state.fail(exc, INPUTS)
        return _form_page(request, session, admin, state, mailbox, status_code=422)
    except MailboxUnreachable as exc:
        return _form_page(request, session, admin, state, mailbox, check=("danger", exc.translated()))
    message = gettext(N_("Connected. The folder %(folder)s holds %(count)d messages.")) % {
        "folder": account.folder,
        "count": count,
    }
    return _form_page(request, session, admin, state, mailbox, check=("success", message))


@router.post("/new/test", response_class=HTMLResponse, dependencies=[CsrfChecked])
def test_new_mailbox(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> HTMLResponse:
    return _check(request, session, admin, posted_values(posted), None)


@router.get("/{mailbox_id}", response_class=HTMLResponse)
def edit_mailbox(request: Request, session: DbSession, admin: AdminUser, mailbox_id: int) -> HTMLResponse:
    mailbox = mailbox_access.access_mailbox(session, admin, mailbox_id)
    return _form_page(request, session, admin, FormState(values=_values_of(mailbox)), mailbox)


@router.post("/{mailbox_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_mailbox(
    request: Request, session: DbSession, admin: AdminUser, mailbox_id: int, posted: Posted
) -> Any:
    mailbox = mailbox_access.access_mailbox(session, admin, mailbox_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session, state, INPUTS, lambda: service.update_mailbox(session, admin, mailbox, _input_of(values))
    )
    if updated is None:
        return _form_page(request, session, admin, state, mailbox, status_code=422)
    response = RedirectResponse("/admin/mailboxes", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/{mailbox_id}/test", response_class=HTMLResponse, dependencies=[CsrfChecked])
def test_mailbox(
    request: Request, session: DbSession, admin: AdminUser, mailbox_id: int, posted: Posted
) -> HTMLResponse:
    mailbox = mailbox_access.access_mailbox(session, admin, mailbox_id)
    return _check(request, session, admin, posted_values(posted), mailbox)


@router.post("/{mailbox_id}/delete", dependencies=[CsrfChecked])
def delete_mailbox(request: Request, session: DbSession, admin: AdminUser, mailbox_id: int) -> Any:
    mailbox = mailbox_access.access_mailbox(session, admin, mailbox_id)
    name = mailbox.name
    service.delete_mailbox(session, admin, mailbox)
    response = RedirectResponse("/admin/mailboxes", status_code=303)
    flash(response, gettext(N_("Mailbox %(name)s deleted.")) % {"name": name})
    return response
