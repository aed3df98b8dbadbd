"""Every query of the users domain.

E-mail addresses and mail domains are stored lower-case (see :mod:`ticketwise.users.validation`), so
lookups lower-case their argument and compare with the indexed column directly.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from ticketwise.core.pagination import Page, PageRequest
from ticketwise.users.models import (
    AgentSkill,
    ApiToken,
    Contact,
    LinkPurpose,
    LinkToken,
    Organization,
    OrganizationDomain,
    Role,
    Skill,
    Team,
    TeamMember,
    User,
    WebSession,
)

T = TypeVar("T")

STAFF_ROLES = tuple(role for role in Role if role.is_staff)


def _paginate(session: Session, statement: sa.Select[tuple[T]], page: PageRequest) -> Page[T]:
    total = session.scalar(sa.select(sa.func.count()).select_from(statement.order_by(None).subquery()))
    items = session.scalars(statement.limit(page.size).offset(page.offset)).unique().all()
    return Page(items=items, total=total or 0, request=page)


def _search(term: str | None, *columns: Any) -> sa.ColumnElement[bool] | None:
    """A case-insensitive "contains" over any of ``columns``; wildcards in ``term`` match literally."""
    text = (term or "").strip()
    if not text:
        return None
    return sa.or_(*(column.icontains(text, autoescape=True) for column in columns))


# Users


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def get_users(session: Session, user_ids: Collection[int]) -> list[User]:
    if not user_ids:
        return []
    return list(session.scalars(sa.select(User).where(User.id.in_(user_ids))).unique())


def active_admin_ids(session: Session, *, lock: bool = False) -> list[int]:
    """``lock`` holds the admins' rows until commit (PostgreSQL), so two concurrent demotions
    cannot both see another admin left; SQLite write transactions are serialised anyway."""
    statement = sa.select(User.id).where(User.role == Role.ADMIN, User.is_active.is_(True))
    if lock:
        statement = statement.with_for_update()
    return list(session.scalars(statement))


def query_users(
    session: Session,
    page: PageRequest,
    *,
    role: Role | None = None,
    q: str | None = None,
    active: bool | None = None,
    only_id: int | None = None,
) -> Page[User]:
    """Users ordered by name then id; ``only_id`` narrows to one user (a customer's view)."""
    statement = sa.select(User).order_by(User.name, User.id)
    if only_id is not None:
        statement = statement.where(User.id == only_id)
    if role is not None:
        statement = statement.where(User.role == role)
    if active is not None:
        statement = statement.where(User.is_active.is_(active))
    matches = _search(q, User.name, User.email)
    if matches is not None:
        statement = statement.where(matches)
    return _paginate(session, statement, page)


def active_staff(session: Session) -> list[User]:
    statement = (
        sa.select(User)
        .where(User.role.in_(STAFF_ROLES), User.is_active.is_(True))
        .options(selectinload(User.team_links), selectinload(User.skill_links))
        .order_by(User.name, User.id)
    )
    return list(session.scalars(statement).unique())


# Teams and skills


def _team_query() -> sa.Select[tuple[Team]]:
    return sa.select(Team).options(
        selectinload(Team.members).joinedload(TeamMember.user), selectinload(Team.lead)
    )


def get_team(session: Session, team_id: int) -> Team | None:
    return session.scalar(_team_query().where(Team.id == team_id))


def team_by_name(session: Session, name: str) -> Team | None:
    return session.scalar(sa.select(Team).where(sa.func.lower(Team.name) == name.lower()))


def all_teams(session: Session, *, member_id: int | None = None) -> list[Team]:
    statement = _team_query().order_by(Team.name)
    if member_id is not None:
        statement = statement.where(
            Team.id.in_(sa.select(TeamMember.team_id).where(TeamMember.user_id == member_id))
        )
    return list(session.scalars(statement).unique())


def teams_led_by(session: Session, user_id: int) -> list[Team]:
    return list(session.scalars(sa.select(Team).where(Team.lead_id == user_id)))


def get_skill(session: Session, skill_id: int) -> Skill | None:
    return session.get(Skill, skill_id)


def skill_by_name(session: Session, name: str) -> Skill | None:
    return session.scalar(sa.select(Skill).where(sa.func.lower(Skill.name) == name.lower()))


def all_skills(session: Session) -> list[Skill]:
    return list(session.scalars(sa.select(Skill).order_by(Skill.name)))


def agent_skill(session: Session, user_id: int, skill_id: int) -> AgentSkill | None:
    return session.get(AgentSkill, (user_id, skill_id))


# Organizations


def get_organization(session: Session, organization_id: int) -> Organization | None:
    return session.get(Organization, organization_id)


def organization_by_name(session: Session, name: str) -> Organization | None:
    return session.scalar(sa.select(Organization).where(sa.func.lower(Organization.name) == name.lower()))


def organization_domain(session: Session, domain: str) -> OrganizationDomain | None:
    return session.scalar(
        sa.select(OrganizationDomain).where(OrganizationDomain.domain == domain.strip().lower())
    )


def organization_for_domain(session: Session, domain: str) -> Organization | None:
    """The organization that claims the mail ``domain`` (normalised as in validation.email_domain)."""
    return session.scalar(
        sa.select(Organization)
        .join(OrganizationDomain)
        .where(OrganizationDomain.domain == domain.strip().lower())
    )


def query_organizations(
    session: Session, page: PageRequest, *, q: str | None = None, only_id: int | None = None
) -> Page[Organization]:
    statement = (
        sa.select(Organization)
        .options(selectinload(Organization.domains))
        .order_by(Organization.name, Organization.id)
    )
    if only_id is not None:
        statement = statement.where(Organization.id == only_id)
    text = (q or "").strip()
    if text:
        domain_match = sa.select(OrganizationDomain.organization_id).where(
            OrganizationDomain.domain.icontains(text, autoescape=True)
        )
        statement = statement.where(
            sa.or_(Organization.name.icontains(text, autoescape=True), Organization.id.in_(domain_match))
        )
    return _paginate(session, statement, page)


# Contacts


def get_contact(session: Session, contact_id: int) -> Contact | None:
    return session.get(Contact, contact_id)


def contact_by_email(session: Session, email: str) -> Contact | None:
    return session.scalar(sa.select(Contact).where(Contact.email == email.strip().lower()))


def contact_by_phone(session: Session, phone: str) -> Contact | None:
    """The oldest contact with this (normalised) phone number: phones are not unique."""
    return session.scalar(sa.select(Contact).where(Contact.phone == phone).order_by(Contact.id).limit(1))


def contact_by_external_id(session: Session, external_id: str) -> Contact | None:
    return session.scalar(
        sa.select(Contact).where(Contact.external_id == external_id).order_by(Contact.id).limit(1)
    )


def contact_for_user(session: Session, user_id: int) -> Contact | None:
    return session.scalar(sa.select(Contact).where(Contact.user_id == user_id))


def query_contacts(
    session: Session,
    page: PageRequest,
    *,
    q: str | None = None,
    organization_id: int | None = None,
    only_id: int | None = None,
) -> Page[Contact]:
    statement = sa.select(Contact).order_by(Contact.name, Contact.id)
    if only_id is not None:
        statement = statement.where(Contact.id == only_id)
    if organization_id is not None:
        statement = statement.where(Contact.organization_id == organization_id)
    matches = _search(q, Contact.name, Contact.email, Contact.phone)
    if matches is not None:
        statement = statement.where(matches)
    return _paginate(session, statement, page)


# Web sessions, API tokens, link tokens


def web_session_by_hash(session: Session, token_hash: str) -> WebSession | None:
    return session.scalar(sa.select(WebSession).where(WebSession.token_hash == token_hash))


def web_sessions_for_user(session: Session, user_id: int) -> list[WebSession]:
    return list(session.scalars(sa.select(WebSession).where(WebSession.user_id == user_id)).unique())


def expired_web_sessions(session: Session, moment: datetime, *, limit: int) -> list[WebSession]:
    statement = sa.select(WebSession).where(WebSession.expires_at <= moment).limit(limit)
    return list(session.scalars(statement).unique())


def api_token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_hash))


def get_api_token(session: Session, token_id: int) -> ApiToken | None:
    return session.get(ApiToken, token_id)


def api_tokens_for_user(session: Session, user_id: int) -> list[ApiToken]:
    statement = (
        sa.select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(statement).unique())


def link_by_hash(session: Session, token_hash: str, *, lock: bool = False) -> LinkToken | None:
    """``lock`` holds the row until commit (PostgreSQL) so two requests cannot both use one link."""
    statement = sa.select(LinkToken).where(LinkToken.token_hash == token_hash)
    if lock:
        statement = statement.with_for_update(of=LinkToken)
    return session.scalar(statement)


def unused_links(session: Session, user_id: int, purpose: LinkPurpose | None = None) -> list[LinkToken]:
    statement = sa.select(LinkToken).where(LinkToken.user_id == user_id, LinkToken.used_at.is_(None))
    if purpose is not None:
        statement = statement.where(LinkToken.purpose == purpose)
    return list(session.scalars(statement).unique())
