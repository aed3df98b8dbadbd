"""Fixtures for the users domain tests (cheap argon2id comes from the root conftest)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.users import service
from ticketwise.users.models import Role, User


@pytest.fixture
def people(session: Session):
    """Factory: ``people(role, email=None, **extra) -> User`` without a password (no hashing)."""
    counter = {"n": 0}

    def factory(role: Role | str = Role.AGENT, email: str | None = None, **extra) -> User:
        counter["n"] += 1
        return service.create_user(
            session,
            email=email or f"{Role(role).value}{counter['n']}@staff.example.com",
            name=extra.pop("name", f"{Role(role).value.title()} {counter['n']}"),
            role=role,
            **extra,
        )

    return factory


@pytest.fixture
def admin(people) -> User:
    return people(Role.ADMIN)


@pytest.fixture
def agent(people) -> User:
    return people(Role.AGENT)


@pytest.fixture
def customer(people) -> User:
    return people(Role.CUSTOMER, email="carol@customer.example.org", name="Carol")
