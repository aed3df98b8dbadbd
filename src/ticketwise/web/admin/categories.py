"""Admin pages for the category tree of a ticket type: add (with an optional parent), rename,
deactivate / reactivate, and move up or down among siblings.

Categories are never deleted: tickets keep pointing at them, so a category that is no longer wanted
is deactivated (hidden from forms) instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import service
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.users.models import User
from ticketwise.web.admin.forms import FormState, is_on, optional_int, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/types/{slug}/categories")

ADD_INPUTS = ("name_zh", "name_en", "parent_id")
RENAME_INPUTS = ("name_zh", "name_en")
ALIASES = {"names": "name_zh"}


def _tree(categories: list[Category]) -> Iterator[tuple[Category, int]]:
    """Every category with its depth, parents before their children, siblings in position order."""
    children: dict[int | None, list[Category]] = {}
    for category in sorted(categories, key=lambda c: (c.position, c.id)):
        children.setdefault(category.parent_id, []).append(category)

    def walk(parent_id: int | None, depth: int) -> Iterator[tuple[Category, int]]:
        for category in children.get(parent_id, []):
            yield category, depth
            yield from walk(category.id, depth + 1)

    return walk(None, 0)


def _names(values: dict[str, Any]) -> dict[str, str]:
    return {lang: values[f"name_{lang}"] for lang in ("zh", "en") if values.get(f"name_{lang}")}


def _page(
    request: Request,
    session: Session,
    admin: User,
    ticket_type: TicketType,
    *,
    add_state: FormState | None = None,
    rename: tuple[int, FormState] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    tree = list(_tree(types_access.list_categories_for(session, admin, ticket_type)))
    return render(
        request,
        "admin/types/categories.html",
        {
            "section": "types",
            "tab": "categories",
            "ticket_type": ticket_type,
            "tree": tree,
            "add_form": add_state or FormState(),
            "rename_id": rename[0] if rename else None,
            "rename_form": rename[1] if rename else FormState(),
            "parent_choices": [(c.id, ("— " * depth) + c.name) for c, depth in tree if c.is_active],
        },
        status_code=status_code,
    )


def _back(ticket_type: TicketType, message: str, anchor: str = "") -> RedirectResponse:
    response = RedirectResponse(f"/admin/types/{ticket_type.slug}/categories{anchor}", status_code=303)
    flash(response, message)
    return response


@router.get("", response_class=HTMLResponse)
def list_categories(request: Request, session: DbSession, admin: AdminUser, slug: str) -> HTMLResponse:
    return _page(request, session, admin, types_access.access_type(session, admin, slug))


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_category(request: Request, session: DbSession, admin: AdminUser, slug: str, posted: Posted) -> Any:
    ticket_type = types_access.access_type(session, admin, slug)
    values = posted_values(posted)
    state = FormState(values=values)
    added = run(
        session,
        state,
        ADD_INPUTS,
        lambda: service.add_category(
            session,
            admin,
            ticket_type,
            names=_names(values),
            parent_id=optional_int(values.get("parent_id"), field_name="parent_id"),
        ),
        aliases=ALIASES,
    )
    if added is None:
        return _page(request, session, admin, ticket_type, add_state=state, status_code=422)
    return _back(
        ticket_type, gettext(N_("Category %(name)s added.")) % {"name": added.name}, f"#category-{added.id}"
    )


@router.post("/{category_id}/rename", response_class=HTMLResponse, dependencies=[CsrfChecked])
def rename_category(
    request: Request, session: DbSession, admin: AdminUser, slug: str, category_id: int, posted: Posted
) -> Any:
    ticket_type = types_access.access_type(session, admin, slug)
    category = types_access.access_category(session, admin, ticket_type, category_id)
    values = posted_values(posted)
    state = FormState(values=values)
    renamed = run(
        session,
        state,
        RENAME_INPUTS,
        lambda: service.update_category(session, admin, category, names=_names(values)),
        aliases=ALIASES,
    )
    if renamed is None:
        return _page(request, session, admin, ticket_type, rename=(category.id, state), status_code=422)
    return _back(ticket_type, gettext(N_("Changes saved.")), f"#category-{category.id}")


@router.post("/{category_id}/active", dependencies=[CsrfChecked])
def set_active(
    session: DbSession, admin: AdminUser, slug: str, category_id: int, posted: Posted
) -> RedirectResponse:
    """``active=on`` reactivates; anything else deactivates (tickets keep the category)."""
    ticket_type = types_access.access_type(session, admin, slug)
    category = service.update_category(
        session,
        admin,
        types_access.access_category(session, admin, ticket_type, category_id),
        is_active=is_on(posted.get("active")),
    )
    message = (
        N_("%(name)s is active again.")
        if category.is_active
        else N_("%(name)s is deactivated: new tickets cannot choose it; existing tickets keep it.")
    )
    return _back(ticket_type, gettext(message) % {"name": category.name}, f"#category-{category.id}")


def _move(session: Session, admin: User, ticket_type: TicketType, category: Category, step: int) -> None:
    siblings = sorted(
        (
            c
            for c in types_access.list_categories_for(session, admin, ticket_type)
            if c.parent_id == category.parent_id
        ),
        key=lambda c: (c.position, c.id),
    )
    index = siblings.index(category)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            service.update_category(session, admin, sibling, position=position)


@router.post("/{category_id}/move", dependencies=[CsrfChecked])
def move_category(
    session: DbSession, admin: AdminUser, slug: str, category_id: int, posted: Posted
) -> RedirectResponse:
    """One place up or down among the category's siblings (``direction`` is "up" or "down")."""
    ticket_type = types_access.access_type(session, admin, slug)
    category = types_access.access_category(session, admin, ticket_type, category_id)
    direction = posted.get("direction")
    if direction not in ("up", "down"):
        raise ValidationFailed(N_("Choose one of the allowed values."), field="direction")
    _move(session, admin, ticket_type, category, -1 if direction == "up" else 1)
    return RedirectResponse(
        f"/admin/types/{ticket_type.slug}/categories#category-{category.id}", status_code=303
    )
