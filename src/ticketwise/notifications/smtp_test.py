"""The "send test e-mail" action of the SMTP settings page: one synchronous delivery, now.

It sends with the settings as saved (enabled or not, so an admin can test before switching mail
on) and reports the server's refusal as a translated error naming ``test_to``. Test messages are not
kept in the outbound log: they concern no ticket and the page shows the outcome at once.
"""

from __future__ import annotations

from email.utils import make_msgid

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, get_locale, gettext
from ticketwise.notifications.mail import transport
from ticketwise.notifications.mail.compose import build_message
from ticketwise.notifications.mail.templates import render_mail
from ticketwise.notifications.models import MailKind, OutboundEmail
from ticketwise.notifications.smtp_settings import SmtpConfig, load_smtp_settings
from ticketwise.tickets.mail_ids import mail_domain
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin
from ticketwise.users.validation import normalize_email

TEST_TIMEOUT_SECONDS = 15


def send_test_email(session: Session, actor: User, to_address: str) -> str:
    """Send a test message to ``to_address`` in the current language; returns its Message-ID.

    Raises PermissionDenied for a non-admin; ValidationFailed(field="test_to") for a bad address,
    settings without host or sender, or when the server refuses (the message names the reason and
    ``detail`` carries the server's words).
    """
    require_admin(actor)
    recipient = normalize_email(to_address, field="test_to")
    settings = load_smtp_settings(session)
    if not settings.host or not settings.from_address:
        raise ValidationFailed(
            N_("Save the mail server's host and the sender address first."), field="test_to"
        )
    config = SmtpConfig.of(settings)
    locale = get_locale()
    rendered = render_mail(
        MailKind.TEST, locale, {"site_name": get_settings().site_name, "host": config.host}
    )
    email = OutboundEmail(
        kind=MailKind.TEST,
        automatic=True,
        locale=locale,
        primary_recipient=recipient,
        to_addresses=[recipient],
        cc_addresses=[],
        skipped_addresses=[],
        message_id=make_msgid(domain=mail_domain()),
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
    )
    try:
        transport.send(config, build_message(email, config), [recipient], timeout=TEST_TIMEOUT_SECONDS)
    except transport.DeliveryError as error:
        raise ValidationFailed(
            N_("The test message was not sent: %(reason)s %(detail)s"),
            field="test_to",
            reason=gettext(error.message),
            detail=error.detail,
        ) from error
    return email.message_id
