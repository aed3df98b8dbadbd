"""Reads of people for a viewer: the only way the API and the web fetch users, teams, skills,
organizations and contacts (DESIGN §3.2).

Staff may read everyone. A customer may read only their own account, their own contact and their
own organization; anything else is NotFound, so a customer cannot probe which ids exist. Teams,
skills and the staff list are for staff only (PermissionDenied).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.pagination import Page, PageRequest
from ticketwise.users import repository
from ticketwise.users.models import Contact, Organization, Role, Skill, Team, User
from ticketwise.users.permissions import require_staff, require_user


def access_user(session: Session, viewer: User | None, user_id: int) -> User:
    """Raises NotAuthenticated without a viewer, NotFound for an unknown or invisible user."""
    viewer = require_user(viewer)
    user = repository.get_user(session, user_id) if viewer.is_staff or viewer.id == user_id else None
    if user is None:
        raise NotFound(N_("User not found."))
    return user


def list_users(
    session: Session,
    viewer: User | None,
    *,
    role: Role | str | None = None,
    q: str | None = None,
    active: bool | None = None,
    page: PageRequest = PageRequest(),
) -> Page[User]:
    """Users matching the filters (``q`` searches name and address); a customer sees only themself.

    Raises NotAuthenticated without a viewer, ValidationFailed on "role" for an unknown role.
    """
    viewer = require_user(viewer)
    try:
        role_filter = Role(role) if role else None
    except ValueError:
        raise ValidationFailed(N_("Choose one of the allowed values."), field="role") from None
    return repository.query_users(
        session,
        page,
        role=role_filter,
        q=q,
        active=active,
        only_id=None if viewer.is_staff else viewer.id,
    )


def list_staff(session: Session, viewer: User | None) -> list[User]:
    """Active staff by name, with teams and skills loaded (assignee pickers, assignment)."""
    require_staff(viewer)
    return repository.active_staff(session)


def access_team(session: Session, viewer: User | None, team_id: int) -> Team:
    """Raises PermissionDenied for customers, NotFound for an unknown team."""
    require_staff(viewer)
    team = repository.get_team(session, team_id)
    if team is None:
        raise NotFound(N_("Team not found."))
    return team


def list_teams(session: Session, viewer: User | None, *, member_id: int | None = None) -> list[Team]:
    """Every team by name (or those ``member_id`` belongs to), members and lead loaded."""
    require_staff(viewer)
    return repository.all_teams(session, member_id=member_id)


def access_skill(session: Session, viewer: User | None, skill_id: int) -> Skill:
    """Raises PermissionDenied for customers, NotFound for an unknown skill."""
    require_staff(viewer)
    skill = repository.get_skill(session, skill_id)
    if skill is None:
        raise NotFound(N_("Skill not found."))
    return skill


def list_skills(session: Session, viewer: User | None) -> list[Skill]:
    require_staff(viewer)
    return repository.all_skills(session)


def access_organization(session: Session, viewer: User | None, organization_id: int) -> Organization:
    """Raises NotAuthenticated without a viewer, NotFound for an unknown or invisible organization."""
    viewer = require_user(viewer)
    visible = viewer.is_staff or viewer.organization_id == organization_id
    organization = repository.get_organization(session, organization_id) if visible else None
    if organization is None:
        raise NotFound(N_("Organization not found."))
    return organization


def list_organizations(
    session: Session, viewer: User | None, q: str | None = None, page: PageRequest = PageRequest()
) -> Page[Organization]:
    """Organizations by name (``q`` searches names and domains); a customer sees only their own."""
    viewer = require_user(viewer)
    if viewer.is_staff:
        return repository.query_organizations(session, page, q=q)
    if viewer.organization_id is None:
        return Page(items=[], total=0, request=page)
    return repository.query_organizations(session, page, q=q, only_id=viewer.organization_id)


def access_contact(session: Session, viewer: User | None, contact_id: int) -> Contact:
    """Raises NotAuthenticated without a viewer, NotFound for an unknown or invisible contact."""
    viewer = require_user(viewer)
    contact = repository.get_contact(session, contact_id)
    if contact is None or (not viewer.is_staff and contact.user_id != viewer.id):
        raise NotFound(N_("Contact not found."))
    return contact


def list_contacts(
    session: Session,
    viewer: User | None,
    q: str | None = None,
    page: PageRequest = PageRequest(),
    *,
    organization_id: int | None = None,
) -> Page[Contact]:
    """Contacts by name (``q`` searches name, address and phone); a customer sees only their own."""
    viewer = require_user(viewer)
    if viewer.is_staff:
        return repository.query_contacts(session, page, q=q, organization_id=organization_id)
    own = repository.contact_for_user(session, viewer.id)
    if own is None:
        return Page(items=[], total=0, request=page)
    return repository.query_contacts(session, page, q=q, organization_id=organization_id, only_id=own.id)


def own_contact(session: Session, viewer: User | None) -> Contact | None:
    """The viewer's own contact (the requester of the tickets they open in the portal), if any."""
    viewer = require_user(viewer)
    return repository.contact_for_user(session, viewer.id)
