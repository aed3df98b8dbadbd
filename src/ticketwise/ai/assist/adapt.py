"""The offline reply draft's text: a past solution made fit for another requester, or the
acknowledgement template, framed by a greeting and a closing in the ticket's language.

Pure text functions. What is removed from a past solution: its greeting and sign-off lines (the new
draft has its own), the old requester's name, and ticket numbers (``TW-20261126-0042``, ``[TW#…]``)
with the word that introduced them, so nothing of the other case's identity reaches this customer.
"""

from __future__ import annotations

import re

from ticketwise.ai.assist.thread import Language

# The number format of tickets/numbering.py, optionally introduced ("ticket TW-…", "工单号 TW-…").
_TICKET_NUMBER = re.compile(
    r"(?:\[\s*[A-Za-z]{1,10}#[\w-]+\s*\])"
    r"|(?:(?:\b(?:(?:about|regarding|re|concerning|for|on|in)\s+)?(?:your\s+)?(?:ticket|case|request)"
    r"\s*(?:no\.?|number|#)?\s*|(?:关于|针对|就|您的)?(?:工单|单号|工单号)\s*[:：]?\s*)?"
    r"\b[A-Za-z]{1,10}-\d{8}-\d{1,10}\b\s*[:：,，]?)",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|您好|你好|尊敬的|亲爱的)\b.{0,60}$"
    r"|^\s*.{0,20}(?:您好|你好)[，,！!：:]?\s*$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:best(?: regards)?|kind regards|regards|cheers|sincerely|thanks(?: again)?|thank you|"
    r"many thanks|祝好|此致|顺祝|谢谢|感谢您|敬礼)\b[\s,，.!！]*",
    re.IGNORECASE,
)
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_HONORIFICS = ("先生", "女士", "小姐", "老师", "同学")
SIGN_OFF_SEARCH = 4  # a sign-off is looked for among the last lines only

_GREETINGS = {
    "en": ("Hello {name},", "Hello,"),
    "zh": ("{name}，您好！", "您好！"),
}
_FOLLOW_UPS = {
    "en": "If this does not solve the problem, just reply to this message and we will keep helping.",
    "zh": "如果问题仍未解决，请直接回复此消息，我们会继续跟进。",
}
_SIGNATURES = {"en": "Best regards,\n{agent}", "zh": "祝好！\n{agent}"}
_ACKNOWLEDGEMENTS = {
    "en": "Thank you for contacting us about “{title}”. We have received your request (ticket {number}) "
    "and are looking into it. We will get back to you as soon as we know more.",
    "zh": "感谢您就“{title}”联系我们。我们已收到您的请求（工单 {number}），正在处理中，"
    "有进展会第一时间回复您。",
}


def name_variants(name: str) -> list[str]:
    """The ways a reply may address ``name``: the full name, a latin given name (``Bob`` of ``Bob
    Smith``), a Chinese surname with an honorific (``王先生`` of ``王小明``); longest first."""
    name = (name or "").strip()
    if not name or "@" in name:
        return [name.split("@", 1)[0]] if "@" in name else []
    variants = {name}
    parts = name.split()
    if len(parts) > 1:
        variants.update(part for part in parts if len(part) >= 3)
    if _HAN_NAME.match(name):
        variants.update(name[0] + honorific for honorific in _HONORIFICS)
        if len(name) >= 3:
            variants.add(name[1:])  # given name
    return sorted(variants, key=len, reverse=True)


def _remove_names(text: str, names: list[str]) -> str:
    for variant in names:
        if re.fullmatch(r"[\w .'-]+", variant, re.ASCII):
            text = re.sub(rf"\b{re.escape(variant)}\b", "", text)
        else:
            text = text.replace(variant, "")
    return text


def _tidy(text: str) -> str:
    """Whitespace and punctuation left behind by removals."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"[ \t]{2,}", " ", line)
        line = re.sub(r"\s+([,.;:!?，。；：！？])", r"\1", line)
        # "laptop., if" (a name that began the sentence was removed): end the sentence cleanly.
        line = re.sub(
            r"([.!?。！？])[,;:，；：、]\s*(\w?)",
            lambda m: m.group(1) + (" " if m.group(1) in ".!?" else "") + m.group(2).upper(),
            line,
        )
        line = re.sub(r"([(（])\s*[,.;:，。；：、]\s*", r"\1", line)
        line = re.sub(r"\(\s*\)|（\s*）", "", line)
        line = re.sub(r"^[\s,.;:，。；：、]+", "", line)
        line = re.sub(r"([,，])\s*([,，.。])", r"\2", line)
        lines.append(line.rstrip())
    tidied = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidied).strip()


def strip_frame(text: str) -> str:
    """``text`` without a greeting as its first line and without its sign-off (and what follows it,
    the signature) among its last lines."""
    lines = (text or "").strip().splitlines()
    if lines and _GREETING.match(lines[0]):
        lines = lines[1:]
    for index in range(max(0, len(lines) - SIGN_OFF_SEARCH), len(lines)):
        if _SIGN_OFF.match(lines[index]) and len(lines[index]) <= 40:
            lines = lines[:index]
            break
    return "\n".join(lines).strip()


def adapt_solution(solution: str, *, old_names: list[str]) -> str:
    """A past solution without its frame, the old requester's names and any ticket number."""
    body = strip_frame(solution)
    body = _TICKET_NUMBER.sub("", body)
    body = _tidy(_remove_names(body, old_names))
    return body[:1].upper() + body[1:]


def greeting(language: Language, requester: str) -> str:
    named, anonymous = _GREETINGS[language]
    return named.format(name=requester) if requester else anonymous


def closing(language: Language, agent: str, *, follow_up: bool = True) -> str:
    """The sign-off with the agent's name, after an offer to keep helping when ``follow_up``."""
    signature = _SIGNATURES[language].format(agent=agent).rstrip()
    return f"{_FOLLOW_UPS[language]}\n\n{signature}" if follow_up else signature


def compose(language: Language, *, requester: str, agent: str, body: str, follow_up: bool = True) -> str:
    """Greeting, ``body`` and closing, separated by blank lines."""
    parts = (greeting(language, requester), body.strip(), closing(language, agent, follow_up=follow_up))
    return "\n\n".join(parts)


def acknowledgement(language: Language, *, requester: str, agent: str, title: str, number: str) -> str:
    """The polite acknowledgement sent when no past case fits."""
    body = _ACKNOWLEDGEMENTS[language].format(title=title, number=number)
    return compose(language, requester=requester, agent=agent, body=body, follow_up=False)
