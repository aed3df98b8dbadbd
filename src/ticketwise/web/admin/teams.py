"""Admin pages for teams: list, create, edit (members are staff; the lead is one of the members),
with the team's automatic assignment strategy and the weights of its combined score."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.ai.assignment import team_strategy
from ticketwise.ai.assignment.models import STRATEGY_LABELS, Strategy
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.users import access, teams
from ticketwise.users.models import Team, User
from ticketwise.web.admin.forms import FormState, optional_int, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/teams")

INPUTS = (
    "name",
    "description",
    "member_ids",
    "lead_id",
    "strategy",
    "weight_load",
    "weight_skill",
    "weight_availability",
)
WEIGHTS = ("weight_load", "weight_skill", "weight_availability")


@router.get("", response_class=HTMLResponse)
def list_teams(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return render(
        request, "admin/teams/list.html", {"section": "teams", "teams": access.list_teams(session, admin)}
    )


def _member_ids(values: dict[str, Any]) -> list[int]:
    ids = (optional_int(raw, field_name="member_ids") for raw in values.get("member_ids", []))
    return [member_id for member_id in ids if member_id is not None]


def _weight(values: dict[str, Any], name: str) -> float:
    text = str(values.get(name) or "").strip().replace(",", ".")
    try:
        return float(text) if text else 1.0
    except ValueError:
        raise ValidationFailed(
            N_("Enter a number from %(low)s to %(high)s."), field=name, low=0, high=10
        ) from None


def _save_strategy(session: Session, admin: User, team: Team, values: dict[str, Any]) -> Team:
    """Store the assignment strategy posted with the team form (same savepoint as the team)."""
    weights = team_strategy.Weights(*(_weight(values, name) for name in WEIGHTS))
    team_strategy.set_strategy(session, admin, team, values.get("strategy") or Strategy.MANUAL.value, weights)
    return team


def _strategy_values(session: Session, team: Team | None) -> dict[str, Any]:
    strategy, weights = (
        team_strategy.strategy_of(session, team.id) if team else (Strategy.MANUAL, team_strategy.Weights())
    )
    return {
        "strategy": strategy.value,
        "weight_load": weights.load,
        "weight_skill": weights.skill,
        "weight_availability": weights.availability,
    }


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    team: Team | None,
    status_code: int = 200,
) -> HTMLResponse:
    staff = access.list_staff(session, admin)
    # Inactive members stay listed so that saving the form does not silently drop them.
    known = {person.id for person in staff}
    staff += [link.user for link in (team.members if team else []) if link.user_id not in known]
    return render(
        request,
        "admin/teams/form.html",
        {
            "section": "teams",
            "team": team,
            "form": state,
            "staff": staff,
            "selected": {str(v) for v in state.getlist("member_ids")},
            "strategy_choices": [(s.value, gettext(label)) for s, label in STRATEGY_LABELS.items()],
        },
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_team(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _form_page(
        request, session, admin, FormState(values={"member_ids": [], **_strategy_values(session, None)}), None
    )


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_team(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted, lists=("member_ids",))
    state = FormState(values=values)
    created = run(
        session,
        state,
        INPUTS,
        lambda: _save_strategy(
            session,
            admin,
            teams.create_team(
                session,
                admin,
                name=values.get("name", ""),
                description=values.get("description", ""),
                member_ids=_member_ids(values),
                lead_id=optional_int(values.get("lead_id"), field_name="lead_id"),
            ),
            values,
        ),
    )
    if created is None:
        return _form_page(request, session, admin, state, None, 422)
    response = RedirectResponse("/admin/teams", status_code=303)
    flash(response, gettext(N_("Team %(name)s created.")) % {"name": created.name})
    return response


@router.get("/{team_id}", response_class=HTMLResponse)
def edit_team(request: Request, session: DbSession, admin: AdminUser, team_id: int) -> HTMLResponse:
    team = access.access_team(session, admin, team_id)
    state = FormState(
        values={
            "name": team.name,
            "description": team.description,
            "member_ids": [str(link.user_id) for link in team.members],
            "lead_id": team.lead_id or "",
            **_strategy_values(session, team),
        }
    )
    return _form_page(request, session, admin, state, team)


@router.post("/{team_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_team(request: Request, session: DbSession, admin: AdminUser, team_id: int, posted: Posted) -> Any:
    team = access.access_team(session, admin, team_id)
    values = posted_values(posted, lists=("member_ids",))
    state = FormState(values=values)
    updated = run(
        session,
        state,
        INPUTS,
        lambda: _save_strategy(
            session,
            admin,
            teams.update_team(
                session,
                admin,
                team,
                name=values.get("name", ""),
                description=values.get("description", ""),
                member_ids=_member_ids(values),
                lead_id=optional_int(values.get("lead_id"), field_name="lead_id"),
            ),
            values,
        ),
    )
    if updated is None:
        return _form_page(request, session, admin, state, team, 422)
    response = RedirectResponse("/admin/teams", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response
