"""The zh_CN catalog is complete: every string the code and templates mark is translated.

The test re-extracts the marked strings with Babel (the same configuration as scripts/i18n.sh) so a
new, untranslated string fails here rather than showing up in English on a Chinese screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ticketwise.core import i18n

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ticketwise"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def _extracted() -> set[str]:
    method_map = [("**.py", "python"), ("web/templates/**.html", "jinja2")]
    options = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n,jinja2.ext.do"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(PACKAGE), method_map=method_map, options_map=options, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


@pytest.fixture(scope="module")
def zh_catalog():
    with (PACKAGE / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def test_every_marked_string_has_a_chinese_translation(extracted, zh_catalog):
    missing = sorted(
        m
        for m in extracted
        if not (zh_catalog.get(m) and zh_catalog.get(m).string and not zh_catalog.get(m).fuzzy)
    )
    assert not missing, (
        f"{len(missing)} strings lack a zh_CN translation (run scripts/i18n.sh): {missing[:20]}"
    )


def test_translations_keep_their_placeholders(zh_catalog):
    wrong = []
    for message in zh_catalog:
        if not message.id or not message.string:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        target = message.string[0] if isinstance(message.string, tuple) else message.string
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
            wrong.append(source)
    assert not wrong, wrong[:10]


def test_the_running_code_uses_the_catalog():
    with i18n.use_locale("zh_CN"):
        assert i18n.gettext("Sign in") == "登录"
    with i18n.use_locale("en"):
        assert i18n.gettext("Sign in") == "Sign in"
