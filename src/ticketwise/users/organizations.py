"""Use cases for organizations (admin only).

Invariants: names are unique regardless of case; a mail domain is stored lower-case in the form
:func:`ticketwise.users.validation.email_domain` produces and belongs to at most one organization, so
a contact's organization follows from its address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict
from ticketwise.core.i18n import N_
from ticketwise.users import repository
from ticketwise.users.models import Organization, OrganizationDomain, User
from ticketwise.users.permissions import require_admin
from ticketwise.users.validation import normalize_domain, optional_text, required_text


def _name(session: Session, name: str, organization: Organization | None = None) -> str:
    text = required_text(name, field="name", max_length=200)
    existing = repository.organization_by_name(session, text)
    if existing is not None and existing is not organization:
        raise Conflict(N_("An organization with this name already exists."), field="name")
    return text


def _domains(
    session: Session, domains: Iterable[str] | str, organization: Organization | None = None
) -> list[str]:
    """Normalised, deduplicated domains; raises Conflict on "domains" for one another organization has.

    A single string (a form's text field) is split on commas and white space.
    """
    if isinstance(domains, str):
        domains = re.split(r"[\s,;]+", domains)
    normalized = sorted({normalize_domain(domain) for domain in domains if domain and domain.strip()})
    for domain in normalized:
        claim = repository.organization_domain(session, domain)
        if claim is not None and claim.organization is not organization:
            raise Conflict(
                N_("The domain %(domain)s already belongs to another organization."),
                field="domains",
                domain=domain,
            )
    return normalized


def _set_domains(organization: Organization, domains: list[str]) -> None:
    # Change only the difference: removing and re-adding one domain in a single flush would insert
    # the new row before deleting the old one and collide on the unique index.
    wanted = set(domains)
    for row in list(organization.domains):
        if row.domain not in wanted:
            organization.domains.remove(row)
    present = {row.domain for row in organization.domains}
    for domain in domains:
        if domain not in present:
            organization.domains.append(OrganizationDomain(domain=domain))


def create_organization(
    session: Session,
    actor: User,
    *,
    name: str,
    domains: Iterable[str] | str = (),
    vip: bool = False,
    shared_tickets: bool = False,
    notes: str = "",
) -> Organization:
    """Raises PermissionDenied for non-admins, ValidationFailed on "name", "domains" or "notes",
    Conflict on a taken name or a domain another organization claims."""
    require_admin(actor)
    organization = Organization(
        name=_name(session, name),
        vip=bool(vip),
        shared_tickets=bool(shared_tickets),
        notes=optional_text(notes, field="notes", max_length=10_000),
    )
    _set_domains(organization, _domains(session, domains))
    session.add(organization)
    session.flush()
    return organization


def update_organization(
    session: Session,
    actor: User,
    organization: Organization,
    *,
    name: str | None = None,
    domains: Iterable[str] | str | None = None,
    vip: bool | None = None,
    shared_tickets: bool | None = None,
    notes: str | None = None,
) -> Organization:
    """Change the given fields (None leaves one unchanged; ``domains`` replaces the list).

    Existing contacts keep their organization when a domain is removed. Raises as
    :func:`create_organization`.
    """
    require_admin(actor)
    new_name = _name(session, name, organization) if name is not None else organization.name
    new_domains = _domains(session, domains, organization) if domains is not None else None
    new_notes = optional_text(notes, field="notes", max_length=10_000) if notes is not None else None

    organization.name = new_name
    if new_domains is not None:
        _set_domains(organization, new_domains)
    if vip is not None:
        organization.vip = bool(vip)
    if shared_tickets is not None:
        organization.shared_tickets = bool(shared_tickets)
    if new_notes is not None:
        organization.notes = new_notes
    session.flush()
    return organization
