"""HTML bodies: sanitise for display (keeping ``cid:`` images), derive plain text, rewrite ``cid:`` URLs.

``ticketwise.core.security.sanitize_html`` uses nh3's default URL schemes, which drop ``cid:``; inline
images in e-mail are referenced that way, so this module cleans with nh3 directly and allows ``cid``.
The pipeline replaces the ``cid:`` references with attachment URLs once it has stored the attachments.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

_URL_SCHEMES = set(nh3.ALLOWED_URL_SCHEMES) | {"cid"}
_TEXT_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=False)
_CID_URL = re.compile(r"""(?P<quote>["'(]?)cid:(?P<cid>[^"')\s>]+)""", re.IGNORECASE)
# Bodies past this size are not worth a full layout pass: text comes from a tag strip instead.
_MAX_LAYOUT_CHARS = 2_000_000


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The sanitiser's tree builder is quadratic in nesting depth (20,000 nested divs take ~10 s); no real
# e-mail nests anywhere near this deep.
_MAX_NESTING = 400


def nesting_depth(html: str) -> int:
    """The deepest element nesting in ``html`` (a linear scan; closing tags are trusted as written)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def sanitize_email_html(html: str) -> str:
    """Scripts, handlers, forms and unsafe URLs removed; formatting, links and ``cid:`` images kept.

    HTML nested deeper than any real mail is replaced by its text in a ``<pre>`` block.
    """
    if not html or not html.strip():
        return ""
    if nesting_depth(html) > _MAX_NESTING:
        return f"<pre>{html_lib.escape(html_to_text(html))}</pre>"
    try:
        return nh3.clean(html, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer nofollow")
    except Exception:  # noqa: BLE001 - never display what could not be cleaned
        return html_lib.escape(html_to_text(html))


_HIDDEN_BLOCKS = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/tr|/li|/h[1-6])\b[^>]*>", re.I)


def _strip_tags(html: str) -> str:
    # Linear regex strip for markup lxml gives up on (it stops at 255 levels of nesting).
    text = _HIDDEN_BLOCKS.sub(" ", html)
    text = _BREAKS.sub("\n", text)
    return html_lib.unescape(re.sub(r"<[^>]*>", "", text))


def html_to_text(html: str) -> str:
    """Readable text from HTML (layout-aware via inscriptis; a plain tag strip for pathological input)."""
    if not html or not html.strip():
        return ""
    text = ""
    if len(html) <= _MAX_LAYOUT_CHARS:
        try:
            text = get_text(html, _TEXT_CONFIG)
        except (Exception, RecursionError):  # noqa: BLE001 - deep nesting and broken markup fall back
            text = ""
    if not text.strip():
        text = _strip_tags(html)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def rewrite_cids(html: str, urls: dict[str, str]) -> str:
    """Replace ``cid:<content-id>`` references whose id is in ``urls`` (ids without angle brackets).

    Ids match case-sensitively first, then case-insensitively (some clients change case); unknown ids are
    left alone. URLs are HTML-attribute escaped.
    """
    if not html or not urls:
        return html
    lowered = {key.strip("<>").lower(): value for key, value in urls.items()}
    exact = {key.strip("<>"): value for key, value in urls.items()}

    def replace(match: re.Match[str]) -> str:
        cid = html_lib.unescape(match.group("cid"))
        url = exact.get(cid) or lowered.get(cid.lower())
        if url is None:
            return match.group(0)
        return match.group("quote") + html_lib.escape(url, quote=True)

    return _CID_URL.sub(replace, html)
