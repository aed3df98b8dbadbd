"""Charset handling for bodies and headers: declared, mislabelled, unknown and missing charsets."""

from __future__ import annotations

import base64

import pytest

from ticketwise.intake.email.decode import charset_codec, decode_bytes, decode_header_text

CHINESE = "您好，我的打印机无法连接网络，请帮忙处理。谢谢！"
RUSSIAN = "Здравствуйте, у меня не работает принтер. Пожалуйста, помогите разобраться с этой проблемой."


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ('"GB2312"', "gb18030"),
        ("big5", "big5hkscs"),
        ("ks_c_5601-1987", "cp949"),
        ("shift_jis", "cp932"),
        ("iso-8859-1", "cp1252"),
        ("koi8-r", "koi8-r"),
        ("utf8", "utf-8"),
        ("unknown-8bit", None),
        ("", None),
        (None, None),
    ],
)
def test_charset_labels_map_to_superset_codecs(label, codec) -> None:
    assert charset_codec(label) == codec


@pytest.mark.parametrize(
    ("text", "encoding", "label"),
    [
        (CHINESE, "gbk", "gb2312"),  # GBK text labelled GB2312: the usual Chinese client behaviour
        ("䶮镕堃 are outside GB2312", "gb18030", "gb2312"),
        ("您好，這是繁體中文的測試郵件內容。", "big5", "big5"),
        ("お問い合わせありがとうございます。", "iso-2022-jp", "iso-2022-jp"),
        ("お問い合わせありがとうございます。", "shift_jis", "shift_jis"),
        (RUSSIAN, "koi8-r", "koi8-r"),
        ("café ünïcode", "utf-8", "us-ascii"),  # 8-bit UTF-8 mislabelled as ASCII
        ("café", "cp1252", "iso-8859-1"),
    ],
)
def test_declared_charsets_decode(text: str, encoding: str, label: str) -> None:
    assert decode_bytes(text.encode(encoding), label) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(CHINESE, "gb18030"), (RUSSIAN * 2, "koi8-r"), ("Grüße aus München, schöne Tage!", "utf-8")],
)
def test_unknown_or_missing_labels_are_detected(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert decode_bytes(data, "x-unknown") == text
    assert decode_bytes(data, None) == text


def test_wrong_label_falls_back_to_detection() -> None:
    # UTF-8 bytes labelled as Big5 do not decode as Big5; UTF-8 is tried next.
    assert decode_bytes(CHINESE.encode("utf-8"), "big5") == CHINESE


def test_undecodable_bytes_never_raise() -> None:
    garbage = bytes(range(128, 256)) * 3
    assert isinstance(decode_bytes(garbage, "utf-8"), str)
    assert decode_bytes(b"", "utf-8") == ""


def test_rfc2047_words_are_decoded_and_joined() -> None:
    head, tail = "测试中文".encode()[:4], "测试中文".encode()[4:]
    # A multi-byte character split across two encoded words (common in Chinese mail) survives.
    value = (
        f"=?utf-8?B?{base64.b64encode(head).decode()}?=\r\n =?UTF-8?B?{base64.b64encode(tail).decode()}?="
        " and =?gb2312?B?suLK1A==?= =?utf-8?Q?caf=C3=A9_x?="
    )
    assert decode_header_text(value) == "测试中文 and 测试café x"


def test_raw_8bit_headers_are_decoded() -> None:
    # The stdlib keeps raw 8-bit header bytes as surrogate escapes.
    for encoding in ("utf-8", "gbk"):
        raw = "回复：打印机故障报修".encode(encoding).decode("ascii", errors="surrogateescape")
        assert decode_header_text(raw) == "回复：打印机故障报修"


def test_broken_encoded_words_are_left_as_sent() -> None:
    assert decode_header_text("=?utf-8?X?abc?= plain") == "=?utf-8?X?abc?= plain"
    assert decode_header_text("=?no-such-charset?Q?abc?=") == "abc"
    assert decode_header_text(None) == ""
