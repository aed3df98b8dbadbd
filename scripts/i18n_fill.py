"""Fill zh_CN translations from JSON files of ``{"msgid": "译文"}`` (after scripts/i18n.sh).

Usage: .venv/bin/python scripts/i18n_fill.py FILE.json [FILE.json ...]
Only msgids present in the catalog are filled; existing translations are overwritten by the files.
Prints the msgids still untranslated afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "src/ticketwise/translations/zh_CN/LC_MESSAGES/messages.po"


def main(paths: list[str]) -> int:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    translations: dict[str, str] = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    filled = 0
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with PO.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, width=100)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"filled {filled}; still untranslated: {len(missing)}")
    for msgid in missing:
        print("  ", json.dumps(msgid, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
