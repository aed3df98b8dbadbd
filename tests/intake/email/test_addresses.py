"""Address headers: decoding names, lower-casing addresses, surviving broken headers."""

from __future__ import annotations

from ticketwise.intake.email.addresses import first_address, parse_addresses
from ticketwise.intake.message import Address


def test_names_are_decoded_and_addresses_lower_cased() -> None:
    found = parse_addresses(['"=?gb2312?B?1cXI/Q==?=" <ZhangSan@Example.COM>, Bob <bob@example.com>'])
    assert found == [Address("zhangsan@example.com", "张三"), Address("bob@example.com", "Bob")]


def test_encoded_name_with_comma_is_not_split() -> None:
    assert parse_addresses(["=?utf-8?Q?Doe=2C_John?= <john@example.com>"]) == [
        Address("john@example.com", "Doe, John")
    ]


def test_raw_gbk_name() -> None:
    raw = '"李四" <lisi@example.cn>'.encode("gbk").decode("ascii", errors="surrogateescape")
    assert first_address([raw]) == Address("lisi@example.cn", "李四")


def test_duplicates_groups_and_garbage() -> None:
    assert parse_addresses(["a@x.org, A@X.org", "undisclosed-recipients:;"]) == [Address("a@x.org")]
    assert parse_addresses(["<<broken@example.com>> trailing junk <x"]) == [Address("broken@example.com")]
    assert parse_addresses([""]) == []
    assert first_address([]) is None


def test_name_equal_to_address_is_dropped() -> None:
    assert parse_addresses(['"bob@example.com" <bob@example.com>']) == [Address("bob@example.com")]
