"""The request form shared by the customer portal and the public (no-login) forms.

Both show the same inputs for a ticket type: title, description, the type's customer-visible fields
(inputs named ``f_<field>``, read back by :func:`ticketwise.tickets.types.registry.parse_form_fields`)
and attachments. Parsing and every rule stay in the ticket services; this module only carries the
submitted text between the request and the service, and back into the form when it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.core.errors import NotFound, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_, get_locale
from ticketwise.tickets import service as ticket_service
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import User
from ticketwise.users.validation import normalize_email, required_text
from ticketwise.web.forms import text, uploaded_files

FIELD_PREFIX = "f_"
AUDIENCE = "customer"
MAX_NAME_LENGTH = 200

T = TypeVar("T")


@dataclass
class SubmittedTicket:
    """What a person typed into the request form (kept as typed, to show it again on an error)."""

    form: FormData
    title: str
    description: str
    files: list[tuple[str, str, bytes]] = field(default_factory=list)

    def field_values(self, ticket_type: TicketType) -> dict[str, Any]:
        """Raw input per customer-visible field, in the shape the field macros re-render."""
        values: dict[str, Any] = {}
        for ticket_field in ticket_type.visible_fields:
            if not ticket_field.customer_visible:
                continue
            raw = [v for v in self.form.getlist(FIELD_PREFIX + ticket_field.name) if isinstance(v, str)]
            values[ticket_field.name] = raw[-1] if len(raw) == 1 else raw
        return values


def read_submission(form: FormData) -> SubmittedTicket:
    """The submitted request form; uploaded files are read into memory (the services bound their size)."""
    return SubmittedTicket(
        form=form,
        title=text(form, "title"),
        description=text(form, "description"),
        files=uploaded_files(form),
    )


def active_type(session: Session, slug: str, *, public: bool = False) -> TicketType:
    """The type a customer or visitor may submit (with a public form, when ``public``).

    Raises NotFound with the form's own wording, so inactive and non-public types look missing.
    """
    try:
        return types_access.access_type(session, None, slug, public_form=public)
    except NotFound:
        raise NotFound(N_("This request form does not exist.")) from None


class RejectedForm(Exception):
    """The submission was refused; ``errors`` maps input keys to translated messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def form_errors(error: TicketwiseError) -> dict[str, str]:
    """``{input key: translated message}``; requester errors map to the form's own ``name``/``email``."""
    return {(error.field or "form").removeprefix("requester."): error.translated()}


def _checked(errors: dict[str, str], check: Callable[[], T]) -> T | None:
    """``check()``'s result, or None with its ValidationFailed recorded in ``errors``."""
    try:
        return check()
    except ValidationFailed as exc:
        errors.update(form_errors(exc))
        return None


def create_from_form(
    session: Session,
    actor: User | None,
    ticket_type: TicketType,
    submitted: SubmittedTicket,
    *,
    channel: Channel,
) -> Ticket:
    """Create the ticket a customer (``actor``) or, without one, a visitor who typed their name and
    e-mail address submitted.

    The inputs that can be checked independently (title, the type's fields, name and e-mail) are
    checked together, so every mistake is reported at once; the service then applies its own rules.
    Raises RejectedForm with one message per input (``title``, ``fields.<name>``, ``name``,
    ``email``, ``attachments``...).
    """
    errors: dict[str, str] = {}
    _checked(errors, lambda: ticket_service.clean_title(submitted.title))
    values = _checked(
        errors,
        lambda: registry.parse_form_fields(
            ticket_type, submitted.form, audience=AUDIENCE, prefix=FIELD_PREFIX
        ),
    )
    name = email = None
    if actor is None:
        name = _checked(
            errors,
            lambda: required_text(text(submitted.form, "name"), field="name", max_length=MAX_NAME_LENGTH),
        )
        email = _checked(errors, lambda: normalize_email(text(submitted.form, "email"), field="email"))
    if errors:
        raise RejectedForm(errors)
    requester = RequesterIn(name=name or "", email=email) if actor is None else None
    data = TicketCreate(
        type=ticket_type.slug,
        title=submitted.title,
        description=submitted.description,
        requester=requester,
        fields=values or {},
        language=get_locale(),
    )
    try:
        return ticket_service.create_ticket(
            session, actor, data, channel=channel, attachments=submitted.files
        )
    except ValidationFailed as exc:
        raise RejectedForm(form_errors(exc)) from exc
