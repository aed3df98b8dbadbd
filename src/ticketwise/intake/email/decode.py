"""Bytes to text for bodies and headers, whatever charset the sender declared (or failed to declare).

Mail in the wild mislabels its charset often: GB2312 labels on GBK text, "us-ascii" on UTF-8, unknown
labels such as "unknown-8bit". The rule is: trust a declared charset when it decodes cleanly, else try
UTF-8, else let charset-normalizer guess, else decode with replacement characters. Nothing here raises.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re

from charset_normalizer import from_bytes

# Labels whose real-world content is a superset encoding: decoding with the superset never loses text.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "iso-2022-jp-1": "iso2022_jp_ext",
    "iso-2022-jp-2": "iso2022_jp_2",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}
# Labels that say nothing reliable about 8-bit bytes.
_ASCII_LABELS = {"us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us"}

_UNQUOTE = re.compile(r"""^[\s"']+|[\s"';]+$""")


def charset_codec(label: str | None) -> str | None:
    """The Python codec to use for a declared charset label, or None when the label is unknown."""
    if not label:
        return None
    name = _UNQUOTE.sub("", str(label)).lower()
    if not name:
        return None
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def guess_codec(data: bytes) -> str | None:
    """charset-normalizer's best guess for undeclared or mislabelled bytes (None when it has none)."""
    try:
        best = from_bytes(data[:65536]).best()
    except Exception:  # noqa: BLE001 - detection is advisory; failing it must not fail the message
        return None
    if best is None:
        return None
    return charset_codec(best.encoding)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` declared as ``declared`` (possibly wrong, unknown or None); never raises."""
    if not data:
        return ""
    codec = charset_codec(declared)
    if declared and str(declared).strip().strip("\"'").lower() in _ASCII_LABELS:
        codec = None  # "us-ascii" with 8-bit bytes is a lie; work out the real charset below
        if data.isascii():
            return data.decode("ascii")
    if codec:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guessed = guess_codec(data)
    for candidate in (guessed, codec):
        if candidate:
            try:
                return data.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode(codec or guessed or "utf-8", errors="replace")


def unescape_surrogates(value: str) -> str:
    """Header text whose raw 8-bit bytes the stdlib kept as surrogate escapes, decoded to real text.

    Many Chinese clients put GBK or UTF-8 straight into headers without RFC 2047.
    """
    if value.isascii():
        return value
    try:
        raw = value.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return value
    if raw.isascii():
        return value
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Header snippets are too short for statistical detection; Chinese clients are the common source
    # of raw 8-bit headers, so GB18030 wins when it yields only common Chinese characters.
    try:
        chinese = raw.decode("gb18030")
    except UnicodeDecodeError:
        chinese = ""
    if chinese and all(ch.isascii() or _is_common_cjk(ch) for ch in chinese):
        return chinese
    return decode_bytes(raw)


def _is_common_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(?<=\?=)[ \t]+(?==\?)")


def _word_bytes(match: re.Match[str]) -> bytes | None:
    encoding, payload = match.group(2).lower(), match.group(3)
    try:
        if encoding == "b":
            return base64.b64decode(payload + "=" * (-len(payload) % 4))
        return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=True)
    except (binascii.Error, ValueError):
        return None


def _decode_words(value: str) -> str:
    # Adjacent words in one charset are joined as bytes before decoding: clients split multi-byte
    # characters across words (RFC 2047 forbids it; Chinese mail does it all the time).
    out: list[str] = []
    pending: bytes = b""
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending_charset is not None:
            out.append(decode_bytes(pending, pending_charset))
        pending, pending_charset = b"", None

    for match in _ENCODED_WORD.finditer(value):
        charset = match.group(1).split("*", 1)[0].lower()  # RFC 2231 language suffix: =?utf-8*en?Q?
        data = _word_bytes(match)
        gap = value[position : match.start()]
        if gap or data is None or charset != pending_charset:
            flush()
        out.append(gap)
        if data is None:
            out.append(match.group(0))
        else:
            pending += data
            pending_charset = charset
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def decode_header_text(value: str | None) -> str:
    """A header value as text: unfolded, 8-bit bytes decoded, RFC 2047 encoded words decoded.

    Encoded words are decoded wherever they appear (also inside quoted strings and glued to other
    text, as broken clients send them); whitespace between two encoded words is dropped (RFC 2047 §6.2).
    """
    if not value:
        return ""
    value = unescape_surrogates(str(value))
    value = re.sub(r"\r?\n[ \t]*", " ", value).strip()
    if "=?" not in value:
        return value
    value = _BETWEEN_WORDS.sub("", value)
    return _decode_words(value).strip()
