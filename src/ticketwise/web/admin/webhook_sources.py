"""Admin pages for webhook sources: list, create, edit, rotate the secret, and the source's recent
deliveries (quarantined ones can be retried or discarded) and status callbacks.

The secret is shown once, on the page answering the creation or the rotation (not a redirect, so it
never travels in a URL or a cookie), and never again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.intake.webhooks import access as webhook_access
from ticketwise.intake.webhooks import receive, sources
from ticketwise.intake.webhooks.mapping import FIELD_PREFIX, TARGETS
from ticketwise.intake.webhooks.models import DEFAULT_TOLERANCE_SECONDS, WebhookSource
from ticketwise.tickets.types import access as type_access
from ticketwise.users import access
from ticketwise.users.models import User
from ticketwise.web.admin.forms import FormState, is_on, optional_int, posted_values, required_int, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/webhooks")

TARGET_LABELS = {
    "title": N_("Title"),
    "description": N_("Description"),
    "priority": N_("Priority"),
    "requester_email": N_("Requester e-mail"),
    "requester_phone": N_("Requester phone"),
    "requester_name": N_("Requester name"),
    "requester_external_id": N_("Requester external id"),
    "category": N_("Category (key or id)"),
    "tags": N_("Tags"),
    "comment": N_("Comment (added as a message)"),
}
INPUTS = (
    "name",
    "slug",
    "default_type_slug",
    "default_team_id",
    "tolerance_seconds",
    "callback_url",
    "is_active",
    "external_ref_path",
    "map_fields",
    *(f"map_{target}" for target in TARGETS),
)


def _aliases(values: dict[str, Any]) -> dict[str, str]:
    """Service field names to input names: ``map.title`` -> ``map_title``, ``map.fields.x`` -> ``map_fields``."""
    aliases = {f"map.{target}": f"map_{target}" for target in TARGETS}
    for name in _field_lines(values.get("map_fields", "")):
        aliases[f"map.{FIELD_PREFIX}{name}"] = "map_fields"
    return aliases


def _field_lines(text: str) -> dict[str, str]:
    """``name = expression`` lines of the extension-field mapping (the first ``=`` separates)."""
    mapping: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, expression = line.partition("=")
        if not sep or not name.strip():
            raise ValidationFailed(
                N_("Line %(line)s: write one field per line as name = expression."),
                field="map_fields",
                line=number,
            )
        mapping[name.strip()] = expression.strip()
    return mapping


def _input(values: dict[str, Any]) -> sources.SourceInput:
    mapping = {target: values.get(f"map_{target}", "") for target in TARGETS}
    mapping.update(
        {f"{FIELD_PREFIX}{name}": expr for name, expr in _field_lines(values.get("map_fields", "")).items()}
    )
    return sources.SourceInput(
        name=values.get("name", ""),
        slug=values.get("slug", ""),
        default_type_slug=values.get("default_type_slug", ""),
        mapping=mapping,
        external_ref_path=values.get("external_ref_path") or None,
        default_team_id=optional_int(values.get("default_team_id"), field_name="default_team_id"),
        tolerance_seconds=required_int(values.get("tolerance_seconds"), field_name="tolerance_seconds"),
        callback_url=values.get("callback_url") or None,
        is_active=is_on(values.get("is_active")),
    )


def _values_of(source: WebhookSource) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": source.name,
        "slug": source.slug,
        "default_type_slug": source.default_type_slug,
        "default_team_id": source.default_team_id or "",
        "tolerance_seconds": source.tolerance_seconds,
        "callback_url": source.callback_url or "",
        "is_active": source.is_active,
        "external_ref_path": source.external_ref_path or "",
    }
    values.update({f"map_{target}": (source.mapping or {}).get(target, "") for target in TARGETS})
    values["map_fields"] = "\n".join(
        f"{key[len(FIELD_PREFIX) :]} = {expr}"
        for key, expr in (source.mapping or {}).items()
        if key.startswith(FIELD_PREFIX)
    )
    return values


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    source: WebhookSource | None,
    status_code: int = 200,
    *,
    secret: str | None = None,
) -> HTMLResponse:
    activity = webhook_access.source_activity(session, admin, source) if source else None
    return render(
        request,
        "admin/webhooks/form.html",
        {
            "section": "webhooks",
            "source": source,
            "form": state,
            "secret": secret,
            "activity": activity,
            "targets": [(target, gettext(TARGET_LABELS[target])) for target in TARGETS],
            "types": [(t.slug, t.name) for t in type_access.list_types_for(session, admin, usable=True)],
            "teams": [(team.id, team.name) for team in access.list_teams(session, admin)],
            "endpoint": str(request.base_url).rstrip("/") + "/api/v1/webhooks/",
        },
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def list_sources(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return render(
        request,
        "admin/webhooks/list.html",
        {"section": "webhooks", "sources": webhook_access.list_sources(session, admin)},
    )


@router.get("/new", response_class=HTMLResponse)
def new_source(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    state = FormState(values={"tolerance_seconds": DEFAULT_TOLERANCE_SECONDS, "is_active": True})
    return _form_page(request, session, admin, state, None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_source(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(
        session,
        state,
        INPUTS,
        lambda: sources.create_source(session, admin, _input(values)),
        aliases=_aliases_safe(values),
    )
    if created is None:
        return _form_page(request, session, admin, state, None, 422)
    source, secret = created
    return _form_page(
        request, session, admin, FormState(values=_values_of(source)), source, 201, secret=secret
    )


def _aliases_safe(values: dict[str, Any]) -> dict[str, str]:
    try:
        return _aliases(values)
    except ValidationFailed:
        return {f"map.{target}": f"map_{target}" for target in TARGETS}


@router.get("/{source_id}", response_class=HTMLResponse)
def edit_source(request: Request, session: DbSession, admin: AdminUser, source_id: int) -> HTMLResponse:
    source = webhook_access.access_source(session, admin, source_id)
    return _form_page(request, session, admin, FormState(values=_values_of(source)), source)


@router.post("/{source_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_source(
    request: Request, session: DbSession, admin: AdminUser, source_id: int, posted: Posted
) -> Any:
    source = webhook_access.access_source(session, admin, source_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session,
        state,
        INPUTS,
        lambda: sources.update_source(session, admin, source, _input(values)),
        aliases=_aliases_safe(values),
    )
    if updated is None:
        return _form_page(request, session, admin, state, source, 422)
    response = RedirectResponse(f"/admin/webhooks/{source.id}", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/{source_id}/rotate", response_class=HTMLResponse, dependencies=[CsrfChecked])
def rotate_secret(request: Request, session: DbSession, admin: AdminUser, source_id: int) -> HTMLResponse:
    source = webhook_access.access_source(session, admin, source_id)
    secret = sources.rotate_secret(session, admin, source)
    return _form_page(request, session, admin, FormState(values=_values_of(source)), source, secret=secret)


@router.post("/{source_id}/deliveries/{delivery_id}/retry", dependencies=[CsrfChecked])
def retry_delivery(
    session: DbSession, admin: AdminUser, source_id: int, delivery_id: int
) -> RedirectResponse:
    source = webhook_access.access_source(session, admin, source_id)
    delivery = webhook_access.access_delivery(session, admin, source, delivery_id)
    # The retry runs in its own transactions (like the original delivery); end this read first.
    session.commit()
    result = receive.retry_delivery(admin, delivery.id)
    response = RedirectResponse(f"/admin/webhooks/{source.id}#deliveries", status_code=303)
    if result.outcome == "quarantined":
        flash(response, gettext(N_("Still quarantined: %(reason)s")) % {"reason": result.reason}, "danger")
    else:
        flash(response, gettext(N_("Delivery processed: %(outcome)s.")) % {"outcome": result.outcome})
    return response


@router.post("/{source_id}/deliveries/{delivery_id}/discard", dependencies=[CsrfChecked])
def discard_delivery(
    session: DbSession, admin: AdminUser, source_id: int, delivery_id: int
) -> RedirectResponse:
    source = webhook_access.access_source(session, admin, source_id)
    delivery = webhook_access.access_delivery(session, admin, source, delivery_id)
    receive.discard_delivery(session, admin, delivery)
    response = RedirectResponse(f"/admin/webhooks/{source.id}#deliveries", status_code=303)
    flash(response, gettext(N_("Delivery discarded.")))
    return response
