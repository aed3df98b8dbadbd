"""REST shapes of the users domain (Pydantic v2).

Input models check only types and sizes; the services normalise and validate values (e-mail syntax,
domains, phones, password length) so every entry point gets the same rules and messages. Output
models read ORM objects (``from_attributes``) and never expose secrets: no password hash, no token
hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ticketwise.users.models import Availability, Role


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserRef(_Out):
    id: int
    name: str


class UserCreate(_In):
    email: str = Field(max_length=254)
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str | None = Field(None, max_length=1024)
    locale: str | None = Field(None, max_length=10)
    organization_id: int | None = None


class UserInvite(_In):
    email: str = Field(max_length=254)
    name: str = Field(min_length=1, max_length=200)
    role: Role


class UserPatch(_In):
    name: str | None = Field(None, min_length=1, max_length=200)
    role: Role | None = None
    locale: str | None = Field(None, max_length=10)
    is_active: bool | None = None
    organization_id: int | None = None
    timezone: str | None = Field(None, max_length=64)
    capacity: int | None = Field(None, ge=0, le=1000)
    availability: Availability | None = None


class PasswordChange(_In):
    old_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class UserOut(_Out):
    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    locale: str | None
    timezone: str
    availability: Availability
    capacity: int
    organization_id: int | None
    team_ids: list[int]
    created_at: datetime
    last_login_at: datetime | None


class TeamIn(_In):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    lead_id: int | None = None
    member_ids: list[int] = []


class TeamPatch(_In):
    """Omitted fields stay; ``lead_id: null`` removes the lead; ``member_ids`` replaces the members."""

    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = None
    lead_id: int | None = None
    member_ids: list[int] | None = None


class TeamOut(_Out):
    id: int
    name: str
    description: str
    lead: UserRef | None
    members: list[UserRef]
    created_at: datetime

    @field_validator("members", mode="before")
    @classmethod
    def _member_users(cls, value: Any) -> Any:
        # The ORM holds TeamMember links; the API shows the people behind them.
        return [getattr(item, "user", item) for item in value]


class SkillIn(_In):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""


class SkillPatch(_In):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = None


class SkillOut(_Out):
    id: int
    name: str
    description: str


class AgentSkillIn(_In):
    skill_id: int
    level: int = Field(3, ge=1, le=5)


class AgentSkillOut(_Out):
    skill: SkillOut
    level: int


class OrganizationIn(_In):
    name: str = Field(min_length=1, max_length=200)
    domains: list[str] = []
    vip: bool = False
    shared_tickets: bool = False
    notes: str = ""


class OrganizationPatch(_In):
    name: str | None = Field(None, min_length=1, max_length=200)
    domains: list[str] | None = None
    vip: bool | None = None
    shared_tickets: bool | None = None
    notes: str | None = None


class OrganizationOut(_Out):
    id: int
    name: str
    domains: list[str]
    vip: bool
    shared_tickets: bool
    notes: str
    created_at: datetime

    @field_validator("domains", mode="before")
    @classmethod
    def _domain_names(cls, value: Any) -> Any:
        # The ORM holds OrganizationDomain rows; the API shows the names.
        return [getattr(item, "domain", item) for item in value]


class ContactIn(_In):
    email: str | None = Field(None, max_length=254)
    name: str = Field("", max_length=200)
    phone: str | None = Field(None, max_length=40)
    organization_id: int | None = None


class ContactPatch(_In):
    """Omitted fields stay; ``null`` clears a nullable field."""

    email: str | None = Field(None, max_length=254)
    name: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    organization_id: int | None = None
    external_id: str | None = Field(None, max_length=200)
    locale: str | None = Field(None, max_length=10)
    notes: str | None = None


class ContactOut(_Out):
    id: int
    email: str | None
    phone: str | None
    name: str
    organization_id: int | None
    user_id: int | None
    external_id: str | None
    locale: str | None
    notes: str
    created_at: datetime


class ApiTokenIn(_In):
    name: str = Field(min_length=1, max_length=120)
    scopes: str = Field("read write", max_length=200)


class ApiTokenOut(_Out):
    id: int
    name: str
    prefix: str
    scopes: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(ApiTokenOut):
    """Returned once, at creation: ``token`` is the only copy of the secret."""

    token: str
