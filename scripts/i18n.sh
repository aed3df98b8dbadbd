#!/usr/bin/env bash
# Re-extract every translatable string and merge it into the zh_CN and en catalogs.
# New strings appear untranslated in zh_CN (tests/test_i18n_catalogs.py then fails until they are
# translated); the en catalog maps each msgid to itself.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
POT=src/ticketwise/translations/messages.pot
$BIN/pybabel extract -F babel.cfg -k N_ -k gettext -k ngettext:1,2 --no-location --sort-output \
  --project Ticketwise -o "$POT" src/ticketwise >/dev/null 2>&1
for locale in zh_CN en; do
  po=src/ticketwise/translations/$locale/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    $BIN/pybabel update -i "$POT" -d src/ticketwise/translations -l "$locale" --no-fuzzy-matching \
      --ignore-obsolete --omit-header >/dev/null 2>&1
  else
    $BIN/pybabel init -i "$POT" -d src/ticketwise/translations -l "$locale" >/dev/null
  fi
done
