"""The admin start page: a card per area with how many things it holds and where to manage them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ticketwise.core.pagination import PageRequest
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access
from ticketwise.web.admin.users import ROLE_LABELS
from ticketwise.web.deps import AdminUser, DbSession
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin")

_COUNT_ONLY = PageRequest(size=1)


@router.get("", response_class=HTMLResponse)
def overview(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    types = types_access.list_types_for(session, admin)
    role_counts = [
        (label, access.list_users(session, admin, role=role, page=_COUNT_ONLY).total)
        for role, label in ROLE_LABELS.items()
    ]
    return render(
        request,
        "admin/overview.html",
        {
            "section": "overview",
            "user_count": sum(count for _, count in role_counts),
            "role_counts": role_counts,
            "inactive_count": access.list_users(session, admin, active=False, page=_COUNT_ONLY).total,
            "team_count": len(access.list_teams(session, admin)),
            "skill_count": len(access.list_skills(session, admin)),
            "organization_count": access.list_organizations(session, admin, page=_COUNT_ONLY).total,
            "contact_count": access.list_contacts(session, admin, page=_COUNT_ONLY).total,
            "type_count": len(types),
            "active_type_count": sum(1 for t in types if t.is_active),
            "field_count": sum(len(t.visible_fields) for t in types),
        },
    )
