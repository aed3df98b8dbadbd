"""Reply/quote/signature splitting, checked against the expectations of three reply-parser projects.

Fixtures in ``tests/fixtures/emails/replies`` are copies of crisp-oss/email-reply-parser and
github/email_reply_parser test bodies; the expected outcomes are the ones asserted in those projects'
own tests (crisp test/test.js, github test/email_reply_parser_test.rb, zapier's Python port).
"""

from __future__ import annotations

import re

import pytest

from ticketwise.intake.email.quotes import split_reply

from .conftest import fixture_text

COMMON_FIRST_FRAGMENT = (
    "Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales ante sem sit "
    "amet metus.\n"
    "Nulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur ex libero "
    "eget ante.\n"
    "Nam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis ex a rutrum.\n"
    "Duis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus urna,\n"
    "et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh."
)

# crisp test.js: each of these must yield exactly COMMON_FIRST_FRAGMENT as the visible reply.
COMMON_FIRST = [
    "email_7",
    "email_8",
    "email_9",
    "email_10",
    "email_11",
    "email_12",
    "email_13",
    "email_14",
    "email_15",
    "email_16",
    "email_17",
    "email_18",
    "email_22",
    "email_23",
    "email_24",
    "email_25",
    "email_26",
    "email_portuguese",
    "email_german",
    "email_german_2",
    "email_german_3",
    "email_german_outlook",
    "email_norwegian_gmail",
    "email_finnish",
    "email_italian",
    "email_russian",
    "email_outlook_split_line_from",
    "email_gmail_split_line_from",
    "email_ios_outlook_fr",
    "email_ios_outlook",
    "email_msn",
    "email_fr_multiline",
    "email_french_2",
    "email_en_multiline_2",
    "email_original_message",
    "email_original_message_2",
    "email_danish_dash_separator",
    "email_french_dash_separator",
    "email_tricky_5_mixed_languages",
    "email_tricky_10_special_chars_in_name",
    "email_tricky_12_no_space_after_header",
    "email_tricky_14_long_quote_header",
    "email_tricky_15_original_message_variations",
]


def crisp(name: str) -> tuple[str, str]:
    return split_reply(fixture_text(f"replies/crisp/{name}.txt"))


def github(name: str) -> tuple[str, str]:
    return split_reply(fixture_text(f"replies/github/{name}.txt"))


@pytest.mark.parametrize("name", COMMON_FIRST)
def test_crisp_reply_is_the_first_fragment(name: str) -> None:
    reply, quoted = crisp(name)
    assert reply == COMMON_FIRST_FRAGMENT
    assert quoted


@pytest.mark.parametrize(
    ("name", "must_contain"),
    [
        ("email_tricky_2_url_with_wrote", "https://example.com"),
        ("email_tricky_3_code_block", "function sendEmail"),
        ("email_tricky_6_regards_in_sentence", "This is the actual content that should be visible."),
        ("email_tricky_7_multiple_dashes", "Key Points"),
        ("email_tricky_8_sent_from_in_content", "sent from my iPhone app"),
        ("email_tricky_9_nested_quotes", "I agree with the points"),
        ("email_tricky_11_double_signature", "Thanks for your help"),
        ("email_tricky_13_timestamp_variations", "different timestamp formats"),
        ("email_tricky_16_unicode_signatures", "Thanks for the update"),
        ("email_tricky_17_forward_header", "See the forwarded message"),
        ("email_tricky_19_quote_without_header", "I wanted to respond"),
        ("email_tricky_20_html_entities", "&gt; 100 and &lt; 200"),
        ("email_one_is_not_on", "One outstanding question"),
    ],
)
def test_crisp_tricky_cases_keep_the_reply(name: str, must_contain: str) -> None:
    reply, _ = crisp(name)
    assert must_contain in reply


def test_crisp_false_positives_cut_nothing() -> None:
    for name in (
        "email_tricky_1_on_false_positive",
        "email_tricky_13_timestamp_variations",
        "email_not_a_signature",
    ):
        reply, quoted = crisp(name)
        assert quoted == "", name
        original = fixture_text(f"replies/crisp/{name}.txt")
        assert reply == "\n".join(line.rstrip() for line in original.split("\n")).strip()


def test_crisp_signatures() -> None:
    reply, quoted = crisp("email_with_regards")
    assert reply == "Hi,\n\nI still have the same problem....\n\nCan you help?"
    assert quoted.startswith("Regards,")
    reply, quoted = crisp("email_sent_from")
    assert (
        reply == "Hi it can happen to any texts you type, as long as you type in between words or paragraphs."
    )
    for name in ("correct_sig", "sig_no_empty_line"):
        reply, quoted = crisp(name)
        assert re.match(r"^--\nrick", quoted), name
        assert "rick" not in reply
    reply, _ = crisp("email_zoho")
    assert reply == "What is the best way to clear a Riak bucket of all key, values after\nrunning a test?"
    assert crisp("email_emoji") == ("🎉\n\n—\nJohn Doe\nCEO at Pandaland\n\n@pandaland", "")
    reply, quoted = crisp("email_1")
    assert reply.endswith("-Abhishek Kona")
    assert "riak-users mailing list" in quoted


def test_crisp_headers_start_the_quote() -> None:
    reply, quoted = crisp("email_4")
    assert reply.startswith("Awesome") and quoted.startswith("On") and "Loader" in quoted
    reply, quoted = crisp("email_6")
    assert reply.startswith("I get") and quoted.startswith("On") and "Was this" in quoted
    reply, quoted = crisp("email_reply_header")
    assert re.search(r"^On the other hand", reply, re.M)
    assert "\nOn Wed, Dec 9, Mister Example\n<mrmister@example.com>\nwrote:" in quoted
    assert "It's mrmister again" not in reply


def test_github_bottom_post_keeps_the_new_text_between_quotes() -> None:
    reply, quoted = github("email_1_2")
    assert reply.startswith("Hi,")
    assert "You can list the keys for the bucket" in reply
    assert "> Hi folks" in quoted
    assert "riak-users mailing list" in quoted


def test_github_expectations() -> None:
    assert "Sent from my iPhone" not in github("email_iPhone")[0]
    assert "Sent from my Verizon Wireless BlackBerry" not in github("email_BlackBerry")[0]
    assert "On Oct 1, 2012, at 11:55 PM, Dave Tapley wrote:" not in github("email_one_is_not_on")[0]
    reply, quoted = github("email_1_6")
    assert "I get" in reply and quoted.startswith("On")
    reply, quoted = github("email_1_7")
    assert ":+1:" in reply and "Steps 0-2" in quoted
    reply, quoted = github("email_sent_from_my_not_signature")
    assert "Sent from my desk, is much easier then my mobile phone." in reply
    assert "Sent from my" not in github("email_multi_word_sent_from_my_mobile_device")[0]


def test_gmail_zh_reply() -> None:
    text = (
        "您好，问题已经解决了，谢谢！\n\n"
        "张三 <zhangsan@example.com> 于2026年11月26日周四 上午10:15写道：\n\n"
        "> 请问打印机还是不能用吗？\n"
    )
    assert split_reply(text) == (
        "您好，问题已经解决了，谢谢！",
        "张三 <zhangsan@example.com> 于2026年11月26日周四 上午10:15写道：\n\n> 请问打印机还是不能用吗？",
    )


def test_foxmail_and_netease_zh_replies() -> None:
    text = (
        '好的，明天上午处理。\n\n在 2026年11月26日 10:15，"李四"<lisi@example.com> 写道：\n> 服务器宕机了\n'
    )
    assert split_reply(text)[0] == "好的，明天上午处理。"
    text = "收到。\n\n-----原始邮件-----\n发件人：王五 <wangwu@example.com>\n发送时间：2026年11月26日 10:15\n收件人：support@example.com\n主题：VPN 连不上\n\n请帮忙看看。"
    reply, quoted = split_reply(text)
    assert reply == "收到。"
    assert quoted.startswith("-----原始邮件-----") and quoted.endswith("请帮忙看看。")


def test_outlook_zh_block_with_full_width_colons() -> None:
    text = (
        "附件是日志。\n\n发自我的iPhone\n\n________________________________\n"
        "发件人：赵六 <zhaoliu@example.com>\n发送时间：2026年11月26日 星期四 10:15\n收件人：支持 <support@example.com>\n"
        "主题：回复：[TW#20261126-0042] 无法登录\n\n原来的内容"
    )
    reply, quoted = split_reply(text)
    assert reply == "附件是日志。"
    assert quoted.startswith("发自我的iPhone")
    assert "原来的内容" in quoted


def test_qq_mail_original_block() -> None:
    text = '已处理\n\n------------------ 原始邮件 ------------------\n发件人: "客户"<c@example.com>;\n发送时间: 2026年11月26日(星期四) 上午10:15\n\n旧内容'
    assert split_reply(text)[0] == "已处理"


def test_outlook_en_block_and_signature() -> None:
    text = (
        "Please see below.\n\nBest regards,\nJane\nACME Support\n\n"
        "From: Bob <bob@example.com>\nSent: Thursday, November 26, 2026 10:15 AM\nTo: Jane <jane@example.com>\n"
        "Subject: Printer\n\nIt is broken."
    )
    reply, quoted = split_reply(text)
    assert reply == "Please see below."
    assert quoted.startswith("Best regards,") and quoted.endswith("It is broken.")


def test_dash_dash_signature_and_plain_text() -> None:
    assert split_reply("Hello\nthere\n-- \nJohn\n+1 555") == ("Hello\nthere", "--\nJohn\n+1 555")
    assert split_reply("Just text, no quote.\n") == ("Just text, no quote.", "")
    assert split_reply("") == ("", "")


def test_quote_only_message_keeps_its_text() -> None:
    text = "> only a quote\n> nothing new"
    assert split_reply(text) == (text, "")


def test_every_reply_fixture_splits_without_losing_text(fixtures_dir) -> None:
    for path in sorted((fixtures_dir / "replies").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        reply, quoted = split_reply(text)
        assert reply, path.name
        # Reply and quote together hold every character of the text (only whitespace may change).
        assert sorted(re.sub(r"\s+", "", reply + quoted)) == sorted(re.sub(r"\s+", "", text)), path.name
