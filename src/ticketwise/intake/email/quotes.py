"""Split a plain-text body into the new reply and what it quotes or signs off with (zh and en first).

The reply is what an agent needs to read; everything cut away is kept as ``quoted`` so nothing is lost.
Rules, in order:

1. The first *quote header* starts the quoted part: "On … wrote:" (also wrapped over up to three lines),
   "在 … 写道：" / "… 于 2026年11月26日 … 写道：", "-----Original Message-----", "-----原始邮件-----",
   an Outlook/Foxmail/QQ header block ("From:/发件人：" followed by "Sent:/Date:/发送时间：/日期：…"),
   a line of underscores right before such a block, and the other languages mail-parser-reply knows.
2. Without a header, a trailing block of "> " lines (nothing but blank lines after it) is quoted.
   Quoted lines *between* paragraphs of new text (inline replies) stay in the reply.
3. In what remains, a signature starts at "-- ", a line of underscores, "Sent from my …", "发自我的 iPhone",
   "Get Outlook for …", or a closing line ("Regards,", "Best,", "此致", "祝好") followed by a short block.
4. A message that would be left empty keeps its whole text as reply (a pure forward or a quote-only mail).
"""

from __future__ import annotations

import re
from functools import cache

from mailparser_reply import EmailReplyParser
from mailparser_reply.constants import MAIL_LANGUAGES
from mailparser_reply.parser import EmailMessage

# Headers the library does not know in the spellings Chinese clients use (full-width colons, Gmail zh).
_HEADER_LINE = [
    re.compile(
        r"^\s*>?\s*-{2,}\s*(?:original message|original|原始邮件|原始郵件|原邮件|回复的原邮件)\s*-{2,}\s*$",
        re.I,
    ),
    re.compile(r"^\s*-{5,}\s*(?:reply message|replied message)\s*-{5,}\s*$", re.I),
    re.compile(r"^\s*>?\s*在\s*.{2,200}?写道\s*[:：]\s*$"),
    re.compile(r"^\s*>?\s*.{0,160}于\s*\d{2,4}\s*[年/.-].{0,80}写道\s*[:：]\s*$"),
    re.compile(r"^\s*>?\s*-{3,}\s*On\s.{3,200}\swrote\s*-{3,}\s*$", re.I),
    # "-------- Oprindelig besked --------", "-----Ursprüngliche Nachricht-----", … (not forwards).
    re.compile(
        r"^\s*>?\s*-{2,}\s*(?!.*(?:forward|weitergeleitet|transf[ée]r|doorgestuurd|转发|轉寄))[^-\s][^-]{2,40}-{2,}\s*$",
        re.I,
    ),
]
# Any language: one to three lines naming an address and a date or time, ending with ":" or a verb of
# writing ("Op 12 december 2016 19:05 schreef X <\nx@y>:", "W dniu 2017-01-09 … napisał:").
_GENERIC_WROTE_END = re.compile(
    r"(?:[:：]|\b(?:wrote|schrieb|escribió|escreveu|a écrit|ha scritto|schreef|skrev|napisał|napisała|"
    r"kirjoitti|написал|написала|yazdı|写道))\s*$",
    re.I,
)
_HAS_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HAS_DATE = re.compile(r"\d{1,2}[:.]\d{2}|\b(?:19|20)\d{2}\b")
# "On <date>, <name> wrote:" possibly wrapped by the client over two or three lines.
_ON_WROTE = re.compile(r"^\s*>?\s*On\s.{4,300}?\s?wrote\s*:?\s*$", re.I | re.S)
_HEADER_START = re.compile(
    r"^\s*[>*\s]*(?:from|发件人|寄件者|寄件人|de|von|van|od|fra|från|от|lähettäjä|da|mittente|message du)"
    r"\s*\*?\s*[:：]",
    re.I,
)
_HEADER_FIELD = re.compile(
    r"^\s*[>*\s]*(?:sent|date|to|subject|cc|发送时间|日期|时间|收件人|主题|抄送|傳送時間|收件者|主旨|"
    r"envoyé|gesendet|datum|an|betreff|à|objet|enviado|para|asunto|inviato|oggetto|verzonden|onderwerp|"
    r"skickat|ämne|отправлено|кому|тема|lähetetty|aihe|a|copie à|sujet|de)\s*\*?\s*[:：]",
    re.I,
)
_UNDERSCORES = re.compile(r"^\s*_{2,}\s*$")
_SEPARATOR = re.compile(r"^\s*(?:_{2,}|={3,}|-{5,}|\*{5,})\s*$")
_QUOTED = re.compile(r"^\s*>")
_SIG_DASHES = re.compile(r"^--\s*$")  # RFC 3676 "-- " (trailing space often lost)
_SENT_FROM = re.compile(
    r"^\s*(?:sent from (?:my |mail for |yahoo|outlook|the )|sent via |get outlook for |envoyé de mon |"
    r"envoyé (?:à partir|depuis) |gesendet von |von meinem .{0,40} gesendet|enviado desde |inviato da |"
    r"verzonden (?:vanaf|met) |skickat från |发自我的|发自\s*(?:网易|手机|华为|小米|iphone|ipad|android|vivo|oppo)|"
    r"从我的.{0,30}发送|来自我的|来自\s*(?:华为|小米|iphone|ipad)|寄件者為我的)",
    re.I,
)
_CLOSING = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest|many|with)\s+regards|regards|best|cheers|thanks and regards|"
    r"best wishes|此致|祝好|顺祝商祺|顺颂商祺|谢谢！?|祝商祺)"
    r"\s*[,，.。!！]?\s*$",
    re.I,
)
_MAX_SIGNATURE_LINES = 8  # a closing line followed by more than this is a letter, not a signature
_LIBRARY_WINDOW = 1_000  # characters a library header pattern may span from its first line
_MAX_SCAN_LINES = 5_000  # quote headers in a body longer than this are not worth finding


@cache
def _library_header_regex() -> re.Pattern[str]:
    languages = [code for code in MAIL_LANGUAGES if len(code) == 2]
    probe = EmailMessage(text="", languages=EmailReplyParser(languages=languages).languages)
    return probe.HEADER_REGEX


def _is_outlook_block(lines: list[str], index: int) -> bool:
    if not _HEADER_START.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 6] if line.strip()]
    return sum(1 for line in following[:4] if _HEADER_FIELD.match(line)) >= 1


_FORWARD_MARKER = re.compile(
    r"^\s*[-=_ ]*(?:forwarded message|begin forwarded message|weitergeleitete nachricht|message transféré|"
    r"转发邮件|转发的邮件|轉寄郵件)[-=_ :：]*$",
    re.I,
)


def _follows_forward_marker(lines: list[str], index: int) -> bool:
    # A forwarded message's header block is content the sender wants read, not a quote to hide.
    # Looks back over blank lines and the rest of the forwarded header block (From:, Date:, …).
    before = index - 1
    while before >= 0 and (
        not lines[before].strip() or _HEADER_START.match(lines[before]) or _HEADER_FIELD.match(lines[before])
    ):
        before -= 1
    return before >= 0 and bool(_FORWARD_MARKER.match(lines[before]))


def _quote_header(lines: list[str], text: str) -> tuple[int, int] | None:
    """``(first line, number of lines)`` of the first quote header, or None."""
    for index, line in enumerate(lines[:_MAX_SCAN_LINES]):
        if not line.strip():
            continue
        if any(pattern.match(line) for pattern in _HEADER_LINE):
            return index, 1
        if re.match(r"^\s*>?\s*On\s", line, re.I):
            window = line
            for extra in range(0, 3):
                if extra:
                    if index + extra >= len(lines) or not lines[index + extra].strip():
                        break
                    window += " " + lines[index + extra].strip()
                if _ON_WROTE.match(window) and re.search(r"\d|@", window):
                    return index, extra + 1
        if _is_outlook_block(lines, index) and not _follows_forward_marker(lines, index):
            # Outlook draws a line of underscores just above its header block: it belongs to the quote.
            before = index - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            return (before if before >= 0 and _SEPARATOR.match(lines[before]) else index), 1
        if (index == 0 or not lines[index - 1].strip()) and not _QUOTED.match(line):
            window = line
            for extra in range(0, 3):
                if extra:
                    if index + extra >= len(lines) or not lines[index + extra].strip():
                        break
                    window += " " + lines[index + extra].strip()
                if len(window) > 300:
                    break
                if (
                    _GENERIC_WROTE_END.search(window)
                    and _HAS_ADDRESS.search(window)
                    and _HAS_DATE.search(window)
                ):
                    return index, extra + 1
    # The library's other languages. Its patterns are slow to *search* (milliseconds per kilobyte), so
    # they are only tried, anchored, at lines that could start a header: every header has a colon.
    pattern = _library_header_regex()
    offset = 0
    for index, line in enumerate(lines[:_MAX_SCAN_LINES]):
        could_start = (":" in line or "：" in line) and line.strip()
        if (
            could_start
            and pattern.match(text, offset, offset + _LIBRARY_WINDOW)
            and not _follows_forward_marker(lines, index)
        ):
            return index, 1
        offset += len(line) + 1
    return None


def _trailing_quote_index(lines: list[str]) -> int | None:
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and (_QUOTED.match(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    while start < end and not lines[start].strip():
        start += 1
    if start >= end or not _QUOTED.match(lines[start]):
        return None
    return start


def _is_short_tagline(line: str) -> bool:
    # "Sent from my iPhone" is a tagline; "Sent from my desk, is much easier…" is a sentence.
    words = re.sub(r"<[^>]*>|https?://\S+", " ", line).strip()
    return "," not in words and "，" not in words and len(words.split()) <= 8 and len(words) <= 60


def _signature_index(lines: list[str]) -> int | None:
    # Non-blank lines after each index, computed once: the closing-line rule needs it for every line.
    after = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        after[index] = after[index + 1] + (1 if lines[index].strip() else 0)
    for index, line in enumerate(lines):
        if index == 0 or not line.strip():
            continue
        if _SIG_DASHES.match(line) or _UNDERSCORES.match(line):
            return index
        if _SENT_FROM.match(line) and _is_short_tagline(line):
            return index
        if _CLOSING.match(line) and after[index + 1] <= _MAX_SIGNATURE_LINES:
            return index
    return None


def _is_header_at(lines: list[str], index: int) -> int:
    """How many lines the quote header starting at ``index`` spans (0 when there is none)."""
    found = _quote_header(lines[index : index + 4], "")
    return found[1] if found and found[0] == 0 else 0


def _interleaved(lines: list[str], start: int) -> tuple[list[str], list[str]]:
    """Bottom-posted or inline replies: unquoted text after ">" blocks is new text, the rest is quoted."""
    visible: list[str] = []
    quoted: list[str] = []
    index = start
    in_quote = False
    while index < len(lines):
        line = lines[index]
        span = _is_header_at(lines, index) if line.strip() and not _QUOTED.match(line) else 0
        if span:
            quoted.extend(lines[index : index + span])
            index += span
            continue
        if _QUOTED.match(line):
            in_quote = True
        elif not line.strip():
            in_quote = False
        # An unquoted line glued to a quoted one is the quote's hard-wrapped tail, not new text.
        (quoted if in_quote else visible).append(line)
        index += 1
    return visible, quoted


def split_reply(text: str) -> tuple[str, str]:
    """``(reply, quoted)``: the new text of a reply and what was cut (quotes, headers, signature).

    Both are stripped; ``quoted`` is "" when nothing was cut. Never raises.
    """
    if not text or not text.strip():
        return "", ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    header = _quote_header(lines, text)
    head, tail = lines, []
    if header is not None:
        cut, span = header
        head, tail = lines[:cut], lines[cut:]
        after = [line for line in lines[cut + span : cut + span + 3] if line.strip()]
        if after and _QUOTED.match(after[0]):
            visible, quoted = _interleaved(lines, cut)
            if any(line.strip() for line in visible):
                head, tail = head + visible, quoted
    else:
        cut = _trailing_quote_index(lines)
        if cut is not None:
            head, tail = lines[:cut], lines[cut:]
    signature = _signature_index(head)
    if signature is not None:
        tail = head[signature:] + tail
        head = head[:signature]
    reply = "\n".join(line.rstrip() for line in head).strip()
    if not reply:
        return text.strip(), ""
    return reply, "\n".join(line.rstrip() for line in tail).strip()
