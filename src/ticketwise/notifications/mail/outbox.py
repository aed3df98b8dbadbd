"""What to send to whom: turns ticket events into queued :class:`OutboundEmail` rows.

Rules kept here (DESIGN §5):

* nothing is queued while outgoing mail is disabled;
* a recipient whose contact is marked failing (``email_failing_since``) is skipped, and so are our
  own sender and reply-to addresses (a notice to ourselves would start a loop);
* automatic mail (acknowledgements, notices, alerts) reaches one recipient at most
  ``automatic_per_hour`` times an hour; the rest is recorded as skipped ("throttled");
* mail about a ticket carries a new Message-ID naming the ticket, In-Reply-To and References
  listing the conversation so far, and the subject tag; an agent's reply keeps its Message-ID on the
  ticket message so the customer's answer threads back.

A row is queued (or recorded as skipped, with the reason) in the caller's transaction and the send
task is enqueued after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import make_msgid
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.i18n import N_
from ticketwise.core.jobs import enqueue
from ticketwise.notifications import mail_links, repository
from ticketwise.notifications.mail.templates import mail_locale, render_mail
from ticketwise.notifications.models import MailKind, MailStatus, OutboundEmail
from ticketwise.notifications.smtp_settings import SmtpConfig, active_config
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.mail_ids import mail_domain, make_message_id, with_subject_tag
from ticketwise.tickets.models import Ticket, TicketMessage
from ticketwise.users.models import Contact, User

SKIP_FAILING = N_("The address is marked as failing (earlier mail bounced).")
SKIP_THROTTLED = N_("Too many automatic messages to this address in the last hour.")
SKIP_OWN_ADDRESS = N_("The address is our own sender or reply-to address.")
SKIP_NO_ADDRESS = N_("Nobody to send to: no e-mail address.")
MAX_REFERENCES = 20


@dataclass
class Recipients:
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # address -> reason msgid


def _contact_failing(contact: Contact | None) -> bool:
    # B1 adds Contact.email_failing_since; until then no contact is failing.
    return contact is not None and getattr(contact, "email_failing_since", None) is not None


def _choose(
    session: Session,
    config: SmtpConfig,
    to: list[tuple[str | None, Contact | None]],
    cc: list[tuple[str | None, Contact | None]],
    *,
    automatic: bool,
) -> Recipients:
    own = {config.from_address.lower(), config.reply_to.lower()} - {""}
    chosen = Recipients()
    seen: set[str] = set()
    for target, candidates in ((chosen.to, to), (chosen.cc, cc)):
        for address, contact in candidates:
            email = (address or "").strip().lower()
            if not email or email in seen:
                continue
            seen.add(email)
            if _contact_failing(contact):
                chosen.skipped[email] = SKIP_FAILING
            elif email in own:
                chosen.skipped[email] = SKIP_OWN_ADDRESS
            else:
                target.append(email)
    if not chosen.to and chosen.cc:
        chosen.to.append(chosen.cc.pop(0))
    if automatic and chosen.to:
        since = now() - timedelta(hours=1)
        if repository.automatic_mail_count(session, chosen.to[0], since) >= config.automatic_per_hour:
            chosen.skipped[chosen.to[0]] = SKIP_THROTTLED
            chosen.to, chosen.cc = [], []
    return chosen


def _thread_headers(session: Session, ticket: Ticket | None) -> tuple[str | None, str | None]:
    if ticket is None:
        return None, None
    ids = repository.thread_message_ids(session, ticket.id)[-MAX_REFERENCES:]
    if not ids:
        return None, None
    return ids[-1], " ".join(ids)


def _queue(
    session: Session,
    config: SmtpConfig,
    *,
    kind: MailKind,
    automatic: bool,
    locale: str,
    recipients: Recipients,
    context: dict[str, Any],
    ticket: Ticket | None = None,
    message: TicketMessage | None = None,
) -> OutboundEmail:
    rendered = render_mail(kind, locale, {"site_name": get_settings().site_name, **context})
    subject = with_subject_tag(rendered.subject, ticket.number) if ticket is not None else rendered.subject
    # Staff alerts are not part of the customer's conversation.
    in_reply_to, references = _thread_headers(session, ticket if kind is not MailKind.ALERT else None)
    email = OutboundEmail(
        ticket_id=ticket.id if ticket else None,
        ticket_message_id=message.id if message else None,
        kind=kind,
        automatic=automatic,
        locale=locale,
        primary_recipient=(recipients.to or list(recipients.skipped) or [""])[0],
        to_addresses=recipients.to,
        cc_addresses=recipients.cc,
        skipped_addresses=[],
        message_id=make_message_id(ticket.id) if ticket else make_msgid(domain=mail_domain()),
        in_reply_to=in_reply_to,
        thread_references=references,
        subject=subject[:300],
        body_text=rendered.text,
        body_html=rendered.html,
        status=MailStatus.QUEUED,
        created_at=now(),
    )
    if not recipients.to:
        email.status = MailStatus.SKIPPED
        email.to_addresses = list(recipients.skipped)
        email.last_error = next(iter(recipients.skipped.values()), SKIP_NO_ADDRESS)
    else:
        email.skipped_addresses = sorted(recipients.skipped)
    session.add(email)
    session.flush()
    if email.status is MailStatus.QUEUED:
        if message is not None and not message.email_message_id:
            # The customer's answer quotes this id; intake threads it back to the ticket.
            message.email_message_id = email.message_id
        from ticketwise.notifications.tasks import send_outbound_email

        enqueue(session, send_outbound_email, email.id)
    return email


def _requester(ticket: Ticket) -> tuple[str | None, Contact]:
    return ticket.requester.email, ticket.requester


def requester_locale(ticket: Ticket) -> str:
    """The requester's language, else the ticket's, else the site default."""
    return mail_locale(ticket.requester.locale, ticket.language)


def _ticket_context(ticket: Ticket) -> dict[str, Any]:
    contact = ticket.requester
    return {
        "ticket": ticket,
        "requester_name": contact.name or contact.email or "",
    }


def queue_acknowledgement(session: Session, ticket_id: int) -> OutboundEmail | None:
    """Tell a requester who wrote in that their ticket exists, with its number (automatic mail).

    Not sent for tickets staff created on someone's behalf: the agent has the person on the line
    (phone, walk-in) and tells them the number; their public reply reaches the requester by mail.
    """
    config = active_config(session)
    if config is None:
        return None
    ticket = repository.ticket_for_mail(session, ticket_id, with_creator=True)
    if ticket is None or not ticket.requester.email:
        return None
    creator = ticket.created_by
    if creator is not None and creator.is_staff:
        return None
    portal_url = None
    if ticket.requester.user_id is not None:
        portal_url = f"{get_settings().base_url.rstrip('/')}/portal/tickets/{ticket.number}"
    recipients = _choose(session, config, [_requester(ticket)], [], automatic=True)
    return _queue(
        session,
        config,
        kind=MailKind.ACKNOWLEDGEMENT,
        automatic=True,
        locale=requester_locale(ticket),
        recipients=recipients,
        context={**_ticket_context(ticket), "portal_url": portal_url},
        ticket=ticket,
    )


def queue_agent_reply(session: Session, message_id: int) -> OutboundEmail | None:
    """Send a staff member's public reply to the requester and the CCs, with its attachments."""
    config = active_config(session)
    if config is None:
        return None
    message = repository.message_with_authors(session, message_id)
    if message is None or message.author_user is None:
        return None
    ticket = repository.ticket_for_mail(session, message.ticket_id)
    if ticket is None:
        return None
    ccs = [(row.contact.email, row.contact) for row in tickets_repository.list_ccs(session, ticket.id)]
    recipients = _choose(session, config, [_requester(ticket)], ccs, automatic=False)
    if not recipients.to and not recipients.skipped:
        return None
    return _queue(
        session,
        config,
        kind=MailKind.REPLY,
        automatic=False,
        locale=requester_locale(ticket),
        recipients=recipients,
        context={
            **_ticket_context(ticket),
            "body_text": message.body_text,
            "body_html": message.body_html,
            "agent_name": message.author_user.name,
        },
        ticket=ticket,
        message=message,
    )


def queue_resolution_notice(session: Session, ticket_id: int) -> OutboundEmail | None:
    """Tell the requester their ticket is resolved, with signed confirm and reopen links."""
    config = active_config(session)
    if config is None:
        return None
    ticket = repository.ticket_for_mail(session, ticket_id)
    if ticket is None or not ticket.requester.email:
        return None
    locale = requester_locale(ticket)
    token = mail_links.make_token(ticket.id, ticket.requester_id, locale)
    recipients = _choose(session, config, [_requester(ticket)], [], automatic=True)
    return _queue(
        session,
        config,
        kind=MailKind.RESOLVED,
        automatic=True,
        locale=locale,
        recipients=recipients,
        context={
            **_ticket_context(ticket),
            "confirm_url": mail_links.link_url(token, "confirm"),
            "reopen_url": mail_links.link_url(token, "reopen"),
            "reopen_days": get_settings().tickets.reopen_window_days,
        },
        ticket=ticket,
    )


def queue_staff_alert(session: Session, user: User, text: str, ticket: Ticket | None) -> OutboundEmail | None:
    """Mail an (already translated, in the user's language) alert ``text`` to a staff member."""
    config = active_config(session)
    if config is None or not user.is_active or not user.email:
        return None
    ticket_url = None
    if ticket is not None:
        ticket_url = f"{get_settings().base_url.rstrip('/')}/agent/tickets/{ticket.number}"
    recipients = _choose(session, config, [(user.email, None)], [], automatic=True)
    return _queue(
        session,
        config,
        kind=MailKind.ALERT,
        automatic=True,
        locale=mail_locale(user.locale),
        recipients=recipients,
        context={"recipient_name": user.name, "text": text, "ticket": ticket, "ticket_url": ticket_url},
        ticket=ticket,
    )


ACCOUNT_LINK_KINDS = {"invite": MailKind.INVITATION, "reset": MailKind.PASSWORD_RESET}


def queue_account_link(session: Session, user: User, purpose: str, url: str) -> OutboundEmail | None:
    """Mail an invitation (``purpose`` "invite") or password-reset link to the account's own address,
    in its language; None when outgoing mail is off or the account has no address. Not throttled as
    automatic mail: a person asked for it, and the link is useless to anyone else."""
    config = active_config(session)
    if config is None or not user.email:
        return None
    recipients = _choose(session, config, [(user.email, None)], [], automatic=False)
    return _queue(
        session,
        config,
        kind=ACCOUNT_LINK_KINDS[purpose],
        automatic=True,
        locale=mail_locale(user.locale),
        recipients=recipients,
        context={
            "recipient_name": user.name,
            "url": url,
            "role": user.role.value,
            "valid_hours": get_settings().security.token_link_hours,
        },
    )
