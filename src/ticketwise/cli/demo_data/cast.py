"""Puts the demo's people in place through the users and ticket-type services: an admin to act as,
skills, staff with skill levels, teams with members and leads, organizations with mail domains,
customers (some with portal accounts), and the default team of each built-in type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

from sqlalchemy.orm import Session

from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.team_strategy import Weights, set_strategy
from ticketwise.cli.demo_data.people import (
    CUSTOMERS,
    DEMO_ADMIN_EMAIL,
    ORGANIZATIONS,
    SKILLS,
    STAFF,
    TEAMS,
    TYPE_TEAMS,
)
from ticketwise.core.errors import Conflict
from ticketwise.core.i18n import N_
from ticketwise.tickets.types import repository as types_repository
from ticketwise.tickets.types import service as types_service
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.schemas import TicketTypePatch
from ticketwise.users import contacts as contact_service
from ticketwise.users import organizations as organization_service
from ticketwise.users import repository as users_repository
from ticketwise.users import service as user_service
from ticketwise.users import teams as team_service
from ticketwise.users.auth import new_password_hash
from ticketwise.users.models import Contact, Role, Team, User


@dataclass
class Cast:
    """Everyone the ticket stories need, by the keys of :mod:`ticketwise.cli.demo_data.people`."""

    admin: User
    staff: dict[str, User] = field(default_factory=dict)
    portal_users: dict[str, User] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    types: dict[str, TicketType] = field(default_factory=dict)
    created_admin: bool = False


AUTO_ROUTED_TEAMS = frozenset({"it"})


def ensure_not_loaded(session: Session) -> None:
    """Raises Conflict when the demo's people already exist (the demo was loaded before)."""
    marker = STAFF[0].email
    if users_repository.get_user_by_email(session, marker) is not None:
        raise Conflict(N_("The demo data set is already loaded (%(email)s exists)."), email=marker)


def _acting_admin(session: Session, password_hash: str) -> tuple[User, bool]:
    """The first active admin, else a new demo admin; True when it was created."""
    admin_ids = users_repository.active_admin_ids(session)
    if admin_ids:
        admin = users_repository.get_user(session, admin_ids[0])
        assert admin is not None
        return admin, False
    admin = user_service.create_user(session, email=DEMO_ADMIN_EMAIL, name="Demo Admin", role=Role.ADMIN)
    admin.password_hash = password_hash
    return admin, True


def build_cast(session: Session, password: str, *, since: datetime, seed: int) -> Cast:
    """Create the demo's people, every account signing in with ``password``.

    Demo only, twice: their ``created_at`` is set to around ``since``, as if they had been there
    before their tickets; and the accounts are created without password and then share one argon2
    hash of ``password``, because hashing once per account (deliberately slow) would cost most of
    the demo's time budget.

    Raises Conflict when the demo was loaded before (see :func:`ensure_not_loaded`) and
    ValidationFailed on "password" when ``password`` is too short.
    """
    ensure_not_loaded(session)
    password_hash = new_password_hash(password)
    rng = Random(seed)
    admin, created_admin = _acting_admin(session, password_hash)
    cast = Cast(admin=admin, created_admin=created_admin)

    skills = {}
    for skill in SKILLS:
        existing = users_repository.skill_by_name(session, skill.name)
        skills[skill.key] = existing or team_service.create_skill(
            session, admin, name=skill.name, description=skill.description
        )
    for member in STAFF:
        user = user_service.create_user(
            session,
            email=member.email,
            name=member.name,
            role=member.role,
            locale=member.locale,
        )
        user.password_hash = password_hash
        user_service.update_user(
            session, admin, user, availability=member.availability, capacity=member.capacity
        )
        for skill_key, level in member.skills:
            team_service.set_agent_skill(session, admin, user, skills[skill_key], level)
        cast.staff[member.key] = user
    for team in TEAMS:
        existing_team = users_repository.team_by_name(session, team.name)
        cast.teams[team.key] = existing_team or team_service.create_team(
            session,
            admin,
            name=team.name,
            description=team.description,
            lead_id=cast.staff[team.lead].id,
            member_ids=[cast.staff[key].id for key in team.members],
        )
        if existing_team is None and team.key in AUTO_ROUTED_TEAMS:
            # The IT desk routes new tickets by skills, load and presence; the other teams keep
            # picking by hand, so the demo shows both an auto-routed and an "unassigned" queue.
            set_strategy(session, admin, cast.teams[team.key], Strategy.COMBINED, Weights())
    for organization in ORGANIZATIONS:
        if users_repository.organization_by_name(session, organization.name) is None:
            organization_service.create_organization(
                session,
                admin,
                name=organization.name,
                domains=organization.domains,
                vip=organization.vip,
                shared_tickets=organization.shared_tickets,
                notes=organization.notes,
            )
    for customer in CUSTOMERS:
        locale = "zh_CN" if customer.language == "zh" else "en"
        if customer.portal and customer.email:
            user = user_service.create_user(
                session,
                email=customer.email,
                name=customer.name,
                role=Role.CUSTOMER,
                locale=locale,
            )
            user.password_hash = password_hash
            cast.portal_users[customer.key] = user
            contact = users_repository.contact_for_user(session, user.id)
        else:
            contact = contact_service.create_contact(
                session, admin, email=customer.email, name=customer.name, phone=customer.phone
            )
        assert contact is not None
        contact_service.update_contact(session, admin, contact, locale=locale)
        cast.contacts[customer.key] = contact
    for ticket_type in types_repository.list_types(session):
        cast.types[ticket_type.slug] = ticket_type
        team_key = TYPE_TEAMS.get(ticket_type.slug)
        if team_key and ticket_type.default_team_id is None:
            types_service.update_type(
                session, admin, ticket_type, TicketTypePatch(default_team_id=cast.teams[team_key].id)
            )
    _backdate_people(session, cast, since, rng)
    return cast


def _backdate_people(session: Session, cast: Cast, since: datetime, rng: Random) -> None:
    """Demo only: the people "joined" before the tickets they appear in, not at the moment of seeding."""
    for user in [*cast.staff.values(), *cast.portal_users.values()]:
        user.created_at = since + timedelta(hours=rng.uniform(0, 72))
    for contact in cast.contacts.values():
        contact.created_at = since + timedelta(hours=rng.uniform(0, 240))
        if contact.organization is not None and contact.organization.created_at > since:
            contact.organization.created_at = since - timedelta(days=rng.uniform(30, 400))
    for team in cast.teams.values():
        team.created_at = since - timedelta(days=rng.uniform(1, 5))
    session.flush()
