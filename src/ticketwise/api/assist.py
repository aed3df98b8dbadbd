"""/api/v1 agent assist (staff only): reply draft, thread summary, translation, and the reply guard.

Each answer says who produced it (``provider``/``model``; ``builtin`` and ``offline: true`` for the
offline paths) and how long it took. Translation has no offline path: without a provider, or when
the provider fails, it answers 503 problem+json saying which. Tickets are fetched through the
access gate (404 for anything the token's user cannot see); customers get 403.

:func:`reply_blocked` and :func:`guard_headers` are how ``POST /tickets/{ticket}/messages``
(:mod:`.tickets`) reports the guard's findings on a public reply: 422 problem+json with ``findings``
in ``block`` mode, ``Reply-Guard``/``Reply-Guard-Findings`` headers in ``warn`` mode.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ticketwise.ai.assist import draft, guard, summary, translate
from ticketwise.ai.assist.schemas import (
    DraftOut,
    GuardIn,
    GuardOut,
    SummaryOut,
    TranslateIn,
    TranslationOut,
)
from ticketwise.ai.assist.thread import locale_language
from ticketwise.api.deps import ApiSession, StaffUser
from ticketwise.api.errors import problem, problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for
from ticketwise.core.i18n import N_, get_locale, gettext

router = APIRouter(tags=["ai"])


@router.post(
    "/tickets/{ticket}/assist/draft",
    response_model=DraftOut,
    summary="Draft a reply (staff)",
    responses=problem_responses(403, 404, 422),
)
def draft_reply(ref: TicketRef, session: ApiSession, user: StaffUser) -> DraftOut:
    """A reply for the token's user to edit, in the ticket's language, with the cases and articles it
    rests on. Offline: the best-matching past solution adapted, or an acknowledgement template
    (``source: "template"``). Nothing is sent or changed."""
    ticket = ticket_for(session, user, ref)
    return DraftOut.of(draft.draft_reply(session, ticket, author=user))


@router.post(
    "/tickets/{ticket}/assist/summary",
    response_model=SummaryOut,
    summary="Summarise the conversation (staff)",
    responses=problem_responses(403, 404, 422),
)
def summarise(ref: TicketRef, session: ApiSession, user: StaffUser) -> SummaryOut:
    """The LLM's summary in the request's language (``text``), or offline the 3–5 key sentences of
    the thread in order, with who said them (``lines``)."""
    ticket = ticket_for(session, user, ref)
    return SummaryOut.of(summary.summarise(session, ticket, language=locale_language(get_locale())))


@router.post(
    "/tickets/{ticket}/assist/translate",
    response_model=TranslationOut,
    summary="Translate a message (staff)",
    responses=problem_responses(403, 404, 422, 503),
)
def translate_message(
    ref: TicketRef, data: TranslateIn, session: ApiSession, user: StaffUser
) -> TranslationOut:
    """Translate the message ``message_id`` of the ticket (neither ``message_id`` nor ``text``: the
    request itself), or ``text``, into ``target_language``. 503 when no AI provider is configured for
    translation or it did not answer."""
    ticket = ticket_for(session, user, ref)
    text = (
        data.text
        if data.text is not None
        else translate.thread_message(session, ticket, data.message_id).full_text
    )
    return TranslationOut.of(translate.require_translation(session, text, data.target_language))


@router.post(
    "/assist/guard",
    response_model=GuardOut,
    summary="Check a reply before sending it (staff)",
    responses=problem_responses(403, 404, 422),
)
def check_reply(data: GuardIn, session: ApiSession, user: StaffUser) -> GuardOut:
    """What the reply guard finds in ``text`` under the site's mode: sensitive data (offline) and,
    with a provider configured, tone. With ``ticket``, tone findings are recorded on that ticket as an
    AI decision. Excerpts are masked."""
    ticket = ticket_for(session, user, data.ticket) if data.ticket else None
    result = guard.check_reply(session, data.text, ticket=ticket, language=locale_language(get_locale()))
    return GuardOut.of(result)


def reply_blocked(request: Request, result: guard.GuardResult) -> JSONResponse:
    """422 problem+json for a public reply the guard refused in ``block`` mode: ``errors`` names each
    finding on ``body`` (masked), ``findings`` lists them as /assist/guard does."""
    findings = GuardOut.of(result).findings
    return problem(
        request,
        422,
        gettext(N_("Reply blocked")),
        gettext(N_("The reply guard found sensitive data or a problem of tone; the reply was not sent.")),
        code="reply-blocked",
        errors=[{"field": "body", "message": f"{f.label}: {f.excerpt or f.message}"} for f in findings],
        findings=[f.model_dump() for f in findings],
    )


def guard_headers(result: guard.GuardResult) -> dict[str, str]:
    """``Reply-Guard: warn`` and ``Reply-Guard-Findings: <kinds, comma-separated>`` for a public reply
    sent despite findings in ``warn`` mode; nothing otherwise."""
    if not result.warns:
        return {}
    return {"Reply-Guard": result.mode, "Reply-Guard-Findings": ",".join(result.kinds)}
