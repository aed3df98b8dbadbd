"""The offline sensitive-data scanner of the reply guard: true and false positives for each kind, the
validators (ISO 7064 check of resident IDs, Luhn check of cards) and masking."""

from __future__ import annotations

import pytest

from ticketwise.ai.assist.sensitive import luhn_valid, redact, resident_id_valid, scan

# GB 11643's published example (checksum X) and one computed for this test (1990-03-07, checksum 7).
VALID_IDS = ["11010519491231002X", "110101199003074477"]
# Visa / UnionPay / Mastercard / Amex test numbers (all pass Luhn).
VALID_CARDS = ["4111111111111111", "6222021234567890003", "5555555555554444", "378282246310005"]


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in scan(text)]


@pytest.mark.parametrize("number", VALID_IDS)
def test_resident_id_checksum_accepts_valid_numbers(number):
    assert resident_id_valid(number)
    assert resident_id_valid(number.lower())


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check character
        "110105194902300028",  # 30 February
        "11010519491231002",  # 17 characters
    ],
)
def test_resident_id_checksum_rejects_invalid_numbers(number):
    assert not resident_id_valid(number)


def test_luhn():
    for card in VALID_CARDS:
        assert luhn_valid(card), card
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("4111-1111")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证号：11010519491231002X，请核实。", ["cn_resident_id"]),
        ("ID 110101199003074477 on file", ["cn_resident_id"]),
        ("身份证号：110105194912310021", []),  # checksum wrong
        ("订单号 2023121512345678901", []),  # 19 digits, neither a valid ID nor a card
    ],
)
def test_resident_ids(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Card: 4111 1111 1111 1111, exp 12/27", ["bank_card"]),
        ("卡号6222-0212-3456-7890-003已冻结", ["bank_card"]),
        ("Amex 378282246310005.", ["bank_card"]),
        ("Card: 4111 1111 1111 1112", []),  # Luhn fails
        ("Tracking number 1234567890123452", []),  # passes Luhn but no card starts with 1
        ("Call 13800138000 or 010-12345678", []),  # phone numbers
        ("Order 2026-11-26-0042, invoice 20261126", []),
    ],
)
def test_bank_cards(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your new password: Tr0ub4dor&3", ["password"]),
        ("password=hunter22", ["password"]),
        ("The temporary password is Xk9#mQ2z, change it after login.", ["password"]),
        ("您的初始密码为 Abc12345，请登录后修改。", ["password"]),
        ("密码：qwer1234", ["password"]),
        ("登录口令是 P@ssw0rd!", ["password"]),
        # Prose about passwords is not a password.
        ("Your password is incorrect, please reset it.", []),
        ("Password: please use the reset link below.", []),
        ("Please change your password at the next login.", []),
        ("请确认您的密码是否正确。", []),
        ("密码：请使用重置链接", []),
        ("password: ******", []),
    ],
)
def test_passwords_in_english_and_chinese(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws key AKIAIOSFODNN7EXAMPLE", ["api_key"]),
        ("OPENAI_API_KEY=sk-proj-4fJ8kLmN0pQrStUvWxYz1234abcd", ["api_key"]),
        ("token ghp_16C7e42F292c6912E7710c838347Ae178B4a ok", ["api_key"]),
        ("api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0", ["api_key"]),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
            ["private_key"],
        ),
        (
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            ["jwt"],
        ),
        # Near misses: a word starting with sk-, a public key, a token that is a word.
        ("Use the sk-line product page", []),
        ("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----", []),
        ("token: refreshrefreshrefresh", []),
    ],
)
def test_keys_and_tokens(text, expected):
    assert kinds(text) == expected


def test_excerpts_are_masked_and_spans_point_at_the_secret():
    text = "Hi, password: hunter22 and card 4111 1111 1111 1111 and ID 11010519491231002X."
    findings = scan(text)
    assert [f.kind for f in findings] == ["password", "bank_card", "cn_resident_id"]
    assert [f.excerpt for f in findings] == ["password: ******", "4111 **** **** 1111", "1101************2X"]
    assert [text[f.start : f.end] for f in findings] == [
        "hunter22",
        "4111 1111 1111 1111",
        "11010519491231002X",
    ]
    assert redact(text) == "Hi, password: […] and card […] and ID […]."


def test_an_id_that_also_passes_luhn_is_reported_once_as_an_id():
    # A Shenzhen ID (starts with 4, like a Visa card) that happens to pass the Luhn check too.
    number = "440301199003070350"
    assert resident_id_valid(number) and luhn_valid(number)
    assert kinds(f"ID {number}") == ["cn_resident_id"]
