"""Friendly HTML error pages in the reader's language (the API answers problem+json instead)."""

from __future__ import annotations

import structlog
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ticketwise.core.errors import TicketwiseError
from ticketwise.core.i18n import N_, gettext
from ticketwise.web.deps import LoginRequired
from ticketwise.web.templating import render

log = structlog.get_logger(__name__)

_TITLES = {
    400: N_("Bad request"),
    403: N_("Permission denied"),
    404: N_("Page not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    422: N_("Invalid input"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
}
_DETAILS = {
    404: N_("The page you asked for does not exist, or you are not allowed to see it."),
    500: N_("Something went wrong on our side. It has been logged; please try again."),
}


def error_page(request: Request, status: int, detail: str | None = None) -> HTMLResponse:
    title = gettext(_TITLES.get(status, N_("Error")))
    message = detail or gettext(_DETAILS.get(status, _TITLES.get(status, N_("Error"))))
    if request.headers.get("hx-request"):
        # htmx swaps only 2xx by default; show the message in the page's toast area instead.
        return render(
            request,
            "errors/toast.html",
            {"title": title, "message": message},
            status_code=status,
            headers={"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"},
        )
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": title, "message": message},
        status_code=status,
    )


async def on_login_required(request: Request, exc: LoginRequired) -> RedirectResponse | HTMLResponse:
    target = f"/login?next={exc.next_url}"
    if request.headers.get("hx-request"):
        return HTMLResponse("", headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def on_ticketwise_error(request: Request, exc: TicketwiseError) -> HTMLResponse:
    return error_page(request, exc.status, exc.translated())


async def on_http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
    return error_page(request, exc.status_code)


async def on_validation_error(request: Request, exc: RequestValidationError) -> HTMLResponse:
    fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
    return error_page(request, 422, gettext(N_("Please check these fields: %(fields)s")) % {"fields": fields})


async def on_unexpected_error(request: Request, exc: Exception) -> HTMLResponse:
    log.exception("web_unhandled_error", path=request.url.path)
    return error_page(request, 500)
