"""Form plumbing shared by the admin pages.

A page posts a plain HTML form; the route reads it once (:data:`Posted`), turns the text into the
values a service takes, and calls the service through :func:`run`. When the service refuses
(ValidationFailed or Conflict), the route shows the same form again with status 422, the person's
input kept and the translated message beside the field the error names (:class:`FormState`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.pagination import MAX_PAGE_SIZE, PageRequest
from ticketwise.users import access
from ticketwise.users.models import User

T = TypeVar("T")

GENERAL = "__all__"
"""The key of an error that belongs to no single input; shown above the form."""

_LIST_SEPARATORS = re.compile(r"[\n,，;；]+")


@dataclass
class FormState:
    """What a form shows: the values to fill in and the error message per input name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: Any = "") -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def getlist(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None:
            return []
        if isinstance(value, (list, tuple, set)):
            return [str(item) for item in value]
        return [str(value)]

    def checked(self, name: str) -> bool:
        return bool(self.values.get(name))

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def general_error(self) -> str | None:
        return self.errors.get(GENERAL)

    def fail(
        self, exc: ValidationFailed | Conflict, inputs: Iterable[str], aliases: dict[str, str] | None = None
    ) -> None:
        """Place the service's translated message beside the input it names (after ``aliases``
        maps a service field name to the input's name), or above the form when no input matches."""
        target = (aliases or {}).get(exc.field or "", exc.field)
        self.errors[target if target in set(inputs) else GENERAL] = exc.translated()


def posted_values(form: FormData, *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """The posted form as a dict: text stripped of surrounding blanks, ``lists`` as lists."""
    multi = set(lists)
    values: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        if key in multi:
            values[key] = [str(v) for v in form.getlist(key)]
        else:
            raw = form.get(key)
            values[key] = raw.strip() if isinstance(raw, str) else raw
    for key in multi:
        values.setdefault(key, [])
    return values


def run(
    session: Session,
    state: FormState,
    inputs: Iterable[str],
    action: Callable[[], T | None],
    *,
    aliases: dict[str, str] | None = None,
) -> T | None:
    """``action()`` in a savepoint; on ValidationFailed or Conflict its message goes into ``state``
    and the result is None (as it is when ``action`` itself returns None).

    The savepoint matters because a service may change some attributes before it refuses another:
    rolling back to it leaves nothing half-done when the route re-renders the form, while the
    request's transaction still commits normally.
    """
    try:
        with session.begin_nested():
            return action()
    except (ValidationFailed, Conflict) as exc:
        state.fail(exc, inputs, aliases)
        return None


def split_list(text: str | None) -> list[str]:
    """Items one per line or separated by commas or semicolons (ASCII or full-width), blanks dropped."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text or "") if item.strip()]


def split_lines(text: str | None) -> list[str]:
    """Non-blank lines, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def optional_int(value: Any, *, field_name: str) -> int | None:
    """A whole number typed into a form, None when blank; raises ValidationFailed otherwise."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationFailed(N_("Enter a whole number."), field=field_name) from None


def required_int(value: Any, *, field_name: str) -> int:
    """A whole number typed or chosen in a form; raises ValidationFailed when blank or not a number."""
    number = optional_int(value, field_name=field_name)
    if number is None:
        raise ValidationFailed(N_("This field is required."), field=field_name)
    return number


def is_on(value: Any) -> bool:
    """An HTML checkbox: present ("on", "1", "true") means ticked; absent means not."""
    return str(value or "").strip().lower() in {"on", "1", "true", "yes"}


def organization_choices(session: Session, admin: User, current: int | None = None) -> list[tuple[int, str]]:
    """``(id, name)`` of organizations for a select: the first page of the largest size, by name,
    plus ``current`` (the one already chosen) when it is not on that page."""
    page = access.list_organizations(session, admin, page=PageRequest(size=MAX_PAGE_SIZE))
    choices = [(organization.id, organization.name) for organization in page.items]
    if current is not None and all(organization_id != current for organization_id, _ in choices):
        organization = access.access_organization(session, admin, current)
        choices.append((organization.id, organization.name))
    return choices
