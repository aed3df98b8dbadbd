"""Holiday and make-up working day sets for business calendars, from the ``holidays`` package.

``holidays`` knows public holidays for most countries and, for China, the official 调休 schedule:
substituted days off appear as holidays ("Day off (substituted from 02/14/2026)") and the weekend days
worked in exchange are reported by ``is_working_day`` (they are kept in ``weekend_workdays``). We ask
only the public API: the holiday dates themselves, and for each weekend day of the requested years
whether it is a working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays
from babel import Locale

__all__ = ["countries", "country_days", "subdivisions"]


def country_days(
    country: str, years: Iterable[int], subdiv: str | None = None
) -> tuple[frozenset[date], frozenset[date]]:
    """``(holidays, make-up workdays)`` of ``country`` (ISO 3166 alpha-2) in ``years``.

    Holidays are the public holidays (category ``public``) including observed and substituted days
    off; make-up workdays are weekend days the country works (empty for most countries; China's 调休).
    Raises ``ValueError`` for a country or subdivision the ``holidays`` package does not know.
    """
    wanted = sorted(set(years))
    if not wanted:
        return frozenset(), frozenset()
    code = country.strip().upper()
    if code not in _supported():
        raise ValueError(f"unknown country code {country!r}")
    try:
        calendar = holidays.country_holidays(code, subdiv=subdiv, years=wanted)
    except NotImplementedError as exc:  # the package's error for an unknown subdivision
        raise ValueError(str(exc)) from exc
    days_off = frozenset(day for day in calendar if day.year in wanted)
    workdays = frozenset(
        day for day in _weekend_days(calendar, wanted) if day not in calendar and calendar.is_working_day(day)
    )
    return days_off, workdays


def countries(locale: str = "en") -> list[tuple[str, str]]:
    """``(code, name)`` of every country ``holidays`` supports, named in ``locale`` and sorted by name.

    Names come from CLDR through Babel (中国 / China); a code CLDR does not name keeps the package's name.
    """
    names = Locale.parse(locale.replace("-", "_")).territories
    rows = [(code, names.get(code, fallback)) for code, fallback in _supported().items()]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def subdivisions(country: str) -> list[str]:
    """Subdivision codes ``holidays`` knows for ``country`` (empty if none). ``ValueError`` if unknown."""
    code = country.strip().upper()
    if code not in _supported():
        raise ValueError(f"unknown country code {country!r}")
    return sorted(holidays.list_supported_countries()[code])


@cache
def _supported() -> dict[str, str]:
    """Alpha-2 code -> English name, from the package registry (alpha-3 aliases left out)."""
    found: dict[str, str] = {}
    for class_name, alpha2, *_rest in holidays.registry.COUNTRIES.values():
        # "UnitedKingdom" -> "United Kingdom": the registry stores class names.
        found[alpha2] = "".join(f" {ch}" if ch.isupper() and i else ch for i, ch in enumerate(class_name))
    return found


def _weekend_days(calendar: holidays.HolidayBase, years: list[int]) -> Iterable[date]:
    weekend = calendar.weekend  # weekday numbers, 0 = Monday; not Sat/Sun everywhere
    for year in years:
        day = date(year, 1, 1)
        end = date(year + 1, 1, 1)
        while day < end:
            if day.weekday() in weekend:
                yield day
            day += timedelta(days=1)
