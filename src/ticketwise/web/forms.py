"""Reading web form input shared by every area: the parsed form, numbers, text, files, htmx, errors.

Submitted text is untrusted; these helpers turn it into the plain values the services expect and
leave every business rule (required fields, limits, allowed values) to the services, which raise
translated ValidationFailed errors naming the field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from ticketwise.core.errors import TicketwiseError


async def _posted_form(request: Request) -> FormData:
    # Starlette caches the parsed body: the CSRF check and the route share one parse, and the
    # (synchronous) route runs in the thread pool with the form already read.
    return await request.form()


Posted = Annotated[FormData, Depends(_posted_form)]


def optional_int(value: object) -> int | None:
    """An integer from a form or query value; ``None`` for empty or malformed input."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or not text.lstrip("-").isdigit() or len(text) > 18:
        return None
    return int(text)


def text(form: FormData, name: str) -> str:
    """A text input's value (the empty string for a missing input or an uploaded file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def uploaded_files(form: FormData, name: str = "attachments") -> list[tuple[str, str, bytes]]:
    """The files of a multipart input as ``(filename, content_type, bytes)``; an empty file input (a
    form sent without choosing a file) is skipped. Size limits are enforced by the services."""
    files: list[tuple[str, str, bytes]] = []
    for item in form.getlist(name):
        if not isinstance(item, UploadFile) or not item.filename:
            continue
        item.file.seek(0)
        files.append((item.filename, item.content_type or "", item.file.read()))
    return files


def is_htmx_fragment(request: Request) -> bool:
    """Whether htmx asked for a part of a page (not a history restore, which needs the whole page)."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def error_map(error: TicketwiseError, default_field: str = "form") -> dict[str, str]:
    """``{field: translated message}`` for showing a service error beside its field."""
    return {error.field or default_field: error.translated()}
