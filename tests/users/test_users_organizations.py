"""Organizations: names, mail domains and their uniqueness."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.users import organizations, repository


def _domains(org) -> list[str]:
    return [row.domain for row in org.domains]


def test_domains_are_normalised_and_deduplicated(session: Session, admin) -> None:
    org = organizations.create_organization(
        session, admin, name="ACME", domains=["ACME.com", "@acme.com", " Acme.CN ", "例子.中国", ""], vip=True
    )
    assert _domains(org) == ["acme.cn", "acme.com", "例子.中国"]
    assert org.vip and not org.shared_tickets
    assert repository.organization_for_domain(session, "Acme.COM") is org
    assert repository.organization_for_domain(session, "例子.中国") is org
    assert repository.organization_for_domain(session, "other.com") is None


def test_a_text_field_of_domains_is_split(session: Session, admin) -> None:
    org = organizations.create_organization(
        session, admin, name="Form", domains="a.example.com, b.example.com\nc.example.com"
    )
    assert _domains(org) == ["a.example.com", "b.example.com", "c.example.com"]


@pytest.mark.parametrize("domain", ["not a domain", "a@b.com", "localhost", "-bad-.com"])
def test_invalid_domains_are_rejected(session: Session, admin, domain: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        organizations.create_organization(session, admin, name="Broken", domains=[domain])
    assert caught.value.field == "domains"


def test_a_domain_belongs_to_one_organization(session: Session, admin) -> None:
    organizations.create_organization(session, admin, name="First", domains=["shared.example.com"])
    with pytest.raises(Conflict) as caught:
        organizations.create_organization(session, admin, name="Second", domains=["SHARED.example.com"])
    assert caught.value.field == "domains"
    assert caught.value.params == {"domain": "shared.example.com"}


def test_names_are_unique(session: Session, admin) -> None:
    organizations.create_organization(session, admin, name="Globex")
    with pytest.raises(Conflict) as caught:
        organizations.create_organization(session, admin, name="globex")
    assert caught.value.field == "name"


def test_update_replaces_domains_and_keeps_unchanged_ones(session: Session, admin) -> None:
    org = organizations.create_organization(
        session, admin, name="Initech", domains=["initech.com", "old.com"]
    )
    kept_row = org.domains[0]
    organizations.update_organization(
        session, admin, org, domains=["new.com", "INITECH.com"], shared_tickets=True, notes="Key account"
    )
    assert _domains(org) == ["initech.com", "new.com"]
    assert kept_row in org.domains
    assert org.shared_tickets and org.notes == "Key account" and org.name == "Initech"
    assert repository.organization_for_domain(session, "old.com") is None
    # Re-claiming its own domain is not a conflict; another organization's is.
    organizations.update_organization(session, admin, org, domains=["initech.com"])
    other = organizations.create_organization(session, admin, name="Other", domains=["other.com"])
    with pytest.raises(Conflict):
        organizations.update_organization(session, admin, other, domains=["initech.com"])
    assert _domains(other) == ["other.com"]


def test_only_admins_manage_organizations(session: Session, agent) -> None:
    with pytest.raises(PermissionDenied):
        organizations.create_organization(session, agent, name="Sneaky")
