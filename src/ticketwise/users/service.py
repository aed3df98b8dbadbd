"""Use cases for user accounts: creation, profile and role changes, passwords, invitations, resets.

Invariants kept here:

* e-mail addresses are stored lower-case and are unique among users;
* every customer account has exactly one contact (``contact.user_id``), with the same address;
* at least one active administrator remains;
* only staff belong to teams, lead them or have skills.

Teams and skills live in :mod:`ticketwise.users.teams`, organizations in
:mod:`ticketwise.users.organizations`, contacts in :mod:`ticketwise.users.contacts`; their use cases
are re-exported here so ``users.service`` names every write of the domain (the shared contract says
"service" for all of them).
"""

from __future__ import annotations

import structlog
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.core.security import verify_password
from ticketwise.users import auth, contacts, repository, tokens
from ticketwise.users.domain_events import AccountLinkIssued
from ticketwise.users.models import Availability, LinkPurpose, Organization, Role, User
from ticketwise.users.permissions import require_admin, require_user
from ticketwise.users.validation import (
    normalize_email,
    required_text,
    supported_locale,
    valid_timezone,
)

log = structlog.get_logger(__name__)

MAX_CAPACITY = 1000


def parse_role(role: Role | str) -> Role:
    """``role`` as a Role; raises ValidationFailed on "role" for an unknown value."""
    try:
        return Role(role)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the allowed values."), field="role") from None


def _organization(session: Session, organization_id: int) -> Organization:
    organization = repository.get_organization(session, organization_id)
    if organization is None:
        raise ValidationFailed(N_("This organization does not exist."), field="organization_id")
    return organization


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role | str,
    password: str | None = None,
    locale: str | None = None,
    organization_id: int | None = None,
) -> User:
    """Create an active account; without a password nobody can sign in until one is set.

    A customer is linked to the contact with the same address (created if missing) and, without an
    explicit organization, joins the organization that claims the address's domain. No permission
    check: callers decide who may create accounts (admin API, portal sign-up, ``ticketwise init``).

    Raises ValidationFailed (email, name, role, password, locale, organization_id) and Conflict on
    "email" when an account with the address exists.
    """
    normalized = normalize_email(email)
    if repository.get_user_by_email(session, normalized) is not None:
        raise Conflict(N_("An account with this e-mail address already exists."), field="email")
    user = User(
        email=normalized,
        name=required_text(name, field="name", max_length=200),
        role=parse_role(role),
        password_hash=None if password is None else auth.new_password_hash(password, field="password"),
        locale=supported_locale(locale),
        is_active=True,
    )
    if organization_id is not None:
        user.organization = _organization(session, organization_id)
    session.add(user)
    session.flush()
    if user.role is Role.CUSTOMER:
        contacts.link_customer_contact(session, user)
    return user


def _guard_last_admin(session: Session, user: User, *, new_role: Role, new_active: bool) -> None:
    if user.role is not Role.ADMIN or not user.is_active:
        return
    if new_role is Role.ADMIN and new_active:
        return
    others = [admin_id for admin_id in repository.active_admin_ids(session, lock=True) if admin_id != user.id]
    if not others:
        raise Conflict(
            N_("The last active administrator cannot be demoted or deactivated."),
            field="role" if new_role is not Role.ADMIN else "is_active",
        )


def _leave_staff_duties(session: Session, user: User) -> None:
    """A user who becomes a customer leaves every team, lead position and skill."""
    for team in repository.teams_led_by(session, user.id):
        team.lead = None
    user.team_links.clear()
    user.skill_links.clear()


def _deactivate(session: Session, user: User) -> None:
    """Sign the user out everywhere and void their invitation and reset links."""
    auth.end_all_sessions(session, user)
    tokens.invalidate_links(session, user)


def update_user(
    session: Session,
    actor: User,
    user: User,
    *,
    name: str | None = None,
    role: Role | str | None = None,
    locale: str | None = None,
    is_active: bool | None = None,
    organization_id: int | None = None,
    timezone: str | None = None,
    capacity: int | None = None,
    availability: Availability | str | None = None,
) -> User:
    """Change an account; None leaves a value unchanged, and so does "" for role, timezone and
    availability (``locale=""`` clears the language).

    Admins may change anything; any user may change their own name, locale, timezone and
    availability. Deactivating ends the user's sessions and links; becoming a customer removes team
    memberships, lead positions and skills and links a contact.

    Raises PermissionDenied, ValidationFailed on the offending field, and Conflict when the last
    active admin would be demoted or deactivated.
    """
    actor = require_user(actor)
    # A blank choice from a form means "not given" for values that cannot be blank.
    role = role or None
    timezone = timezone or None
    availability = availability or None
    admin_only = (role, is_active, organization_id, capacity)
    if actor.id != user.id or any(value is not None for value in admin_only):
        require_admin(actor)

    new_role = parse_role(role) if role is not None else user.role
    new_active = is_active if is_active is not None else user.is_active
    # Validate everything before changing anything: a caller that shows the error and carries on
    # must not commit half an edit.
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = required_text(name, field="name", max_length=200)
    if locale is not None:
        changes["locale"] = supported_locale(locale)
    if timezone is not None:
        changes["timezone"] = valid_timezone(timezone)
    if availability is not None:
        try:
            changes["availability"] = Availability(availability)
        except ValueError:
            raise ValidationFailed(N_("Choose one of the allowed values."), field="availability") from None
    if capacity is not None:
        if isinstance(capacity, bool) or not 0 <= capacity <= MAX_CAPACITY:
            raise ValidationFailed(
                N_("Enter a number from %(low)d to %(high)d."), field="capacity", low=0, high=MAX_CAPACITY
            )
        changes["capacity"] = capacity
    if organization_id is not None:
        changes["organization"] = _organization(session, organization_id)
    _guard_last_admin(session, user, new_role=new_role, new_active=new_active)

    for attribute, value in changes.items():
        setattr(user, attribute, value)
    if "name" in changes:
        contact = repository.contact_for_user(session, user.id)
        if contact is not None:
            contact.name = user.name
    if new_role is not user.role:
        user.role = new_role
        if new_role is Role.CUSTOMER:
            _leave_staff_duties(session, user)
            contacts.link_customer_contact(session, user)
    if is_active is False:
        _deactivate(session, user)
    user.is_active = new_active
    session.flush()
    return user


def set_password(
    session: Session, user: User, new_password: str, *, keep_session_token: str | None = None
) -> None:
    """Replace the password and end every web session except ``keep_session_token``'s.

    Raises ValidationFailed on "password" when the password is too short or too long.
    """
    user.password_hash = auth.new_password_hash(new_password, field="password")
    auth.end_all_sessions(session, user, keep_token=keep_session_token)


def change_password(
    session: Session,
    user: User,
    old_password: str,
    new_password: str,
    *,
    keep_session_token: str | None = None,
) -> None:
    """The user's own password change; other browsers are signed out (``keep_session_token`` stays).

    Raises ValidationFailed on "old_password" when the current password is wrong and on
    "new_password" when the new one is unacceptable.
    """
    if not verify_password(old_password or "", user.password_hash):
        raise ValidationFailed(N_("The current password is incorrect."), field="old_password")
    user.password_hash = auth.new_password_hash(new_password, field="new_password")
    auth.end_all_sessions(session, user, keep_token=keep_session_token)


def _link_url(path: str, token: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}/{path}/{token}"


def _send_invitation(session: Session, user: User) -> str:
    url = _link_url("accept-invite", tokens.create_link(session, user, LinkPurpose.INVITE))
    # The notifications domain mails it after commit; the inviting admin also sees it on screen.
    publish(session, AccountLinkIssued(user_id=user.id, purpose="invite", url=url))
    log.info("invitation_issued", user_id=user.id)
    return url


def invite_user(
    session: Session, actor: User, *, email: str, name: str, role: Role | str
) -> tuple[User, str]:
    """Create an inactive account without password and return it with its invitation URL.

    The account becomes active when the invitee sets a password through the link
    (:func:`ticketwise.users.tokens.consume_link`). Raises PermissionDenied for a non-admin and the
    errors of :func:`create_user`.
    """
    require_admin(actor)
    user = create_user(session, email=email, name=name, role=role)
    user.is_active = False
    session.flush()
    return user, _send_invitation(session, user)


def resend_invitation(session: Session, actor: User, user: User) -> str:
    """A fresh invitation URL for an account that never set a password; the older link stops working.

    Raises PermissionDenied for a non-admin and Conflict when the account already has a password.
    """
    require_admin(actor)
    if user.password_hash is not None:
        raise Conflict(N_("This person has already accepted the invitation."))
    return _send_invitation(session, user)


def request_password_reset(session: Session, email: str) -> str | None:
    """The reset URL for the active account with this address, else None.

    Callers show the same answer either way, so the form does not reveal who has an account.
    """
    try:
        user = repository.get_user_by_email(session, normalize_email(email))
    except ValidationFailed:
        return None
    if user is None or not user.is_active:
        return None
    url = _link_url("reset-password", tokens.create_link(session, user, LinkPurpose.RESET))
    publish(session, AccountLinkIssued(user_id=user.id, purpose="reset", url=url))
    log.info("password_reset_issued", user_id=user.id)
    return url
