"""The ticket page's assist panel: ``GET /agent/tickets/{id}/panels/assist`` (htmx, into
``#panel-assist`` just above the reply form), and its buttons, each an htmx POST (CSRF header)
answered with a fragment for ``#assist-result``:

* "Draft a reply": the draft goes straight into the reply form (``#reply-body`` swapped out of
  band); the fragment shows where it came from, its citations as links, and a "template" label when
  no similar case was found;
* "Summarise": the LLM's summary, or offline the key sentences with who said them;
* "Translate": a chosen message (by default the customer's latest) into the agent's or the
  requester's language, or the reply being written into the requester's language. Without an AI
  provider it says so, with a link to the AI settings for administrators.

Every fragment shows the provider and model (or "offline") and the time taken.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.ai.assist import draft, summary, translate
from ticketwise.ai.assist.schemas import citation_url
from ticketwise.ai.assist.thread import Language, locale_language, ticket_language
from ticketwise.core.errors import NotFound, ValidationFailed
from ticketwise.core.i18n import get_locale, gettext
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import MessageKind
from ticketwise.tickets.models import Ticket
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.forms import Posted, optional_int, text
from ticketwise.web.templating import render

router = APIRouter()

# Ids beyond PostgreSQL's 32-bit integers cannot exist and must not reach the database.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
TEMPLATE = "agent/assist_panel.html"
REQUEST = "request"  # the message choice naming the ticket's description


def _agent_language() -> Language:
    return locale_language(get_locale())


def _language(value: str, default: Language) -> Language:
    return value if value in ("zh", "en") else default  # type: ignore[return-value]


def _fragment(request: Request, block: str, context: dict[str, Any]) -> HTMLResponse:
    return render(request, TEMPLATE, context, block=block)


@router.get("/agent/tickets/{ticket_id}/panels/assist", response_class=HTMLResponse)
def assist_panel(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    messages = [
        m for m in ticket_access.list_messages(session, user, ticket) if m.kind is not MessageKind.SYSTEM
    ]
    latest = translate.latest_customer_message(session, ticket)
    return render(
        request,
        TEMPLATE,
        {
            "ticket": ticket,
            "messages": messages,
            "selected": str(latest.message_id) if latest.message_id else REQUEST,
            "agent_language": _agent_language(),
            "requester_language": ticket_language(ticket),
            "language_names": translate.LANGUAGE_NAMES,
        },
    )


@router.post(
    "/agent/tickets/{ticket_id}/assist/draft", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def draft_reply(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    proposed = draft.draft_reply(session, ticket, author=user)
    links = [(citation, citation_url(citation)) for citation in proposed.citations]
    return _fragment(request, "draft", {"ticket": ticket, "draft": proposed, "citations": links})


@router.post(
    "/agent/tickets/{ticket_id}/assist/summary", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def summarise(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    result = summary.summarise(session, ticket, language=_agent_language())
    return _fragment(request, "summary", {"ticket": ticket, "summary": result})


def _source_text(session: Session, ticket: Ticket, form: FormData) -> str:
    """The text to translate: the reply being written (``source=reply``) or the chosen message."""
    if text(form, "source") == "reply":
        return text(form, "body")
    choice = text(form, "message")
    message_id = None if choice in ("", REQUEST) else optional_int(choice)
    if choice not in ("", REQUEST) and message_id is None:
        raise NotFound()
    return translate.thread_message(session, ticket, message_id).full_text


@router.post(
    "/agent/tickets/{ticket_id}/assist/translate", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def translate_message(
    request: Request, session: DbSession, user: StaffUser, ticket_id: Id, form: Posted
) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    target = _language(text(form, "target"), _agent_language())
    context: dict[str, Any] = {"ticket": ticket, "target": target, "language_names": translate.LANGUAGE_NAMES}
    try:
        result = translate.translate_text(session, _source_text(session, ticket, form), target)
    except (ValidationFailed, NotFound) as error:
        return _fragment(request, "translation", {**context, "error": error.translated()})
    if result is None:
        reason = gettext(translate.unavailable_reason(session))
        return _fragment(request, "translation", {**context, "unavailable": reason, "admin": user.is_admin})
    return _fragment(request, "translation", {**context, "translation": result})
