"""Sensitive data in an outgoing reply, found offline: passwords, API keys and tokens, private keys,
Chinese resident ID numbers and bank card numbers.

Pure functions, no database and no network. Each finding carries its kind, its span in the text and
a masked excerpt; the clear value never leaves :func:`scan` (contract: findings are never logged or
stored in clear). Numbers are validated, not just matched: a resident ID must carry a real birth date
and its ISO 7064 MOD 11-2 check character, a card number must pass the Luhn check and start with a
payment-card industry digit (3–6), so order numbers and phone numbers do not raise alarms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ticketwise.core.i18n import N_

KIND_LABELS = {
    "password": N_("Password"),
    "api_key": N_("API key or access token"),
    "private_key": N_("Private key"),
    "jwt": N_("Session token (JWT)"),
    "cn_resident_id": N_("Chinese resident ID number"),
    "bank_card": N_("Bank card number"),
}

# "password: hunter2", "pwd=...", "密码：...", "口令为 ..."; the keyword is group "key", the value "value".
_PASSWORD = re.compile(
    r"(?P<key>\b(?:new\s+|temporary\s+|initial\s+)?(?:pass(?:word|wd|phrase|code)?|pwd)\b"
    r"|(?:登录|初始|临时|新|原)?(?:密码|口令))"
    r"(?P<sep>\s*(?:[:：=]|\bis\b|是|为)\s*)"
    r"(?P<value>[^\s,，。;；、)）\]】\"'“”‘’]+)",
    re.IGNORECASE,
)
# "api key: ...", "token=...", "secret: ...", "密钥：..."; only values that look generated are kept.
_LABELLED_SECRET = re.compile(
    r"(?P<key>\b(?:api[ _-]?key|secret(?:[ _-]?key)?|access[ _-]?token|auth[ _-]?token|token)\b|密钥|令牌)"
    r"\s*[:：=]\s*(?P<value>[A-Za-z0-9_\-+/=.]{16,})",
    re.IGNORECASE,
)
_KEY_PATTERNS = (
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),  # AWS access key id
    re.compile(r"\bsk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_\-]{20,}"),  # OpenAI / Anthropic / Stripe style
    re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b"),  # GitHub tokens
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),  # Slack
    re.compile(r"\bAIza[0-9A-Za-z_\-]{35}"),  # Google API key
)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
    r"(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|.*\Z)",
    re.DOTALL,
)
# Header and payload are base64url JSON objects, so both start with "eyJ" ('{"').
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
# 13–19 digits, optionally grouped by single spaces or dashes ("6222 0212 3456 7890").
_CARD = re.compile(r"(?<![0-9A-Za-z-])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z]|-\d)")

REDACTED = "[…]"
"""What :func:`redact` puts in place of each finding."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_HAN_WORD = re.compile(r"^[\u3400-\u9fff]+$")


@dataclass(frozen=True)
class SensitiveFinding:
    """One piece of sensitive data: ``kind`` (a key of :data:`KIND_LABELS`), the span of the secret in
    the scanned text (``start``..``end``; for "password: …" the value only) and ``excerpt``, the match
    with the secret masked and its label kept ("password: ******")."""

    kind: str
    start: int
    end: int
    excerpt: str


def resident_id_valid(number: str) -> bool:
    """Whether an 18-character mainland resident ID (GB 11643) has a real birth date (not in the
    future) and the right ISO 7064 MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1880 or born > date(2100, 1, 1):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check of a digit string, as every payment card number carries."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    """``value`` with everything but the first ``keep_start`` and last ``keep_end`` characters
    replaced by ``*``; separators (spaces, dashes) stay so the shape remains recognisable."""
    positions = [i for i, char in enumerate(value) if char not in " -"]
    hidden = set(positions[keep_start : len(positions) - keep_end if keep_end else None])
    if not hidden:  # too short to show anything of it
        hidden = set(positions)
    return "".join("*" if i in hidden else char for i, char in enumerate(value))


def _looks_generated(value: str) -> bool:
    """A value that mixes letters and digits (or symbols), as keys and passwords do, unlike prose."""
    has_letter = any(char.isalpha() for char in value)
    has_digit = any(char.isdigit() for char in value)
    has_symbol = any(not char.isalnum() for char in value)
    return (has_letter and (has_digit or has_symbol)) or (has_digit and has_symbol)


def _prose_word(value: str) -> bool:
    """A plain word ("incorrect", "Please", "否正确") rather than a secret: letters only, in lower
    case or capitalised, or Han characters."""
    if _HAN_WORD.match(value):
        return True
    return value.isalpha() and (value.islower() or (value[0].isupper() and value[1:].islower()))


def _passwords(text: str) -> Iterator[SensitiveFinding]:
    for match in _PASSWORD.finditer(text):
        value = match.group("value")
        if set(value) <= set("*•●·.…xX"):  # already masked ("password: ******")
            continue
        if _prose_word(value):  # "your password is incorrect", "password: please reset it", "密码是否正确"
            continue
        if match.group("sep").strip().lower() in ("is", "是", "为") and len(value) < 6:
            continue
        prefix = text[match.start() : match.start("value")]
        yield SensitiveFinding("password", match.start("value"), match.end(), prefix + "*" * 6)


def _keys(text: str) -> Iterator[SensitiveFinding]:
    for pattern in _KEY_PATTERNS:
        for match in pattern.finditer(text):
            value = match.group()
            yield SensitiveFinding("api_key", match.start(), match.end(), _mask(value, 4, 2))
    for match in _LABELLED_SECRET.finditer(text):
        value = match.group("value")
        if not _looks_generated(value):
            continue
        prefix = text[match.start() : match.start("value")]
        yield SensitiveFinding("api_key", match.start("value"), match.end(), prefix + _mask(value, 2, 2))
    for match in _PRIVATE_KEY.finditer(text):
        header = match.group().split("\n", 1)[0].strip()
        yield SensitiveFinding("private_key", match.start(), match.end(), header + " …")
    for match in _JWT.finditer(text):
        yield SensitiveFinding("jwt", match.start(), match.end(), _mask(match.group(), 3, 0)[:24] + "…")


def _resident_ids(text: str) -> Iterator[SensitiveFinding]:
    for match in _RESIDENT_ID.finditer(text):
        if resident_id_valid(match.group()):
            yield SensitiveFinding("cn_resident_id", match.start(), match.end(), _mask(match.group(), 4, 2))


def _cards(text: str) -> Iterator[SensitiveFinding]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits):
            yield SensitiveFinding("bank_card", match.start(), match.end(), _mask(match.group(), 4, 4))


# Earlier detectors win where spans overlap (an 18-digit ID may also pass the Luhn check by chance).
_DETECTORS: tuple[Callable[[str], Iterator[SensitiveFinding]], ...] = (
    _keys,
    _passwords,
    _resident_ids,
    _cards,
)


def scan(text: str) -> list[SensitiveFinding]:
    """Every piece of sensitive data in ``text``, in text order, without overlaps."""
    taken: list[SensitiveFinding] = []
    for detector in _DETECTORS:
        for finding in detector(text or ""):
            if all(finding.end <= other.start or finding.start >= other.end for other in taken):
                taken.append(finding)
    return sorted(taken, key=lambda finding: finding.start)


def redact(text: str) -> str:
    """``text`` with every finding replaced by :data:`REDACTED`: what may leave for an LLM provider."""
    for finding in reversed(scan(text)):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    return text
