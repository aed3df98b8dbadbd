"""Generators of realistic field values: asset numbers, OS versions, serial numbers, order numbers."""

from __future__ import annotations

import string
from datetime import date, timedelta
from decimal import Decimal
from random import Random

WINDOWS = ("Windows 11 23H2", "Windows 11 22H2", "Windows 10 22H2")
MACOS = ("macOS 14.5 Sonoma", "macOS 13.6 Ventura")
ANY_OS = (*WINDOWS, *WINDOWS, *MACOS, "Ubuntu 22.04 LTS", "统信 UOS 20")
OFFICE_SITES_ZH = ("上海总部 12F", "上海总部 15F", "北京分公司 5F", "深圳研发中心 3F", "苏州工厂行政楼 2F")
OFFICE_SITES_EN = (
    "Shanghai HQ 12F",
    "Shanghai HQ 15F",
    "Beijing office 5F",
    "Shenzhen R&D 3F",
    "Suzhou plant admin 2F",
)


def asset_number(rng: Random) -> str:
    """An asset label as printed by the IT department, e.g. ``IT-004217``."""
    return f"IT-{rng.randint(100, 9999):06d}"


def internal_ip(rng: Random) -> str:
    return f"10.{rng.randint(10, 40)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"


def serial_number(rng: Random, prefix: str, digits: int = 8) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(rng.choice(alphabet) for _ in range(digits))


def order_number(rng: Random, day: date) -> str:
    """An order placed a few days to weeks before the ticket, e.g. ``SO20260412038817``."""
    ordered = day - timedelta(days=rng.randint(2, 30))
    return f"SO{ordered:%Y%m%d}{rng.randint(100000, 999999)}"


def money(rng: Random, low: int, high: int, step: int = 10) -> Decimal:
    return Decimal(rng.randrange(low, high + 1, step)).quantize(Decimal("0.01"))


def needed_by(rng: Random, day: date, low: int = 2, high: int = 14) -> date:
    """A working day ``low``..``high`` days after ``day``."""
    target = day + timedelta(days=rng.randint(low, high))
    while target.weekday() >= 5:
        target += timedelta(days=1)
    return target


def pick(rng: Random, *options: str) -> str:
    return rng.choice(options)


def localized(language: str, zh: str, en: str) -> str:
    """The Chinese or the English text, for ``language`` "zh" or "en"."""
    return zh if language == "zh" else en


def office_site(rng: Random, language: str) -> str:
    return rng.choice(OFFICE_SITES_ZH if language == "zh" else OFFICE_SITES_EN)


def place(rng: Random, language: str, zh: tuple[str, ...], en: tuple[str, ...]) -> str:
    """One of several places, named in the ticket's language (``zh`` and ``en`` are parallel)."""
    index = rng.randrange(len(zh))
    return localized(language, zh[index], en[index])


PRODUCTS_ZH = (
    "X9 扫地机器人",
    "T3 智能温控器",
    "Aurora 27 英寸 4K 显示器",
    "净界 P500 空气净化器",
    "云帆 S2 办公椅",
)
PRODUCTS_EN = (
    "X9 robot vacuum",
    "T3 smart thermostat",
    'Aurora 27" 4K monitor',
    "PureAir P500 purifier",
    "Sail S2 office chair",
)
PRODUCT_PRICES = (2999, 899, 2499, 1899, 1299)


def product(rng: Random, language: str) -> tuple[str, int]:
    """A product of the demo shop and its price in CNY."""
    index = rng.randrange(len(PRODUCTS_ZH))
    return localized(language, PRODUCTS_ZH[index], PRODUCTS_EN[index]), PRODUCT_PRICES[index]
