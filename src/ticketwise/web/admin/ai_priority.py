"""Admin page for priority and routing: the impact × urgency matrix, the VIP and history switches,
keyword rules, and the skills each ticket type and category requires."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.ai.assignment import required_skills
from ticketwise.ai.assignment.required_skills import MAX_LEVEL, MIN_LEVEL
from ticketwise.ai.priority import config
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.enums import LEVEL_LABELS, PRIORITY_LABELS, Level
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access
from ticketwise.users.models import User
from ticketwise.web.admin.forms import FormState, is_on, posted_values, required_int, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/ai/priority")

PAGE = "/admin/ai/priority"
MATRIX_INPUTS = tuple(f"matrix.{i.value}.{u.value}" for i in Level for u in Level)


def _matrix_values(current: config.PriorityConfig) -> dict[str, Any]:
    values: dict[str, Any] = {
        f"matrix.{i.value}.{u.value}": current.cell(i, u).value for i in Level for u in Level
    }
    values.update(vip_raise=current.vip_raise, use_history=current.use_history)
    return values


def _targets(session: Session, admin: User) -> list[tuple[str, str]]:
    """``(value, label)`` for the select of what requires a skill: each type, then its categories."""
    choices = []
    for ticket_type in types_access.list_types_for(session, admin):
        choices.append((f"type:{ticket_type.slug}", ticket_type.name))
        for category in types_access.list_categories_for(session, admin, ticket_type):
            choices.append(
                (f"category:{ticket_type.slug}:{category.id}", f"{ticket_type.name} › {category.name}")
            )
    return choices


def _page(
    request: Request,
    session: Session,
    admin: User,
    *,
    matrix_form: FormState | None = None,
    keyword_form: FormState | None = None,
    skill_form: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    current = config.priority_config(session)
    targets = dict(_targets(session, admin))
    return render(
        request,
        "admin/ai_priority/page.html",
        {
            "section": "ai_priority",
            "levels": list(Level),
            "level_labels": LEVEL_LABELS,
            "priority_choices": [(p.value, gettext(label)) for p, label in PRIORITY_LABELS.items()],
            "level_choices": [(level.value, gettext(label)) for level, label in LEVEL_LABELS.items()],
            "matrix_form": matrix_form or FormState(values=_matrix_values(current)),
            "keyword_form": keyword_form or FormState(),
            "skill_form": skill_form or FormState(values={"min_level": 3}),
            "rules": current.keyword_rules,
            "targets": list(targets.items()),
            "requirements": _requirement_rows(session, admin, targets),
            "skills": access.list_skills(session, admin),
            "levels_range": range(MIN_LEVEL, MAX_LEVEL + 1),
        },
        status_code=status_code,
    )


def _requirement_rows(session: Session, admin: User, targets: dict[str, str]) -> list[tuple[str, str, Any]]:
    """``(target value, target label, requirement row)`` for each stored requirement."""
    type_rows, category_rows = required_skills.list_requirements(session, admin)
    type_keys = {t.id: f"type:{t.slug}" for t in types_access.list_types_for(session, admin)}
    category_keys = {key.rsplit(":", 1)[1]: key for key in targets if key.startswith("category:")}
    rows: list[tuple[str, str, Any]] = []
    for row in type_rows:
        key = type_keys.get(row.type_id)
        if key is not None:
            rows.append((key, targets[key], row))
    for category_row in category_rows:
        key = category_keys.get(str(category_row.category_id))
        if key is not None:
            rows.append((key, targets[key], category_row))
    return rows


@router.get("", response_class=HTMLResponse)
def priority_page(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _page(request, session, admin)


@router.post("", response_class=HTMLResponse, dependencies=[CsrfChecked])
def save_matrix(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    values["vip_raise"], values["use_history"] = (
        is_on(values.get("vip_raise")),
        is_on(values.get("use_history")),
    )
    state = FormState(values=values)
    matrix = {i.value: {u.value: values.get(f"matrix.{i.value}.{u.value}", "") for u in Level} for i in Level}
    saved = run(
        session,
        state,
        MATRIX_INPUTS,
        lambda: config.save_settings(
            session, admin, matrix=matrix, vip_raise=values["vip_raise"], use_history=values["use_history"]
        ),
    )
    if saved is None:
        return _page(request, session, admin, matrix_form=state, status_code=422)
    return _back(N_("Changes saved."))


@router.post("/keywords", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_keyword(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    added = run(
        session,
        state,
        ("keyword", "priority", "urgency"),
        lambda: config.add_keyword_rule(
            session,
            admin,
            keyword=values.get("keyword", ""),
            priority=values.get("priority") or None,
            urgency=values.get("urgency") or None,
        ),
    )
    if added is None:
        return _page(request, session, admin, keyword_form=state, status_code=422)
    return _back(N_("Keyword rule added."), "#keywords")


@router.post("/keywords/remove", dependencies=[CsrfChecked])
def remove_keyword(session: DbSession, admin: AdminUser, posted: Posted) -> RedirectResponse:
    config.remove_keyword_rule(session, admin, str(posted.get("keyword") or ""))
    return _back(N_("Keyword rule removed."), "#keywords")


def _apply_requirement(session: Session, admin: User, values: dict[str, Any]) -> object:
    target = str(values.get("target") or "")
    skill = access.access_skill(session, admin, required_int(values.get("skill_id"), field_name="skill_id"))
    level = required_int(values.get("min_level"), field_name="min_level")
    kind, _, rest = target.partition(":")
    if kind == "type" and rest:
        ticket_type = types_access.access_type(session, admin, rest)
        return required_skills.require_skill(session, admin, skill, level, ticket_type=ticket_type)
    slug, _, category_id = rest.partition(":")
    if kind == "category" and slug and category_id.isdigit():
        ticket_type = types_access.access_type(session, admin, slug)
        category = types_access.access_category(session, admin, ticket_type, int(category_id))
        return required_skills.require_skill(session, admin, skill, level, category=category)
    raise ValidationFailed(N_("Choose a ticket type or a category."), field="target")


@router.post("/skills", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_requirement(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    if (
        run(
            session,
            state,
            ("target", "skill_id", "min_level"),
            lambda: _apply_requirement(session, admin, values),
        )
        is None
    ):
        return _page(request, session, admin, skill_form=state, status_code=422)
    return _back(N_("Required skill saved."), "#skills")


@router.post("/skills/remove", dependencies=[CsrfChecked])
def remove_requirement(session: DbSession, admin: AdminUser, posted: Posted) -> RedirectResponse:
    kind, _, rest = str(posted.get("target") or "").partition(":")
    skill_id = str(posted.get("skill_id") or "")
    if skill_id.isdigit() and kind == "type":
        ticket_type = types_access.access_type(session, admin, rest)
        required_skills.drop_type_skill(session, admin, ticket_type.id, int(skill_id))
    elif skill_id.isdigit() and kind == "category" and rest.rpartition(":")[2].isdigit():
        required_skills.drop_category_skill(session, admin, int(rest.rpartition(":")[2]), int(skill_id))
    return _back(N_("Required skill removed."), "#skills")


def _back(message: str, anchor: str = "") -> RedirectResponse:
    response = RedirectResponse(PAGE + anchor, status_code=303)
    flash(response, gettext(message))
    return response
