"""Use cases for contacts: the people requests come from, with or without a portal account.

Invariants: a contact has an e-mail address or a phone number or an external id; addresses are
stored lower-case and unique; a contact without an organization joins the one that claims its mail
domain; a customer account's contact carries the account's address.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.users import repository
from ticketwise.users.models import Contact, Organization, User
from ticketwise.users.permissions import require_staff
from ticketwise.users.validation import (
    UNSET,
    Unset,
    email_domain,
    normalize_email,
    normalize_phone,
    optional_text,
    supported_locale,
)


def _organization_for_email(session: Session, email: str | None) -> Organization | None:
    return repository.organization_for_domain(session, email_domain(email)) if email else None


def _organization(session: Session, organization_id: int) -> Organization:
    organization = repository.get_organization(session, organization_id)
    if organization is None:
        raise ValidationFailed(N_("This organization does not exist."), field="organization_id")
    return organization


def _external_id(value: str | None) -> str | None:
    return optional_text(value, field="external_id", max_length=200) or None


def _ensure_email_free(session: Session, email: str, contact: Contact | None = None) -> None:
    owner = repository.contact_by_email(session, email)
    if owner is not None and owner is not contact:
        raise Conflict(N_("A contact with this e-mail address already exists."), field="email")


def _require_reachable(email: str | None, phone: str | None, external_id: str | None = None) -> None:
    if not (email or phone or external_id):
        raise ValidationFailed(N_("Enter an e-mail address or a phone number."), field="email")


def link_customer_contact(session: Session, user: User) -> Contact:
    """Give a customer account its contact: the one already linked, else the one with the same
    address, else a new one. A user without organization joins the one that claims the address's
    domain, and a contact without organization takes the user's.

    Raises Conflict on "email" when the contact with that address belongs to another account.
    """
    if user.organization is None:
        user.organization = _organization_for_email(session, user.email)
    contact = repository.contact_for_user(session, user.id) or repository.contact_by_email(
        session, user.email
    )
    if contact is None:
        contact = Contact(email=user.email, name=user.name, locale=user.locale)
        session.add(contact)
    elif contact.user_id not in (None, user.id):
        raise Conflict(N_("A contact with this e-mail address already exists."), field="email")
    contact.user_id = user.id
    contact.name = contact.name or user.name
    if contact.organization is None:
        contact.organization = user.organization
    session.flush()
    return contact


def _find_contact(
    session: Session, email: str | None, phone: str | None, external_id: str | None
) -> Contact | None:
    if email:
        contact = repository.contact_by_email(session, email)
        if contact is not None:
            return contact
    for candidate in (
        repository.contact_by_phone(session, phone) if phone else None,
        repository.contact_by_external_id(session, external_id) if external_id else None,
    ):
        # A contact with another address is another person who happens to share the number or id.
        if candidate is not None and (email is None or candidate.email is None):
            return candidate
    return None


def get_or_create_contact(
    session: Session,
    *,
    email: str | None = None,
    name: str = "",
    phone: str | None = None,
    external_id: str | None = None,
) -> Contact:
    """The contact for an inbound request, created when new (no permission check: intake uses it).

    Matching: e-mail address (case-insensitive), else phone, else external id; a phone or id match
    with a different address does not count. Missing details of the match are filled in (name,
    address, phone, external id, organization). A new contact joins the organization of its mail
    domain.

    Raises ValidationFailed when nothing identifies the person or a value is malformed.
    """
    normalized_email = normalize_email(email) if email and email.strip() else None
    normalized_phone = normalize_phone(phone)
    external = _external_id(external_id)
    display_name = optional_text(name, field="name", max_length=200)
    _require_reachable(normalized_email, normalized_phone, external)

    contact = _find_contact(session, normalized_email, normalized_phone, external)
    if contact is None:
        return _insert_contact(
            session,
            Contact(
                email=normalized_email,
                phone=normalized_phone,
                external_id=external,
                name=display_name,
                organization=_organization_for_email(session, normalized_email),
            ),
        )
    # Assign only what is missing: an unchanged contact stays clean, so the flush has nothing to do.
    for attribute, value in (
        ("name", display_name),
        ("email", normalized_email),
        ("phone", normalized_phone),
        ("external_id", external),
    ):
        current = getattr(contact, attribute)
        if (current or value) != current:
            setattr(contact, attribute, current or value)
    if contact.organization is None:
        contact.organization = _organization_for_email(session, contact.email)
    session.flush()
    return contact


def _insert_contact(session: Session, contact: Contact) -> Contact:
    """Insert, or return the contact a concurrent transaction created with the same address."""
    try:
        with session.begin_nested():
            session.add(contact)
            session.flush()
    except IntegrityError:
        existing = repository.contact_by_email(session, contact.email) if contact.email else None
        if existing is None:
            raise
        return existing
    return contact


def create_contact(
    session: Session,
    actor: User,
    *,
    email: str | None = None,
    name: str,
    phone: str | None = None,
    organization_id: int | None = None,
) -> Contact:
    """A contact entered by staff (phone call, walk-in); the organization defaults to the domain's.

    Raises PermissionDenied for non-staff, ValidationFailed without address and phone or for a
    malformed value, Conflict on "email" when a contact with that address exists.
    """
    require_staff(actor)
    normalized_email = normalize_email(email) if email and email.strip() else None
    normalized_phone = normalize_phone(phone)
    _require_reachable(normalized_email, normalized_phone)
    if normalized_email:
        _ensure_email_free(session, normalized_email)
    contact = Contact(
        email=normalized_email,
        phone=normalized_phone,
        name=optional_text(name, field="name", max_length=200),
        organization=(
            _organization(session, organization_id)
            if organization_id is not None
            else _organization_for_email(session, normalized_email)
        ),
    )
    session.add(contact)
    session.flush()
    return contact


def update_contact(
    session: Session,
    actor: User,
    contact: Contact,
    *,
    email: str | None | Unset = UNSET,
    name: str | Unset = UNSET,
    phone: str | None | Unset = UNSET,
    organization_id: int | None | Unset = UNSET,
    external_id: str | None | Unset = UNSET,
    locale: str | None | Unset = UNSET,
    notes: str | Unset = UNSET,
) -> Contact:
    """Change the given fields; None clears a nullable one, an omitted field stays as it is.

    Raises PermissionDenied for non-staff; ValidationFailed for malformed values, when nothing would
    identify the person any more, or when the address of a customer account's contact changes;
    Conflict on "email" when another contact has the address.
    """
    require_staff(actor)
    # Validate everything before changing anything: a caller that shows the error and carries on
    # must not commit half an edit.
    changes: dict[str, object] = {}
    if email is not UNSET:
        new_email = normalize_email(email) if email and email.strip() else None
        if new_email != contact.email:
            if contact.user_id is not None:
                raise ValidationFailed(
                    N_("This contact has a portal account; its e-mail address cannot change here."),
                    field="email",
                )
            if new_email:
                _ensure_email_free(session, new_email, contact)
        changes["email"] = new_email
    if phone is not UNSET:
        changes["phone"] = normalize_phone(phone)
    if external_id is not UNSET:
        changes["external_id"] = _external_id(external_id)
    _require_reachable(
        changes.get("email", contact.email),
        changes.get("phone", contact.phone),
        changes.get("external_id", contact.external_id),
    )
    if name is not UNSET:
        changes["name"] = optional_text(name, field="name", max_length=200)
    if locale is not UNSET:
        changes["locale"] = supported_locale(locale)
    if notes is not UNSET:
        changes["notes"] = optional_text(notes, field="notes", max_length=10_000)
    if organization_id is not UNSET:
        changes["organization"] = None if organization_id is None else _organization(session, organization_id)
    for attribute, value in changes.items():
        setattr(contact, attribute, value)
    session.flush()
    return contact
