"""Admin pages for SLA policies: the ordered list (move up/down), create, edit, and a live preview.

The form is read by :mod:`.sla_policy_form` (every input checked, all errors shown at once); the
sla domain's service stores the policy and checks it again. The preview (``POST .../preview``, htmx,
on every change) says when a sample ticket created now would be due: see :mod:`.sla_policy_preview`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.sla import admin as sla_admin
from ticketwise.sla.models import Clock, LevelKind, SlaPolicy
from ticketwise.sla.schemas import PolicyIn, PolicyPatch
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access as user_access
from ticketwise.users.models import User
from ticketwise.web.admin.forms import GENERAL, FormState, organization_choices, run
from ticketwise.web.admin.sla_policy_form import (
    NOTIFY_TARGETS,
    PAUSABLE_STATUSES,
    PolicyValues,
    policy_inputs,
    posted_inputs,
    read_policy_form,
    values_of,
)
from ticketwise.web.admin.sla_policy_preview import policy_preview
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, optional_int
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/sla/policies")

NOTIFY_LABELS = {"assignee": N_("Assignee"), "team_lead": N_("Team lead"), "manager": N_("Manager")}
TIMING_LABELS = {
    "before": N_("minutes before the deadline"),
    "after": N_("minutes after the deadline"),
    "percent": N_("percent of the target elapsed"),
}
UNIT_LABELS = {"minutes": N_("min"), "hours": N_("hours"), "days": N_("days")}
LEVEL_KIND_LABELS = {LevelKind.WARNING: N_("Warning"), LevelKind.BREACH: N_("Breach")}
BASIC_INPUTS = ("name", "description", "is_active", "calendar_id", "targets", "type_ids", "category_ids")
MORE_INPUTS = ("organization_ids", "channels", "priorities")


def _choices(session: Session, admin: User) -> dict[str, Any]:
    """The options of every select on the editor."""
    types = types_access.list_types_for(session, admin)
    categories = [
        (category.id, f"{ticket_type.name} › {category.name}")
        for ticket_type in types
        for category in types_access.list_categories_for(session, admin, ticket_type)
    ]
    return {
        "types": [(t.id, t.name) for t in types],
        "categories": categories,
        "organizations": organization_choices(session, admin),
        "channels": [(c.value, gettext(c.label)) for c in Channel],
        "priorities": [(p.value, gettext(p.label)) for p in Priority],
        "clocks": [(c.value, gettext(c.label)) for c in Clock],
        "pausable": [(s.value, gettext(s.label)) for s in PAUSABLE_STATUSES],
        "units": [(unit, gettext(label)) for unit, label in UNIT_LABELS.items()],
        "timings": [(key, gettext(label)) for key, label in TIMING_LABELS.items()],
        "level_kinds": [(kind.value, gettext(label)) for kind, label in LEVEL_KIND_LABELS.items()],
        "notify_targets": [(key, gettext(NOTIFY_LABELS[key])) for key in NOTIFY_TARGETS],
        "calendars": [(c.id, c.name) for c in sla_admin.list_calendars(session)],
        "staff": user_access.list_staff(session, admin),
        "teams": user_access.list_teams(session, admin),
    }


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    policy: SlaPolicy | None,
    status_code: int = 200,
) -> HTMLResponse:
    choices = _choices(session, admin)
    first_type = choices["types"][0][0] if choices["types"] else ""
    return render(
        request,
        "admin/sla/policy_form.html",
        {
            "section": "sla_policies",
            "policy": policy,
            "form": state,
            "next_key": len(state.getlist("levels")) + 1,
            "preview_type_id": state.get("preview_type_id") or first_type,
            "preview_priority": state.get("preview_priority") or Priority.P1.value,
            **choices,
        },
        status_code=status_code,
    )


def _inputs() -> tuple[str, ...]:
    return BASIC_INPUTS + MORE_INPUTS


def _refused(posted: Any, errors: dict[str, str]) -> FormState:
    state = FormState(values=posted_inputs(posted))
    known = set(_inputs())
    for name, message in errors.items():
        shown = name in known or name.startswith(("target_", "level_", "pause_"))
        state.errors[name if shown else GENERAL] = message
    return state


def _save(
    session: Session, admin: User, state: FormState, values: PolicyValues, policy: SlaPolicy | None
) -> SlaPolicy | None:
    fields = values.as_fields()
    if policy is not None and policy.is_default:
        fields.pop("conditions")  # the default policy matches every ticket
        fields.pop("is_active")

    if policy is None:
        # A new policy goes last among the ordered ones (the default always matches after them).
        fields["position"] = max(
            (p.position + 1 for p in sla_admin.list_policies(session) if not p.is_default), default=0
        )

    def action() -> SlaPolicy:
        try:
            if policy is None:
                return sla_admin.create_policy(session, admin, PolicyIn(**fields))
            return sla_admin.update_policy(session, admin, policy.id, PolicyPatch(**fields))
        except ValidationError:
            # The form reader checks every input the schema does; this is a safety net.
            raise ValidationFailed(N_("Check the highlighted values.")) from None

    return run(session, state, _inputs(), action, aliases={"levels": GENERAL})


def _summary(policy: SlaPolicy, names: dict[str, dict[str, str]]) -> str:
    conditions = policy.conditions or {}
    parts = []
    for key, label in (
        ("type_ids", N_("Type")),
        ("category_ids", N_("Category")),
        ("organization_ids", N_("Organization")),
        ("channels", N_("Channel")),
        ("priorities", N_("Priority")),
    ):
        chosen = conditions.get(key) or []
        if chosen:
            texts = [names.get(key, {}).get(str(value), str(value)) for value in chosen]
            parts.append(f"{gettext(label)}: {', '.join(texts)}")
    scope = "; ".join(parts) if parts else gettext(N_("All tickets"))
    return f"{policy.calendar.name} · {scope}"


@router.get("", response_class=HTMLResponse)
def list_policies(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    policies = sla_admin.list_policies(session)
    choices = _choices(session, admin)
    names = {
        "type_ids": {str(k): v for k, v in choices["types"]},
        "category_ids": {str(k): v for k, v in choices["categories"]},
        "organization_ids": {str(k): v for k, v in choices["organizations"]},
        "channels": dict(choices["channels"]),
        "priorities": {p.value: p.value for p in Priority},
    }
    return render(
        request,
        "admin/sla/policies.html",
        {
            "section": "sla_policies",
            "policies": policies,
            "movable": sum(1 for p in policies if not p.is_default),
            "summaries": {p.id: _summary(p, names) for p in policies},
        },
    )


@router.get("/new", response_class=HTMLResponse)
def new_policy(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    calendars = sla_admin.list_calendars(session)
    default = next((c for c in calendars if c.is_default), calendars[0] if calendars else None)
    values = PolicyValues(calendar_id=default.id if default else None)
    return _form_page(request, session, admin, FormState(values=policy_inputs(values)), None)


@router.post("/preview", response_class=HTMLResponse, dependencies=[CsrfChecked])
def preview_policy(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> HTMLResponse:
    values, errors, _keys = read_policy_form(posted)
    # Deadlines do not depend on the name or the escalation levels: preview while those are half-typed.
    errors = {k: v for k, v in errors.items() if k != "name" and not k.startswith("level_")}
    policy_id = optional_int(request.query_params.get("policy"))
    context = policy_preview(
        session,
        admin,
        values=None if errors else values,
        policy_id=policy_id,
        type_id=optional_int(str(posted.get("preview_type_id") or "")),
        priority=str(posted.get("preview_priority") or Priority.P1.value),
    )
    return render(request, "admin/sla/policy_preview.html", context)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_policy(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values, errors, _keys = read_policy_form(posted)
    if errors:
        return _form_page(request, session, admin, _refused(posted, errors), None, 422)
    state = FormState(values=posted_inputs(posted))
    created = _save(session, admin, state, values, None)
    if created is None:
        return _form_page(request, session, admin, state, None, 422)
    response = RedirectResponse("/admin/sla/policies", status_code=303)
    flash(response, gettext(N_("Policy %(name)s created.")) % {"name": created.name})
    return response


@router.get("/{policy_id}", response_class=HTMLResponse)
def edit_policy(request: Request, session: DbSession, admin: AdminUser, policy_id: int) -> HTMLResponse:
    policy = sla_admin.get_policy(session, policy_id)
    state = FormState(values=policy_inputs(values_of(policy)))
    return _form_page(request, session, admin, state, policy)


@router.post("/{policy_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_policy(
    request: Request, session: DbSession, admin: AdminUser, policy_id: int, posted: Posted
) -> Any:
    policy = sla_admin.get_policy(session, policy_id)
    values, errors, _keys = read_policy_form(posted)
    if errors:
        return _form_page(request, session, admin, _refused(posted, errors), policy, 422)
    state = FormState(values=posted_inputs(posted))
    if _save(session, admin, state, values, policy) is None:
        return _form_page(request, session, admin, state, policy, 422)
    response = RedirectResponse("/admin/sla/policies", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/{policy_id}/move", dependencies=[CsrfChecked])
def move_policy(
    request: Request, session: DbSession, admin: AdminUser, policy_id: int, posted: Posted
) -> Any:
    direction = str(posted.get("direction") or "")
    if direction not in ("up", "down"):
        raise ValidationFailed(N_("Choose from the list."), field="direction")
    ordered = [p for p in sla_admin.list_policies(session) if not p.is_default]
    index = next((i for i, p in enumerate(ordered) if p.id == policy_id), None)
    if index is None:
        raise ValidationFailed(N_("The default policy always comes last."), field="direction")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        # Positions are renumbered 0, 1, 2... so equal or sparse positions cannot block a move.
        for position, policy in enumerate(ordered):
            if policy.position != position:
                sla_admin.update_policy(session, admin, policy.id, PolicyPatch(position=position))
    return RedirectResponse("/admin/sla/policies", status_code=303)
