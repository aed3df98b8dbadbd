"""The Jinja2 environment: i18n, date formatting in the reader's language, fragments for htmx.

``render(request, "page.html", {...})`` renders a whole page, or a single block when the request
comes from htmx and asks for one (``block="rows"``), via jinja2-fragments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_block

from ticketwise.config import get_settings
from ticketwise.core import clock, i18n
from ticketwise.web import csrf, flash

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _timeago(value: Any) -> str:
    if value is None:
        return ""
    return i18n.format_timedelta_since(value, clock.now())


def _build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["datetime"] = i18n.format_datetime
    env.filters["date"] = i18n.format_date
    env.filters["timeago"] = _timeago
    env.filters["pick"] = i18n.pick
    env.globals["settings"] = get_settings()
    env.globals["LOCALES"] = i18n.LOCALE_NAMES
    env.globals["current_locale"] = i18n.get_locale
    env.globals["N_"] = i18n.N_
    return env


environment = _build_environment()


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` (or one ``block`` of it) with the request's user, language and CSRF token."""
    ctx: dict[str, Any] = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "locale": i18n.get_locale(),
        "csrf_token": csrf.token_for(request),
        "now": clock.now(),
    }
    ctx.update(context or {})
    if block is not None:
        html = render_block(environment, template, block, ctx)
        response = HTMLResponse(html, status_code=status_code, headers=headers)
    else:
        ctx["flashes"] = flash.peek(request)
        html = environment.get_template(template).render(ctx)
        response = HTMLResponse(html, status_code=status_code, headers=headers)
        if ctx["flashes"]:
            response.delete_cookie(flash.COOKIE)
    csrf.ensure_cookie(request, response)
    return response
