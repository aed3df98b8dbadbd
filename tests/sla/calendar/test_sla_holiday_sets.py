"""Holiday and 调休 sets from the ``holidays`` package, checked against the published schedules."""

from __future__ import annotations

from datetime import date

import pytest

from ticketwise.sla.holiday_sets import countries, country_days, subdivisions


def test_china_2025_and_2026_days_off_and_make_up_workdays() -> None:
    off, work = country_days("CN", [2025, 2026])
    # State Council schedules: weekend days worked in exchange for longer breaks.
    assert work == {
        date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
        date(2026, 10, 10),
    }  # fmt: skip
    for day in (date(2026, 1, 1), date(2026, 1, 2), date(2026, 2, 16), date(2026, 2, 20), date(2026, 2, 23),
                date(2026, 5, 5), date(2026, 10, 1), date(2026, 10, 7), date(2025, 1, 28), date(2025, 10, 8)):  # fmt: skip
        assert day in off
    assert date(2026, 2, 24) not in off  # back at work after the Spring Festival
    assert all(day.year in (2025, 2026) for day in off | work)
    assert not off & work


def test_other_countries_have_holidays_and_no_make_up_days() -> None:
    off, work = country_days("us", [2026])
    assert {date(2026, 1, 1), date(2026, 7, 3), date(2026, 11, 26), date(2026, 12, 25)} <= off
    assert work == frozenset()
    berlin, _ = country_days("DE", [2026], subdiv="BE")
    bavaria, _ = country_days("DE", [2026], subdiv="BY")
    assert date(2026, 3, 8) in berlin and date(2026, 3, 8) not in bavaria  # Women's Day: Berlin only
    assert date(2026, 1, 6) in bavaria and date(2026, 1, 6) not in berlin  # Epiphany: Bavaria only


def test_no_years_means_no_days() -> None:
    assert country_days("CN", []) == (frozenset(), frozenset())


@pytest.mark.parametrize(("country", "subdiv"), [("ZZ", None), ("DE", "XX")])
def test_unknown_country_or_subdivision_raises_value_error(country: str, subdiv: str | None) -> None:
    with pytest.raises(ValueError):
        country_days(country, [2026], subdiv=subdiv)


def test_countries_are_named_in_the_requested_language() -> None:
    english = dict(countries("en"))
    chinese = dict(countries("zh_CN"))
    assert english["CN"] == "China" and chinese["CN"] == "中国"
    assert english["DE"] == "Germany" and chinese["DE"] == "德国"
    assert english.keys() == chinese.keys() and len(english) > 100
    names = [name for _code, name in countries("en")]
    assert names == sorted(names)
    assert "BY" in subdivisions("DE") and subdivisions("CN") == []
