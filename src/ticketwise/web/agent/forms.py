"""Reading agent form input: numbers, tag lists, uploaded files, htmx requests and error maps.

Submitted text is untrusted; these helpers turn it into the plain values the services expect and
leave every business rule (required fields, limits, allowed values) to the services, which raise
translated ValidationFailed errors naming the field.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from ticketwise.core.errors import TicketwiseError
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import User

_TAG_SEPARATORS = re.compile(r"[,，;；\n]")


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


def split_tags(value: str) -> list[str]:
    """Tags typed into one box, separated by commas (ASCII or full-width), semicolons or new lines."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(value) if tag.strip()]


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


def posted_field_values(form: FormData, ticket_type: TicketType, prefix: str = "f_") -> dict[str, list[str]]:
    """What was typed into the type's field inputs, to fill the form again after an error."""
    return {
        field.name: [v for v in form.getlist(prefix + field.name) if isinstance(v, str)]
        for field in registry.fields_for(ticket_type, "agent")
    }


def category_choices(session: Session, user: User, ticket_type: TicketType) -> list[tuple[int, str]]:
    """Active categories of a type as ``(id, "Parent › Child")``, in the admin's order."""
    categories = types_access.list_categories_for(session, user, ticket_type, usable=True)
    by_id = {category.id: category for category in categories}

    def path(category_id: int) -> str:
        names: list[str] = []
        current = by_id.get(category_id)
        # The depth bound guards against a cycle in hand-edited data.
        while current is not None and len(names) < 10:
            names.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id else None
        return " › ".join(reversed(names))

    return [(category.id, path(category.id)) for category in categories]
