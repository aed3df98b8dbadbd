"""/api/v1 people: users (and /me), teams, skills, organizations and contacts.

Reads go through :mod:`ticketwise.users.access` (a customer sees only their own account, contact and
organization; teams and skills are staff-only); writes through the users services, which check the
actor's role (accounts, teams, skills and organizations: administrators; contacts: staff).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ticketwise.api.deps import (
    MAX_ID,
    AdminUser,
    ApiSession,
    ApiUser,
    ObjectId,
    PageOut,
    PageParams,
    Search,
    StaffUser,
)
from ticketwise.api.errors import problem_responses
from ticketwise.users import access, contacts, organizations, service, teams
from ticketwise.users.models import Role
from ticketwise.users.schemas import (
    AgentSkillOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    SkillIn,
    SkillOut,
    SkillPatch,
    TeamIn,
    TeamOut,
    TeamPatch,
    UserCreate,
    UserOut,
    UserPatch,
)

router = APIRouter()


class SkillLevelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: int = Field(3, ge=1, le=5, description="1 (basic) to 5 (expert).")


# --- users ------------------------------------------------------------------------------------------


@router.get("/me", response_model=UserOut, summary="The token's user", tags=["users"])
def read_me(user: ApiUser) -> UserOut:
    return UserOut.model_validate(user)


@router.patch(
    "/me",
    response_model=UserOut,
    summary="Change your own profile",
    tags=["users"],
    responses=problem_responses(403, 422),
)
def update_me(data: UserPatch, session: ApiSession, user: ApiUser) -> UserOut:
    """Name, locale, timezone and availability; the other keys need an administrator (403)."""
    return UserOut.model_validate(
        service.update_user(session, user, user, **data.model_dump(exclude_unset=True))
    )


@router.get(
    "/users",
    response_model=PageOut[UserOut],
    summary="List users",
    tags=["users"],
    responses=problem_responses(422),
)
def list_users(
    session: ApiSession,
    user: ApiUser,
    page: PageParams,
    role: Role | None = None,
    active: bool | None = None,
    q: Search = None,
) -> PageOut[UserOut]:
    """By name; ``q`` searches names and addresses. A customer sees only themself."""
    result = access.list_users(session, user, role=role, q=q, active=active, page=page)
    return PageOut[UserOut].of(result, UserOut.model_validate)


@router.post(
    "/users",
    status_code=201,
    response_model=UserOut,
    summary="Create a user (admin)",
    tags=["users"],
    responses=problem_responses(403, 409, 422),
)
def create_user(data: UserCreate, session: ApiSession, admin: AdminUser) -> UserOut:
    """An active account; without ``password`` nobody can sign in to the web until one is set
    (API tokens still work). A customer is linked to the contact with the same address."""
    return UserOut.model_validate(service.create_user(session, **data.model_dump()))


@router.get(
    "/users/{user_id}",
    response_model=UserOut,
    summary="Read a user",
    tags=["users"],
    responses=problem_responses(404),
)
def read_user(user_id: ObjectId, session: ApiSession, user: ApiUser) -> UserOut:
    return UserOut.model_validate(access.access_user(session, user, user_id))


@router.patch(
    "/users/{user_id}",
    response_model=UserOut,
    summary="Change a user",
    tags=["users"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_user(user_id: ObjectId, data: UserPatch, session: ApiSession, user: ApiUser) -> UserOut:
    """Administrators change anything; others only their own name, locale, timezone and availability.
    409 when the last active administrator would be demoted or deactivated."""
    target = access.access_user(session, user, user_id)
    return UserOut.model_validate(
        service.update_user(session, user, target, **data.model_dump(exclude_unset=True))
    )


@router.get(
    "/users/{user_id}/skills",
    response_model=list[AgentSkillOut],
    summary="A staff member's skills",
    tags=["skills"],
    responses=problem_responses(403, 404),
)
def list_user_skills(user_id: ObjectId, session: ApiSession, user: StaffUser) -> list[AgentSkillOut]:
    return [
        AgentSkillOut.model_validate(link) for link in access.access_user(session, user, user_id).skill_links
    ]


@router.put(
    "/users/{user_id}/skills/{skill_id}",
    response_model=AgentSkillOut,
    summary="Give a staff member a skill (admin)",
    tags=["skills"],
    responses=problem_responses(403, 404, 422),
)
def set_user_skill(
    user_id: ObjectId, skill_id: ObjectId, data: SkillLevelIn, session: ApiSession, user: AdminUser
) -> AgentSkillOut:
    """Adds the skill at ``level`` or changes the level the person has."""
    target = access.access_user(session, user, user_id)
    skill = access.access_skill(session, user, skill_id)
    return AgentSkillOut.model_validate(teams.set_agent_skill(session, user, target, skill, data.level))


@router.delete(
    "/users/{user_id}/skills/{skill_id}",
    status_code=204,
    response_model=None,
    summary="Take a skill away from a staff member (admin)",
    tags=["skills"],
    responses=problem_responses(403, 404),
)
def remove_user_skill(user_id: ObjectId, skill_id: ObjectId, session: ApiSession, user: AdminUser) -> None:
    target = access.access_user(session, user, user_id)
    teams.remove_agent_skill(session, user, target, access.access_skill(session, user, skill_id))


# --- teams and skills -------------------------------------------------------------------------------


@router.get(
    "/teams",
    response_model=list[TeamOut],
    summary="List teams (staff)",
    tags=["teams"],
    responses=problem_responses(403),
)
def list_teams(
    session: ApiSession,
    user: StaffUser,
    member_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only teams this user belongs to.")
    ] = None,
) -> list[TeamOut]:
    return [TeamOut.model_validate(team) for team in access.list_teams(session, user, member_id=member_id)]


@router.post(
    "/teams",
    status_code=201,
    response_model=TeamOut,
    summary="Create a team (admin)",
    tags=["teams"],
    responses=problem_responses(403, 409, 422),
)
def create_team(data: TeamIn, session: ApiSession, user: AdminUser) -> TeamOut:
    """Members must be staff; the lead must be a member."""
    return TeamOut.model_validate(teams.create_team(session, user, **data.model_dump()))


@router.get(
    "/teams/{team_id}",
    response_model=TeamOut,
    summary="Read a team (staff)",
    tags=["teams"],
    responses=problem_responses(403, 404),
)
def read_team(team_id: ObjectId, session: ApiSession, user: StaffUser) -> TeamOut:
    return TeamOut.model_validate(access.access_team(session, user, team_id))


@router.patch(
    "/teams/{team_id}",
    response_model=TeamOut,
    summary="Change a team (admin)",
    tags=["teams"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_team(team_id: ObjectId, data: TeamPatch, session: ApiSession, user: AdminUser) -> TeamOut:
    """``lead_id: null`` removes the lead; ``member_ids`` replaces the members."""
    team = access.access_team(session, user, team_id)
    return TeamOut.model_validate(
        teams.update_team(session, user, team, **data.model_dump(exclude_unset=True))
    )


@router.get(
    "/skills",
    response_model=list[SkillOut],
    summary="List skills (staff)",
    tags=["skills"],
    responses=problem_responses(403),
)
def list_skills(session: ApiSession, user: StaffUser) -> list[SkillOut]:
    return [SkillOut.model_validate(skill) for skill in access.list_skills(session, user)]


@router.post(
    "/skills",
    status_code=201,
    response_model=SkillOut,
    summary="Create a skill (admin)",
    tags=["skills"],
    responses=problem_responses(403, 409, 422),
)
def create_skill(data: SkillIn, session: ApiSession, user: AdminUser) -> SkillOut:
    return SkillOut.model_validate(
        teams.create_skill(session, user, name=data.name, description=data.description)
    )


@router.patch(
    "/skills/{skill_id}",
    response_model=SkillOut,
    summary="Change a skill (admin)",
    tags=["skills"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_skill(skill_id: ObjectId, data: SkillPatch, session: ApiSession, user: AdminUser) -> SkillOut:
    skill = access.access_skill(session, user, skill_id)
    return SkillOut.model_validate(
        teams.update_skill(session, user, skill, name=data.name, description=data.description)
    )


# --- organizations ----------------------------------------------------------------------------------


@router.get(
    "/organizations",
    response_model=PageOut[OrganizationOut],
    summary="List organizations",
    tags=["organizations"],
    responses=problem_responses(422),
)
def list_organizations(
    session: ApiSession, user: ApiUser, page: PageParams, q: Search = None
) -> PageOut[OrganizationOut]:
    """By name; ``q`` searches names and domains. A customer sees only their own organization."""
    result = access.list_organizations(session, user, q=q, page=page)
    return PageOut[OrganizationOut].of(result, OrganizationOut.model_validate)


@router.post(
    "/organizations",
    status_code=201,
    response_model=OrganizationOut,
    summary="Create an organization (admin)",
    tags=["organizations"],
    responses=problem_responses(403, 409, 422),
)
def create_organization(data: OrganizationIn, session: ApiSession, user: AdminUser) -> OrganizationOut:
    """New contacts whose address is in one of ``domains`` join it automatically."""
    return OrganizationOut.model_validate(
        organizations.create_organization(session, user, **data.model_dump())
    )


@router.get(
    "/organizations/{organization_id}",
    response_model=OrganizationOut,
    summary="Read an organization",
    tags=["organizations"],
    responses=problem_responses(404),
)
def read_organization(organization_id: ObjectId, session: ApiSession, user: ApiUser) -> OrganizationOut:
    return OrganizationOut.model_validate(access.access_organization(session, user, organization_id))


@router.patch(
    "/organizations/{organization_id}",
    response_model=OrganizationOut,
    summary="Change an organization (admin)",
    tags=["organizations"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_organization(
    organization_id: ObjectId, data: OrganizationPatch, session: ApiSession, user: AdminUser
) -> OrganizationOut:
    """``domains`` replaces the list; contacts keep their organization when a domain goes."""
    organization = access.access_organization(session, user, organization_id)
    changed = organizations.update_organization(
        session, user, organization, **data.model_dump(exclude_unset=True)
    )
    return OrganizationOut.model_validate(changed)


# --- contacts ---------------------------------------------------------------------------------------


@router.get(
    "/contacts",
    response_model=PageOut[ContactOut],
    summary="List contacts",
    tags=["contacts"],
    responses=problem_responses(422),
)
def list_contacts(
    session: ApiSession,
    user: ApiUser,
    page: PageParams,
    q: Search = None,
    organization_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> PageOut[ContactOut]:
    """By name; ``q`` searches name, address and phone. A customer sees only their own contact."""
    result = access.list_contacts(session, user, q=q, page=page, organization_id=organization_id)
    return PageOut[ContactOut].of(result, ContactOut.model_validate)


@router.post(
    "/contacts",
    status_code=201,
    response_model=ContactOut,
    summary="Create a contact (staff)",
    tags=["contacts"],
    responses=problem_responses(403, 409, 422),
)
def create_contact(data: ContactIn, session: ApiSession, user: StaffUser) -> ContactOut:
    """Needs an e-mail address or a phone number; the organization defaults to the address's."""
    return ContactOut.model_validate(contacts.create_contact(session, user, **data.model_dump()))


@router.get(
    "/contacts/{contact_id}",
    response_model=ContactOut,
    summary="Read a contact",
    tags=["contacts"],
    responses=problem_responses(404),
)
def read_contact(contact_id: ObjectId, session: ApiSession, user: ApiUser) -> ContactOut:
    return ContactOut.model_validate(access.access_contact(session, user, contact_id))


@router.patch(
    "/contacts/{contact_id}",
    response_model=ContactOut,
    summary="Change a contact (staff)",
    tags=["contacts"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_contact(
    contact_id: ObjectId, data: ContactPatch, session: ApiSession, user: StaffUser
) -> ContactOut:
    """Keys sent change (``null`` clears a nullable one); keys omitted stay."""
    contact = access.access_contact(session, user, contact_id)
    changed = contacts.update_contact(session, user, contact, **data.model_dump(exclude_unset=True))
    return ContactOut.model_validate(changed)
