"""Bounces: RFC 3464 reports, ARF complaints and the free-text formats of common MTAs."""

from __future__ import annotations

import pytest

from ticketwise.intake.email import parse_email
from ticketwise.intake.email.bounces import parse_field_blocks
from ticketwise.intake.message import MailKind

from .conftest import fixture_bytes


def bounce(relative: str):
    message = parse_email(fixture_bytes(relative))
    assert message.kind is MailKind.BOUNCE, message.kind_reason
    return message


def test_field_blocks_with_continuations() -> None:
    text = "Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; x@y.org\nDiagnostic-Code: smtp; 550\n  user unknown\n"
    assert parse_field_blocks(text) == [
        [("reporting-mta", "dns; a.example")],
        [("final-recipient", "rfc822; x@y.org"), ("diagnostic-code", "smtp; 550 user unknown")],
    ]


def test_rfc3464_report_with_several_recipients() -> None:
    message = bounce("mikel/multi_address_bounce1.eml")
    assert message.kind_reason == "RFC 3464 delivery report"
    assert [r.email for r in message.bounced] == [
        "bbbbvhvbbvkjbhfbvbvjhb@gmail.com",
        "bscdbcjhasbcjhbdscbhbsdhcbj@gmail.com",
        "egyfefsdvsfvvhjsd@gmail.com",
        "kfhejkfbsjkjsbhds@gmail.com",
        "qfvhgsvhgsduiohncdhcvhsdfvsfygusd@gmail.com",
    ]
    assert {r.status for r in message.bounced} == {"5.1.1"}
    assert {r.action for r in message.bounced} == {"failed"}
    assert "does not exist" in message.bounced[0].diagnostic
    assert any(a.content_type == "message/delivery-status" for a in message.attachments)


def test_rfc3464_delayed() -> None:
    (recipient,) = bounce("enmime/delayed_dsn.raw").bounced
    assert (recipient.email, recipient.action, recipient.status) == (
        "thomas@de-montfort.ac.uk",
        "delayed",
        "4.0.0",
    )


@pytest.mark.parametrize(
    ("relative", "email", "status"),
    [
        ("sisimai/lhost-postfix-01.eml", "r@p351355.pool.example.ne.jp", "5.1.1"),
        ("sisimai/lhost-sendmail-01.eml", "userunknown@bouncehammer.jp", "5.1.1"),
        ("sisimai/lhost-exim-01.eml", "kijitora@example.ed.jp", None),
        ("sisimai/lhost-qmail-01.eml", "kijitora@example.ne.jp", None),
        ("sisimai/lhost-gmail-01.eml", "userunknown@example.jp", "5.1.1"),
        ("sisimai/lhost-yahoo-01.eml", "kijitora@example.org", "5.1.1"),
        ("sisimai/lhost-exchange2003-01.eml", "kijitora@example.jp", None),
        ("sisimai/lhost-notes-01.eml", "kijitora@u1.example.co.jp", None),
        ("sisimai/lhost-domino-01.eml", "kijitora@example.jp", None),
        ("sisimai/lhost-dragonfly-04.eml", "postmaster@cx.libsisimai.org", None),
        ("flanker/gmail-invalid-address.eml", "awfawfawfawfawfaw@someserverhere.com", None),
    ],
)
def test_mta_bounces_name_the_failing_recipient(relative: str, email: str, status: str | None) -> None:
    message = bounce(relative)
    assert email in [r.email for r in message.bounced]
    assert message.bounced[0].action == "failed"
    if status:
        assert message.bounced[0].status == status


def test_amazon_ses_json_notification() -> None:
    message = bounce("sisimai/lhost-amazonses-09.eml")
    assert message.kind_reason == "Amazon SES bounce notification"
    assert message.bounced[0].email and message.bounced[0].status.startswith("5.")


def test_amazon_ses_notification_inside_an_sns_envelope() -> None:
    message = bounce("sisimai/lhost-amazonses-10.eml")
    assert message.kind_reason == "Amazon SES bounce notification"
    assert [(r.email, r.status) for r in message.bounced] == [("bounce@simulator.amazonses.com", "5.1.1")]


def test_a_person_forwarding_a_bounce_is_asking_for_help() -> None:
    raw = (
        b"From: Customer <customer@example.com>\r\nTo: support@example.org\r\n"
        b"Subject: Fwd: Undelivered Mail Returned to Sender\r\n\r\n"
        b"Why does this fail?\r\n\r\n---------- Forwarded message ----------\r\n"
        b"550 5.1.1 <x@example.net>: Recipient address rejected: User unknown\r\n"
    )
    assert parse_email(raw).kind is MailKind.ORDINARY


def test_arf_complaint_is_reported_as_bounce_with_complaint_action() -> None:
    message = bounce("flanker/yahoo.eml")
    assert message.kind_reason == "RFC 5965 feedback report"
    assert [(r.email, r.action) for r in message.bounced] == [("user@yahoo.com", "complaint")]


def test_bounce_sender_and_recipients_are_never_reported_as_failing() -> None:
    message = bounce("sisimai/lhost-qmail-01.eml")
    own = {message.sender.email, *(a.email for a in message.to)}
    assert not own & {r.email for r in message.bounced}


def test_ordinary_mail_from_postmaster_is_not_a_bounce() -> None:
    raw = (
        b"From: Bob <postmaster@example.com>\r\nTo: support@example.org\r\nSubject: Please enjoy this link\r\n"
        b"\r\nHello, here is the link you asked for.\r\n"
    )
    assert parse_email(raw).kind is MailKind.ORDINARY
