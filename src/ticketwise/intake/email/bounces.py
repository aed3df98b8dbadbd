"""Delivery failures: RFC 3464 reports, RFC 5965 feedback reports, and the free-text bounces MTAs send.

``find_bounce`` returns the reason and the failing recipients, or None for an ordinary message. Standard
reports are read field by field; for free-text bounces (qmail, Exim, Sendmail, Postfix, Exchange, Notes,
webmail providers) the recipients are taken from the notification text above the returned message, or
from the returned message's own ``To`` when the text names none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ticketwise.intake.message import Address, BouncedRecipient

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
_STATUS = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
_ID_LINE = re.compile(r"^\s*(?:message-id|references|in-reply-to|x-message-id|thread-index)\s*:", re.I)
# Senders that only ever send delivery reports; "postmaster" also answers humans, so it needs more proof.
_MAILER_DAEMONS = {"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "mail-delivery-system"}
_POSTMASTERS = {"postmaster", "post_master", "maildelivery", "mail.delivery.system"}
_DAEMON_NAMES = re.compile(
    r"mail delivery (?:subsystem|system|service)|mailer[- ]daemon|"
    r"delivery status notification|系统退信|邮件投递|メール配信",
    re.I,
)
_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status notification|failure|failed|report|notification|problem|"
    r"has failed|incomplete|delayed)|mail delivery failed|failure notice|returned mail|returned to sender|"
    r"non[- ]?delivery|nondeliverable|could not be delivered|couldn't be delivered|delivery failure|"
    r"warning: could not send|mail system error|message not delivered|permanent error|"
    r"unable to deliver|delivery notification|not delivered|退信|无法投递|未能送达|系统退信|"
    r"邮件被退回|配信エラー|不達|返送|zustellung|unzustellbar|non remis|no se puede entregar|"
    r"mail could not|mail status|notice of delivery|delivery (?:error|warning)|failed mail|message you sent",
    re.I,
)
_FORWARD_OR_REPLY = re.compile(r"^\s*(?:fwd?|fw|re|aw|wg|tr|转发|回复|答复|轉寄|回覆)\s*[:：]", re.I)
# Where the returned original starts: addresses below this line are the sender's, not the failures.
_ORIGINAL_STARTS = re.compile(
    r"^\s*(?:-{2,}.{0,20}(?:original message|copy of the message|undelivered message|returned message|"
    r"message headers follow|original message follows|headers of the original|原始邮件|原信件)|"
    r"-{2,}\s*Below this line is a copy of the message|"
    r"original message follows|"
    r"\*\*\* original message|"
    r"the original message (?:was received|headers are|follows|is included)|"
    r"(?:return-path|received|message-id|dkim-signature|x-originating-ip):\s)",
    re.I | re.M,
)
_DELAYED = re.compile(
    r"delivery (?:has been )?delayed|not yet been delivered|will (?:continue to )?retry|still trying|"
    r"temporarily deferred|delivery is delayed",
    re.I,
)


@dataclass
class BounceReport:
    reason: str
    recipients: list[BouncedRecipient] = field(default_factory=list)


@dataclass
class ReportPart:
    """A machine-readable report part found in the MIME tree: its type and its field blocks."""

    content_type: str
    blocks: list[list[tuple[str, str]]]


def parse_field_blocks(text: str) -> list[list[tuple[str, str]]]:
    """RFC 822 style field blocks separated by blank lines (the body of message/delivery-status)."""
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if line[0] in " \t" and current:
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            current.append((name.strip().lower(), value.strip()))
    if current:
        blocks.append(current)
    return blocks


def _typed_value(value: str) -> str:
    # "rfc822; user@example.com" / "smtp; 550 5.1.1 ..." — the type before ";" is not needed.
    _, sep, rest = value.partition(";")
    return (rest if sep else value).strip()


def _clean_address(value: str) -> str:
    found = _ADDRESS.search(value)
    return (found.group(0) if found else value.strip().strip("<>")).lower()


def _from_delivery_status(blocks: list[list[tuple[str, str]]]) -> list[BouncedRecipient]:
    recipients: list[BouncedRecipient] = []
    for block in blocks:
        fields = dict(block)
        raw = (
            fields.get("final-recipient")
            or fields.get("original-recipient")
            or fields.get("x-actual-recipient")
        )
        if not raw:
            continue
        email = _clean_address(_typed_value(raw))
        if not email:
            continue
        diagnostic = _typed_value(fields.get("diagnostic-code", ""))
        status = fields.get("status", "").strip()
        found = _STATUS.search(status)
        detailed = _STATUS.search(diagnostic)
        # "Status: 5.0.0" is often a relay's generic code; the remote server's own reply says more.
        if not found or (
            detailed and found.group(1).endswith(".0.0") and detailed.group(1)[0] == found.group(1)[0]
        ):
            found = detailed or found
        recipients.append(
            BouncedRecipient(
                email=email,
                status=found.group(1) if found else "",
                action=fields.get("action", "").strip().lower(),
                diagnostic=diagnostic[:500],
            )
        )
    return _unique(recipients)


def _from_feedback(blocks: list[list[tuple[str, str]]], returned_to: list[str]) -> list[BouncedRecipient]:
    fields = {name: value for block in blocks for name, value in block}
    candidates = [fields[name] for name in ("original-rcpt-to", "removal-recipient") if fields.get(name)]
    emails = [_clean_address(value) for value in candidates] or returned_to
    feedback = fields.get("feedback-type", "abuse")
    return _unique(
        [BouncedRecipient(email=e, action="complaint", diagnostic=f"feedback: {feedback}") for e in emails]
    )


def _unique(recipients: list[BouncedRecipient]) -> list[BouncedRecipient]:
    seen: set[str] = set()
    out = []
    for recipient in recipients:
        if recipient.email and "@" in recipient.email and recipient.email not in seen:
            seen.add(recipient.email)
            out.append(recipient)
    return out


def _sender_role(sender: Address | None, sender_text: str) -> str:
    """ "daemon" (only sends reports), "postmaster" (may be a human), or ""."""
    local = sender.email.split("@", 1)[0] if sender is not None else ""
    # "From: MAILER-DAEMON <>" has no address at all; the display text still says who sent it.
    if local in _MAILER_DAEMONS or _DAEMON_NAMES.search(sender.name if sender else sender_text):
        return "daemon"
    return "postmaster" if local in _POSTMASTERS else ""


def _from_ses_notification(text: str) -> BounceReport | None:
    """Amazon SES bounce/complaint notifications delivered by SNS e-mail: a JSON document as the body."""
    start = text.find("{")
    if start < 0 or "notificationType" not in text:
        return None
    document = None
    # SNS mail wraps the JSON at 76 columns; joining the lines restores it.
    for candidate in (text[start:], re.sub(r"\r?\n", "", text[start:])):
        try:
            document, _ = json.JSONDecoder(strict=False).raw_decode(candidate)
            break
        except ValueError:
            continue
    if isinstance(document, dict) and isinstance(document.get("Message"), str):
        # The SNS envelope carries the SES notification as a JSON string.
        try:
            document = json.JSONDecoder(strict=False).decode(document["Message"])
        except ValueError:
            return None
    if not isinstance(document, dict):
        return None
    kind = str(document.get("notificationType", ""))
    if kind == "Bounce":
        bounce = document.get("bounce") or {}
        recipients = [
            BouncedRecipient(
                email=str(item.get("emailAddress", "")).lower(),
                status=str(item.get("status", "")),
                action=str(item.get("action", "failed")),
                diagnostic=str(item.get("diagnosticCode", ""))[:500],
            )
            for item in bounce.get("bouncedRecipients", [])
            if isinstance(item, dict)
        ]
        return BounceReport("Amazon SES bounce notification", _unique(recipients))
    if kind == "Delivery":  # a success report: machine mail, but nothing failed
        delivery = document.get("delivery") or {}
        recipients = [
            BouncedRecipient(email=str(email).lower(), status="2.0.0", action="delivered")
            for email in delivery.get("recipients", [])
        ]
        return BounceReport("Amazon SES delivery notification", _unique(recipients))
    if kind == "Complaint":
        complaint = document.get("complaint") or {}
        recipients = [
            BouncedRecipient(email=str(item.get("emailAddress", "")).lower(), action="complaint")
            for item in complaint.get("complainedRecipients", [])
            if isinstance(item, dict)
        ]
        return BounceReport("Amazon SES complaint notification", _unique(recipients))
    return None


def _notification_text(text: str) -> str:
    match = _ORIGINAL_STARTS.search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def _from_text(text: str, exclude: set[str]) -> list[BouncedRecipient]:
    notice = _notification_text(text)
    lines = notice.split("\n")
    recipients: list[BouncedRecipient] = []
    for index, line in enumerate(lines):
        if _ID_LINE.match(line):  # message ids look like addresses but never bounce
            continue
        for email in _ADDRESS.findall(line):
            email = email.lower().strip(".")
            local = email.split("@", 1)[0]
            if email in exclude or local in _MAILER_DAEMONS:
                continue
            context = " ".join(lines[index : index + 4])
            status = _STATUS.search(context) or _STATUS.search(notice)
            recipients.append(
                BouncedRecipient(
                    email=email,
                    status=status.group(1) if status else "",
                    action="",
                    diagnostic=re.sub(r"\s+", " ", context).strip()[:500],
                )
            )
    return _unique(recipients)


def _action(recipient: BouncedRecipient, text: str) -> str:
    if recipient.status.startswith("4") or (not recipient.status.startswith("5") and _DELAYED.search(text)):
        return "delayed"
    return "failed"


def find_bounce(
    *,
    subject: str,
    sender: Address | None,
    own_addresses: set[str],
    reports: list[ReportPart],
    report_type: str,
    body_text: str,
    returned_to: list[str],
    failed_header: list[str],
    sender_text: str = "",
    return_path: tuple[str, ...] | list[str] = (),
) -> BounceReport | None:
    """The delivery failure this message reports, or None.

    ``reports`` are the delivery-status / feedback-report parts found in the MIME tree; ``report_type`` is
    the ``multipart/report`` report-type ("" if none); ``returned_to`` is the ``To`` of a returned original;
    ``own_addresses`` (the bounce's sender and recipients) are never reported as failing; ``failed_header``
    holds ``X-Failed-Recipients`` values.
    """
    delivery = [block for part in reports if "delivery-status" in part.content_type for block in part.blocks]
    if delivery or report_type == "delivery-status":
        recipients = _from_delivery_status(delivery)
        if not recipients:
            recipients = _from_text(body_text, own_addresses) or [
                BouncedRecipient(email=e) for e in returned_to
            ]
        for recipient in recipients:
            recipient.action = recipient.action or _action(recipient, body_text)
        return BounceReport("RFC 3464 delivery report", _unique(recipients))
    feedback = [block for part in reports if "feedback-report" in part.content_type for block in part.blocks]
    if feedback or report_type == "feedback-report":
        return BounceReport("RFC 5965 feedback report", _from_feedback(feedback, returned_to))
    # Some MTAs put DSN fields straight into a text body.
    if re.search(r"^final-recipient:", body_text, re.I | re.M):
        recipients = _from_delivery_status(parse_field_blocks(body_text))
        if recipients:
            for recipient in recipients:
                recipient.action = recipient.action or _action(recipient, body_text)
            return BounceReport("delivery report fields in the body", recipients)
    if (sender is not None and "amazon" in sender.email) or "notificationType" in body_text[:2000]:
        ses = _from_ses_notification(body_text)
        if ses is not None:
            return ses
    failed = [
        _clean_address(value) for header in failed_header for value in header.split(",") if value.strip()
    ]
    role = _sender_role(sender, sender_text)
    # A person forwarding or answering a bounce ("Fwd: Undelivered Mail…") is asking for help.
    by_subject = bool(subject and _SUBJECT.search(subject) and not _FORWARD_OR_REPLY.match(subject))
    null_sender = any(value.strip() in ("<>", "") for value in return_path)
    # Strong: a daemon sender or X-Failed-Recipients. Otherwise a machine-like sender (postmaster, empty
    # return path) together with a bounce subject or bounce wording in the notification text.
    machine = role == "postmaster" or null_sender
    if not (failed or role == "daemon" or (machine and (by_subject or _looks_like_bounce_text(body_text)))):
        return None
    recipients = [BouncedRecipient(email=e) for e in failed if "@" in e]
    if not recipients:
        recipients = _from_text(body_text, own_addresses)
    if not recipients:
        recipients = [BouncedRecipient(email=e) for e in returned_to if e not in own_addresses]
    for recipient in recipients:
        if not recipient.status:
            found = _STATUS.search(_notification_text(body_text))
            recipient.status = found.group(1) if found else ""
        recipient.action = recipient.action or _action(recipient, body_text)
    reason = "X-Failed-Recipients" if failed else (f"{role} sender" if role else "bounce subject")
    return BounceReport(f"non-standard bounce ({reason})", _unique(recipients))


_BOUNCE_TEXT = re.compile(
    r"could not be delivered|couldn't be delivered|delivery (?:to the following recipients? )?(?:has )?failed|"
    r"permanent(?:ly)? (?:error|fatal|failure)|user unknown|unknown user|no such user|mailbox (?:is )?"
    r"(?:full|unavailable|not found)|recipient address rejected|does not exist|undeliverable|"
    r"message (?:was )?not delivered|returned to sender|delivery status notification|smtp error|"
    r"550[ -]|554[ -]|553[ -]|552[ -]|5\.\d\.\d|无法投递|退信",
    re.I,
)


def _looks_like_bounce_text(text: str) -> bool:
    return bool(_BOUNCE_TEXT.search(_notification_text(text)[:5000]))
