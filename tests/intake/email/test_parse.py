"""parse_email end to end: headers, bodies, charsets, malformed input and the never-raise guarantee."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketwise.core.i18n import use_locale
from ticketwise.intake.email import UnparseableEmail, parse_email
from ticketwise.intake.email import parse as parse_module
from ticketwise.intake.email.errors import BINARY, EMPTY, NO_HEADERS
from ticketwise.intake.message import Address, MailKind

from .conftest import fixture_bytes

GBK_MAIL = (
    b"Return-Path: <zhangsan@example.cn>\r\n"
    b"From: =?gb2312?B?1cXI/Q==?= <ZhangSan@Example.CN>\r\n"
    b"To: support@example.com, =?utf-8?B?5pSv5oyB?= <help@example.com>\r\n"
    b"Cc: Boss <BOSS@example.com>\r\n"
    b"Reply-To: replies@example.cn\r\n"
    b"Subject: =?gb2312?B?u9i4tKO6tPLTobv6ucrVzw==?=\r\n"
    b"Date: Thu, 26 Nov 2026 18:15:00 +0800\r\n"
    b"Message-ID: <abc123@mail.example.cn>\r\n"
    b"In-Reply-To: <TW.42.x@tickets.example.com>\r\n"
    b"References: <first@example.com>\r\n\t<TW.42.x@tickets.example.com> <third@example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/alternative; boundary="b1"\r\n'
    b"\r\n--b1\r\n"
    b'Content-Type: text/plain; charset="gb2312"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(
        "打印机还是不能用，䶮字也显示不了。\r\n\r\n发自我的iPhone\r\n\r\n"
        "在 2026年11月25日 10:00，支持团队 <support@example.com> 写道：\r\n> 请重启打印机。\r\n".encode(
            "gb18030"
        )
    )
    + b"\r\n--b1\r\n"
    b"Content-Type: text/html; charset=gb2312\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    + "<div>打印机还是不能用</div><script>alert(1)</script>".encode("gb18030")
    + b"\r\n--b1--\r\n"
)


def test_chinese_mail_fills_every_field() -> None:
    message = parse_email(GBK_MAIL)
    assert message.channel == "email"
    assert message.subject == "回复：打印机故障"
    assert message.sender == Address("zhangsan@example.cn", "张三")
    assert message.to == [Address("support@example.com"), Address("help@example.com", "支持")]
    assert message.cc == [Address("boss@example.com", "Boss")]
    assert message.reply_to == [Address("replies@example.cn")]
    assert message.date == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert message.message_id == "<abc123@mail.example.cn>"
    assert message.in_reply_to == ["<TW.42.x@tickets.example.com>"]
    assert message.references == [
        "<first@example.com>",
        "<TW.42.x@tickets.example.com>",
        "<third@example.com>",
    ]
    assert message.body_text.startswith("打印机还是不能用，䶮字也显示不了。")
    assert message.reply_text == "打印机还是不能用，䶮字也显示不了。"
    assert message.quoted_text.startswith("发自我的iPhone") and "请重启打印机" in message.quoted_text
    assert message.body_html == "<div>打印机还是不能用</div>"
    assert message.attachments == []
    assert message.headers["Subject"] == "回复：打印机故障"
    assert message.headers["Message-ID"] == "<abc123@mail.example.cn>"
    assert message.kind is MailKind.ORDINARY and message.kind_reason == "" and message.bounced == []


def _plain(body: bytes, charset: str | None, extra: bytes = b"") -> bytes:
    content_type = b"text/plain" + (f'; charset="{charset}"'.encode() if charset else b"")
    return (
        b"From: a@example.com\r\nSubject: t\r\nContent-Type: "
        + content_type
        + b"\r\n"
        + extra
        + b"\r\n"
        + body
    )


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        ("您好，這是繁體中文的測試郵件內容，請協助處理。", "big5", "big5"),
        ("Здравствуйте, у меня не работает принтер. Пожалуйста, помогите.", "koi8-r", "koi8-r"),
        ("您好，打印机无法连接网络，请帮忙处理，谢谢您的帮助。", "gbk", None),
        ("您好，打印机无法连接网络，请帮忙处理，谢谢您的帮助。", "gbk", "x-unknown-charset"),
        ("Grüße aus München — schöne Tage und vielen Dank für Ihre Hilfe!", "utf-8", "us-ascii"),
    ],
)
def test_body_charsets(text: str, encoding: str, label: str | None) -> None:
    assert parse_email(_plain(text.encode(encoding), label)).body_text == text


def test_iso_2022_jp_shift_jis_and_korean_fixtures() -> None:
    message = parse_email(fixture_bytes("mikel/japanese_iso_2022.eml"))
    assert (message.subject, message.body_text) == ("まみむめも", "すみません。")
    assert message.to == [Address("raasdnil@gmail.com", "みける")]
    assert (
        "このメールはテスト用のメールです。"
        in parse_email(fixture_bytes("mikel/japanese_shift_jis.eml")).body_text
    )
    assert parse_email(fixture_bytes("mikel/ks_c_5601-1987.eml")).body_text == "스티해"


def test_rfc6532_utf8_headers() -> None:
    message = parse_email(fixture_bytes("mikel/utf8_headers.eml"))
    assert message.subject == "Säying Hello"
    assert message.sender == Address("jdöe@mächine.example", "Jöhn Doe")


def test_mislabelled_and_unknown_charsets_from_enmime() -> None:
    assert "∮ E⋅da = Q" in parse_email(fixture_bytes("enmime/incorrect-charset.raw")).body_text
    message = parse_email(fixture_bytes("enmime/unk-charset-part.raw"))
    assert message.body_text == "A text section"


def test_html_only_mail_gets_derived_text() -> None:
    message = parse_email(fixture_bytes("enmime/html-only-inline.raw"))
    assert message.body_text == "Test of HTML section"
    assert message.reply_text == "Test of HTML section"
    assert "cid:" in message.body_html


def test_threading_headers_of_a_reply() -> None:
    message = parse_email(fixture_bytes("mikel/raw_email_reply.eml"))
    assert message.message_id == "<473FFE27.20003@xxx.org>"
    assert message.in_reply_to == ["<348F04F142D69C21-291E56D292BC@xxxx.net>"]
    assert message.references == ["<473FF3B8.9020707@xxx.org>", "<348F04F142D69C21-291E56D292BC@xxxx.net>"]


def test_bad_date_is_a_defect_not_an_error() -> None:
    message = parse_email(fixture_bytes("mikel/bad_date_header.eml"))
    assert message.date is None
    assert any(defect.startswith("unparseable Date") for defect in message.defects)


def test_naive_date_is_taken_as_utc_and_message_id_gets_brackets() -> None:
    message = parse_email(
        b"From: a@example.com\r\nDate: Thu, 26 Nov 2026 10:15:00 -0000\r\nMessage-ID: bare@id\r\n\r\nx"
    )
    assert message.date == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert message.message_id == "<bare@id>"


def test_gmail_en_reply_in_a_full_message() -> None:
    raw = _plain(
        b"Thanks, that fixed it.\r\n\r\nOn Thu, Nov 26, 2026 at 10:00 AM Support <support@example.com> wrote:\r\n"
        b"> Please restart the router.\r\n",
        "utf-8",
    )
    message = parse_email(raw)
    assert message.reply_text == "Thanks, that fixed it."
    assert message.quoted_text.endswith("> Please restart the router.")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", EMPTY),
        (b"  \r\n\r\n ", EMPTY),
        (bytes(range(256)) * 8, BINARY),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, BINARY),
        (b"Hello, this is just a sentence.\nNo headers here.", NO_HEADERS),
        (b"Subject-ish: but not an e-mail header we know\n\nbody", NO_HEADERS),
    ],
)
def test_not_an_email_raises_unparseable(raw: bytes, reason: str) -> None:
    with pytest.raises(UnparseableEmail) as caught:
        parse_email(raw)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_unparseable_reason_is_translatable() -> None:
    error = UnparseableEmail(EMPTY)
    with use_locale("en"):
        assert error.translated() == "The message is empty."


def test_mbox_from_line_and_bom_are_accepted() -> None:
    message = parse_email(
        b"\xef\xbb\xbfFrom someone Thu Nov 26 10:00:00 2026\nFrom: a@example.com\nSubject: s\n\nbody"
    )
    assert (message.subject, message.body_text) == ("s", "body")


def test_modern_parser_is_the_fallback_when_walking_the_compat32_tree_fails(monkeypatch) -> None:
    original = parse_module.walk

    def fail_on_compat32(part, body, depth=0):
        if part.policy is parse_module.policy.compat32:
            raise IndexError("parser bug")
        return original(part, body, depth)

    monkeypatch.setattr(parse_module, "walk", fail_on_compat32)
    message = parse_email(GBK_MAIL)
    assert message.subject == "回复：打印机故障"
    assert message.reply_text == "打印机还是不能用，䶮字也显示不了。"
    assert any(defect.startswith("compat32 failed: IndexError") for defect in message.defects)


def test_text_is_kept_when_both_parsers_fail(monkeypatch) -> None:
    def always_fail(part, body, depth=0):
        raise IndexError("parser bug")

    monkeypatch.setattr(parse_module, "walk", always_fail)
    message = parse_email(b"From: a@example.com\r\nSubject: s\r\n\r\nthe body")
    assert "the body" in message.body_text and "Subject: s" in message.body_text
    assert [d.split(":")[0] for d in message.defects] == ["compat32 failed", "policy.default failed"]


def test_heuristic_failures_become_defects_not_errors(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(parse_module, "split_reply", broken)
    monkeypatch.setattr(parse_module, "find_bounce", broken)
    message = parse_email(GBK_MAIL)
    assert message.reply_text == message.body_text.strip()
    assert message.kind is MailKind.ORDINARY
    assert {"reply split failed: RuntimeError", "classification failed: RuntimeError"} <= set(message.defects)


def test_messages_with_very_many_parts() -> None:
    parts = b"".join(
        b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=f%d.txt\r\n\r\nx\r\n"
        % i
        for i in range(120)
    )
    raw = b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + b"--b--\r\n"
    message = parse_email(raw)
    assert len(message.attachments) == 120 and message.attachments[119].filename == "f119.txt"


def test_raw_8bit_attachment_names() -> None:
    for encoding in ("utf-8", "gbk"):
        raw = (
            b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'
            + "季度报告.pdf".encode(encoding)
            + b'"\r\n\r\n%PDF\r\n--b--\r\n'
        )
        assert [a.filename for a in parse_email(raw).attachments] == ["季度报告.pdf"]


def test_multipart_without_boundary_and_truncated_mime_do_not_raise() -> None:
    raw = b"From: a@example.com\r\nContent-Type: multipart/mixed\r\n\r\nplain text after all\r\n"
    assert "plain text after all" in parse_email(raw).body_text
    raw = b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\ncut'
    assert parse_email(raw).body_text == "cut"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(
        [b"From: a@example.com\r\n", b"Subject: =?utf-8?B?\r\n", b"Content-Type: multipart/x;\r\n"]
    ),
    body=st.binary(max_size=400),
)
def test_never_raises_anything_but_unparseable(header: bytes, body: bytes) -> None:
    try:
        message = parse_email(header + body)
    except UnparseableEmail:
        return
    assert message.kind in MailKind


def test_outlook_zh_html_reply_is_split_on_the_derived_text() -> None:
    html = (
        "<html><body><div>您好，附件是截图。</div><div><br></div><div>王五</div>"
        '<div style="border-top:solid #E1E1E1 1.0pt"><p><b>发件人:</b> 支持团队 &lt;support@example.com&gt;<br>'
        "<b>发送时间:</b> 2026年11月26日 10:00<br><b>收件人:</b> 王五 &lt;wangwu@example.cn&gt;<br>"
        "<b>主题:</b> 回复: [TW#20261126-0042] 无法登录</p></div><p>请提供截图。</p></body></html>"
    )
    raw = (
        "From: wangwu@example.cn\r\nSubject: =?utf-8?B?5Zue5aSNOiBbVFcjMjAyNjExMjYtMDA0Ml0g5peg5rOV55m75b2V?=\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n" + html
    ).encode()
    message = parse_email(raw)
    assert message.subject == "回复: [TW#20261126-0042] 无法登录"
    assert message.reply_text == "您好，附件是截图。\n\n王五"
    assert message.quoted_text.startswith("发件人: 支持团队 <support@example.com>")
    assert message.quoted_text.endswith("请提供截图。")


def test_mailing_list_precedence_is_auto_generated() -> None:
    message = parse_email(fixture_bytes("cpython/msg_32.txt"))
    assert (message.kind, message.kind_reason) == (MailKind.AUTO_REPLY, "Precedence: bulk")


def test_forwarded_content_stays_in_the_reply() -> None:
    message = parse_email(fixture_bytes("mikel/attachment_with_encoded_name.eml"))
    assert "Test attachments oddly encoded with japanese charset." in message.reply_text
    # RFC 2231 name in iso-2022-jp with an invalid byte: decoded with a replacement character, not lost.
    assert [a.filename for a in message.attachments] == ["01 Quien Te Dij\ufffdat. Pitbull.mp3"]


def test_simple_dsn_fixture() -> None:
    message = parse_email(fixture_bytes("enmime/simple_dsn.raw"))
    assert message.kind is MailKind.BOUNCE
    assert [(r.email, r.status) for r in message.bounced] == [("louisl@larry.slip.umd.edu", "4.0.0")]
    assert [a.filename for a in message.attachments][0] == "delivery-status-1.txt"
