"""Mail templates: one text and one HTML file per kind and language, under ``notifications/templates``.

The text file holds two blocks, ``subject`` and ``body``; the HTML file extends ``_layout.html``. Mail
is written per language in the template itself (not through the web catalogs), so a message reads
naturally in 简体中文 and English and a missing catalog entry can never leave a mail half-translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_block

from ticketwise.core.i18n import LOCALES, normalize, site_default
from ticketwise.notifications.models import MailKind

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"], default_for_string=False, default=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def mail_locale(*candidates: str | None) -> str:
    """The first supported language among ``candidates`` (``zh``, ``en-US``...), else the site default."""
    for candidate in candidates:
        found = normalize(candidate)
        if found in LOCALES:
            return found
    return site_default()


def render_mail(kind: MailKind, locale: str, context: dict[str, Any]) -> RenderedMail:
    """Subject (one line), text and HTML of ``kind`` in ``locale`` (a catalog name, see mail_locale)."""
    folder = mail_locale(locale)
    text_name = f"{folder}/{kind.value}.txt"
    subject = " ".join(render_block(_environment, text_name, "subject", context).split())
    body = render_block(_environment, text_name, "body", context).strip("\n") + "\n"
    html = _environment.get_template(f"{folder}/{kind.value}.html").render(
        {**context, "subject": subject, "html_lang": "zh-CN" if folder == "zh_CN" else "en"}
    )
    return RenderedMail(subject=subject, text=body, html=html)
