"""Normalisation and validation of the values people type: names, e-mail addresses, domains, phones.

Every function returns the canonical form that is stored and compared, or raises ValidationFailed
naming the offending field. E-mail addresses and domains are stored lower-case, so equality on the
stored column is a case-insensitive match.
"""

from __future__ import annotations

import enum
import re
import zoneinfo

from email_validator import EmailNotValidError, validate_email

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, normalize

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"\+?\d{3,20}")


def required_text(value: str | None, *, field: str, max_length: int) -> str:
    """``value`` stripped; raises ValidationFailed when it is blank or longer than ``max_length``."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(N_("This field is required."), field=field)
    if len(text) > max_length:
        raise ValidationFailed(N_("Use at most %(count)d characters."), field=field, count=max_length)
    return text


def optional_text(value: str | None, *, field: str, max_length: int) -> str:
    """``value`` stripped ("" for None); raises ValidationFailed when longer than ``max_length``."""
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationFailed(N_("Use at most %(count)d characters."), field=field, count=max_length)
    return text


def normalize_email(email: str | None, *, field: str = "email") -> str:
    """The address in lower case after syntax checks (no DNS lookups).

    Raises ValidationFailed when it is not a syntactically valid address.
    """
    try:
        result = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValidationFailed(N_("Enter a valid e-mail address."), field=field) from None
    normalized = result.normalized.lower()
    if len(normalized) > 254:
        raise ValidationFailed(N_("Enter a valid e-mail address."), field=field)
    return normalized


def email_domain(normalized_email: str) -> str:
    """The domain of an address already returned by :func:`normalize_email`."""
    return normalized_email.rpartition("@")[2]


def normalize_domain(domain: str, *, field: str = "domains") -> str:
    """A mail domain in the same form :func:`email_domain` produces (lower case, no leading "@").

    Raises ValidationFailed when it is not a valid domain name.
    """
    bare = (domain or "").strip().lstrip("@")
    if not bare or "@" in bare:
        raise ValidationFailed(N_("%(domain)s is not a valid domain."), field=field, domain=domain)
    try:
        result = validate_email(f"postmaster@{bare}", check_deliverability=False)
    except EmailNotValidError:
        raise ValidationFailed(N_("%(domain)s is not a valid domain."), field=field, domain=domain) from None
    return result.domain.lower()


def normalize_phone(phone: str | None, *, field: str = "phone") -> str | None:
    """Digits with an optional leading "+", separators removed; None for a blank value.

    Raises ValidationFailed when anything else remains or the number is implausibly short or long.
    """
    if phone is None or not phone.strip():
        return None
    compact = _PHONE_SEPARATORS.sub("", phone.strip())
    if not _PHONE.fullmatch(compact):
        raise ValidationFailed(N_("Enter a valid phone number."), field=field)
    return compact


def supported_locale(locale: str | None, *, field: str = "locale") -> str | None:
    """A catalog name (``zh_CN`` or ``en``) or None for a blank value.

    Raises ValidationFailed for a language the site has no catalog for.
    """
    if locale is None or not locale.strip():
        return None
    found = normalize(locale)
    if found is None:
        raise ValidationFailed(N_("This language is not supported."), field=field)
    return found


def valid_timezone(name: str, *, field: str = "timezone") -> str:
    """An IANA time zone name; raises ValidationFailed for an unknown one."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(N_("Unknown time zone."), field=field) from None
    return name


class Unset(enum.Enum):
    """Marks a keyword argument the caller did not pass, where None means "clear this value"."""

    UNSET = "unset"


UNSET = Unset.UNSET
