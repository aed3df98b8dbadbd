"""Auto-generated mail: RFC 3834 headers, vendor headers, list mail, empty return path, subjects."""

from __future__ import annotations

import pytest

from ticketwise.intake.email import parse_email
from ticketwise.intake.email.autoreply import auto_reply_reason
from ticketwise.intake.message import MailKind

from .conftest import fixture_bytes


def headers(**values: str):
    table = {name.replace("_", "-").lower(): [value] for name, value in values.items()}
    return lambda name: table.get(name.lower(), [])


@pytest.mark.parametrize(
    ("values", "subject", "reason"),
    [
        ({"Auto_Submitted": "auto-replied"}, "Re: x", "Auto-Submitted: auto-replied"),
        ({"Auto_Submitted": "auto-generated; owner-email=x@y"}, "", "Auto-Submitted: auto-generated"),
        ({"X_Autoreply": "yes"}, "", "X-Autoreply: yes"),
        ({"X_Autorespond": "Out of office"}, "", "X-Autorespond: Out of office"),
        ({"X_Auto_Response_Suppress": "OOF, AutoReply"}, "", "X-Auto-Response-Suppress: OOF, AutoReply"),
        ({"Precedence": "bulk"}, "", "Precedence: bulk"),
        ({"Precedence": "auto_reply"}, "", "Precedence: auto_reply"),
        ({"List_Id": "<support.lists.example.com>"}, "", "List-Id: <support.lists.example.com>"),
        ({"List_Unsubscribe": "<mailto:u@example.com>"}, "", "List-Unsubscribe: <mailto:u@example.com>"),
        ({"Return_Path": "<>"}, "", "Return-Path: <>"),
        ({}, "Out of Office: back on Monday", "Subject: Out of Office: back on Monday"),
        ({}, "Automatic reply: Printer", "Subject: Automatic reply: Printer"),
        ({}, "自动回复: 打印机坏了", "Subject: 自动回复: 打印机坏了"),
        ({}, "Auto: Ticket received", "Subject: Auto: Ticket received"),
    ],
)
def test_auto_reply_signals(values: dict[str, str], subject: str, reason: str) -> None:
    assert auto_reply_reason(headers(**values), subject) == reason


@pytest.mark.parametrize(
    ("values", "subject"),
    [
        ({"Auto_Submitted": "no"}, "Re: printer"),
        ({"Precedence": "first-class"}, "Help"),
        ({"X_Auto_Response_Suppress": "DR"}, ""),
        ({"Return_Path": "<alice@example.com>"}, "Out of paper in the office printer"),
        ({}, "休假申请"),
    ],
)
def test_ordinary_mail_is_not_auto(values: dict[str, str], subject: str) -> None:
    assert auto_reply_reason(headers(**values), subject) == ""


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_sisimai_vacation_replies(number: int) -> None:
    message = parse_email(fixture_bytes(f"sisimai/rfc3834-0{number}.eml"))
    assert message.kind is MailKind.AUTO_REPLY
    assert message.kind_reason
    assert not message.bounced
