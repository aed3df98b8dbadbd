"""Languages: catalogs, the current locale and negotiation (DESIGN §1, zh_CN and en).

The current locale lives in a context variable set per request (from the user's setting, otherwise
``Accept-Language``) and per job. Catalogs are the ``.po`` files under ``ticketwise/translations``;
they are compiled in memory on first use, so no binary ``.mo`` is committed or built.
"""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LOCALES = ("zh_CN", "en")
LOCALE_NAMES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LOCALE = "zh_CN"

# Unset outside requests and jobs that chose a language; then the site default applies.
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("ticketwise_locale", default=None)


def N_(message: str) -> str:  # noqa: N802 - the conventional marker name for Babel extraction
    """Mark a string for extraction without translating it now."""
    return message


@cache
def translations(locale: str) -> NullTranslations:
    po = TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


def normalize(locale: str | None) -> str | None:
    """Map any spelling of a supported language (zh, zh-CN, zh_Hans, en-US...) to a catalog name."""
    if not locale:
        return None
    tag = locale.strip().replace("-", "_").lower()
    if tag.startswith("zh"):
        return "zh_CN"
    if tag.startswith("en"):
        return "en"
    return None


def negotiate(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Pick the best supported locale from an ``Accept-Language`` header (RFC 9110 q-values)."""
    if not accept_language:
        return default
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weighted.append((-quality, index, pieces[0]))
    for neg_quality, _index, tag in sorted(weighted):
        found = normalize(tag)
        if found and neg_quality < 0:
            return found
    return default


def site_default() -> str:
    from ticketwise.config import get_settings

    return normalize(get_settings().default_locale) or DEFAULT_LOCALE


def get_locale() -> str:
    return _current.get() or site_default()


def set_locale(locale: str | None) -> contextvars.Token[str | None]:
    return _current.set(normalize(locale) or site_default())


@contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    token = set_locale(locale)
    try:
        yield get_locale()
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(get_locale()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_locale()).ungettext(singular, plural, n)


_ = gettext


def pick(labels: dict[str, str] | None, fallback: str = "") -> str:
    """The label for the current language from a ``{"zh": ..., "en": ...}`` map."""
    if not labels:
        return fallback
    lang = "zh" if get_locale() == "zh_CN" else "en"
    return labels.get(lang) or labels.get("en") or labels.get("zh") or next(iter(labels.values()), fallback)


def babel_locale() -> Locale:
    return Locale.parse(get_locale())


def format_datetime(value: datetime | None, fmt: str = "medium", tz: str | None = None) -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, fmt, tzinfo=tz or "Asia/Shanghai", locale=babel_locale())


def format_date(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return babel_dates.format_date(value, fmt, locale=babel_locale())


def format_timedelta_since(value: datetime, now: datetime) -> str:
    return babel_dates.format_timedelta(value - now, add_direction=True, locale=babel_locale())
