"""Hand-worked business-time cases (DESIGN §6): every expected value below was computed by hand.

Calendars:
* ``sh``: Asia/Shanghai, Mon–Fri 09–12 and 13–18 (8 h a day), China's 2026 holidays and 调休
  (Jan 1–2 off, Sun Jan 4 worked; Feb 16–20 and 23 off, Sat Feb 14 and Sat Feb 28 worked; Apr 6 off;
  May 1, 4, 5 off, Sat May 9 worked; Jun 19 off; Sep 25 off, Sun Sep 20 worked; Oct 1–7 off, Sat Oct 10
  worked).
* ``ny``: America/New_York, Mon–Fri 09–17 (DST 2026: starts Sun Mar 8, ends Sun Nov 1).
* ``ber``: Europe/Berlin, Mon–Fri 08–16 (DST 2026: starts Sun Mar 29, ends Sun Oct 25).
* ``ny_days``: America/New_York, every day 00:00–00:00 (whole local days: 23 h / 25 h on DST days).
* ``ny_sun_1_4``: America/New_York, Sundays 01:00–04:00 only (a range across the DST change).
* ``ny_sun_gap``: Sundays 02:30–05:00 (start inside the spring-forward gap).
* ``ny_sun_amb``: Sundays 01:30–03:00 (start inside the repeated hour).
* ``night``: Asia/Shanghai, Mon–Fri 22:00–06:00 (crosses midnight), China's 2026 holidays and 调休.
* ``overlap``: UTC, Mon 22:00–06:00 and Tue 00:00–08:00 (overlapping ranges count once).
* ``always``: 24×7 in Asia/Shanghai with China's holidays set (which a 24×7 calendar ignores).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from ticketwise.sla.calendar import (
    BusinessCalendar,
    add_business_time,
    business_intervals,
    business_time_between,
    is_business_time,
    next_business_start,
    parse_weekly,
)
from ticketwise.sla.holiday_sets import country_days

CN_OFF, CN_WORK = country_days("CN", [2025, 2026, 2027])
SPLIT_DAY = ((time(9), time(12)), (time(13), time(18)))
WEEKDAYS = range(5)

CAL = {
    "sh": BusinessCalendar(
        "Asia/Shanghai", {d: SPLIT_DAY for d in WEEKDAYS}, holidays=CN_OFF, workdays=CN_WORK
    ),
    "ny": BusinessCalendar("America/New_York", {d: ((time(9), time(17)),) for d in WEEKDAYS}),
    "ber": BusinessCalendar("Europe/Berlin", {d: ((time(8), time(16)),) for d in WEEKDAYS}),
    "ny_days": BusinessCalendar("America/New_York", {d: ((time(0), time(0)),) for d in range(7)}),
    "ny_sun_1_4": BusinessCalendar("America/New_York", {6: ((time(1), time(4)),)}),
    "ny_sun_gap": BusinessCalendar("America/New_York", {6: ((time(2, 30), time(5)),)}),
    "ny_sun_amb": BusinessCalendar("America/New_York", {6: ((time(1, 30), time(3)),)}),
    "night": BusinessCalendar(
        "Asia/Shanghai", {d: ((time(22), time(6)),) for d in WEEKDAYS}, holidays=CN_OFF, workdays=CN_WORK
    ),
    "overlap": BusinessCalendar("UTC", {0: ((time(22), time(6)),), 1: ((time(0), time(8)),)}),
    "always": BusinessCalendar("Asia/Shanghai", {}, holidays=CN_OFF, always=True),
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


H = timedelta(hours=1)
M = timedelta(minutes=1)

# (calendar, start, duration, expected deadline)
ADD_ROWS = [
    ("sh", "2026-03-02T09:00+08:00", 1 * H, "2026-03-02T10:00+08:00"),
    ("sh", "2026-03-02T11:30+08:00", 1 * H, "2026-03-02T13:30+08:00"),  # across lunch
    ("sh", "2026-03-02T17:00+08:00", 2 * H, "2026-03-03T10:00+08:00"),  # overnight
    ("sh", "2026-03-06T17:00+08:00", 2 * H, "2026-03-09T10:00+08:00"),  # over the weekend
    ("sh", "2026-03-07T10:00+08:00", 15 * M, "2026-03-09T09:15+08:00"),  # created on Saturday
    ("sh", "2026-03-02T12:30+08:00", 15 * M, "2026-03-02T13:15+08:00"),  # created at lunch
    ("sh", "2026-03-02T09:00+08:00", 8 * H, "2026-03-02T18:00+08:00"),  # ends at the interval end
    ("sh", "2026-03-02T09:00+08:00", timedelta(0), "2026-03-02T09:00+08:00"),
    ("sh", "2026-03-07T10:00+08:00", timedelta(0), "2026-03-07T10:00+08:00"),  # zero: unchanged
    # New Year: Jan 1–2 off, Sat Jan 3, then make-up Sunday Jan 4 works Monday's hours.
    ("sh", "2025-12-31T17:00+08:00", 2 * H, "2026-01-04T10:00+08:00"),
    ("sh", "2026-02-13T17:00+08:00", 4 * H, "2026-02-14T12:00+08:00"),  # make-up Saturday
    # Spring Festival: Sat Feb 14 worked, Feb 15 Sun, Feb 16–20 off, weekend, Feb 23 off.
    ("sh", "2026-02-14T17:00+08:00", 3 * H, "2026-02-24T11:00+08:00"),
    ("sh", "2026-04-30T18:00+08:00", 1 * H, "2026-05-06T10:00+08:00"),  # May 1, weekend, May 4–5 off
    ("sh", "2026-05-08T17:30+08:00", 1 * H, "2026-05-09T09:30+08:00"),  # into make-up Sat May 9
    ("sh", "2026-09-30T17:00+08:00", 2 * H, "2026-10-08T10:00+08:00"),  # Golden Week
    # 100 business days of 8 h from Mon Mar 2: Mar 22 + Apr 21 + May 19 + Jun 21 + Jul 17 -> Jul 23.
    ("sh", "2026-03-02T09:00+08:00", 800 * H, "2026-07-23T18:00+08:00"),
    ("ny", "2026-03-06T16:00-05:00", 2 * H, "2026-03-09T10:00-04:00"),  # over spring-forward weekend
    ("ny", "2026-10-30T16:30-04:00", 1 * H, "2026-11-02T09:30-05:00"),  # over fall-back weekend
    ("ber", "2026-03-27T15:00+01:00", 2 * H, "2026-03-30T09:00+02:00"),
    ("ber", "2026-10-23T15:00+02:00", 49 * H, "2026-11-02T16:00+01:00"),  # week containing DST end
    ("ny_days", "2026-03-07T12:00-05:00", 24 * H, "2026-03-08T13:00-04:00"),  # exact hours over DST
    ("night", "2026-03-06T23:00+08:00", 8 * H, "2026-03-09T23:00+08:00"),
    ("always", "2026-09-30T10:00+08:00", 72 * H, "2026-10-03T10:00+08:00"),  # holidays ignored
]

# (calendar, a, b, expected business time in [a, b))
BETWEEN_ROWS = [
    ("sh", "2026-03-02T08:00+08:00", "2026-03-02T20:00+08:00", 8 * H),
    ("sh", "2026-03-06T17:00+08:00", "2026-03-09T10:00+08:00", 2 * H),
    # Feb 10–13 (4) + Sat 14 (1) + Feb 24–27 (4) + Sat 28 (1) + Mar 2 (1) = 11 days of 8 h.
    ("sh", "2026-02-10T09:00+08:00", "2026-03-03T09:00+08:00", 88 * H),
    ("sh", "2026-03-03T09:00+08:00", "2026-03-02T09:00+08:00", timedelta(0)),  # b before a
    ("ny", "2026-03-06T09:00-05:00", "2026-03-09T17:00-04:00", 16 * H),
    ("ny", "2026-10-30T12:00-04:00", "2026-11-02T12:00-05:00", 8 * H),
    ("ber", "2026-10-23T08:00+02:00", "2026-10-26T16:00+01:00", 16 * H),
    ("ny_days", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 23 * H),  # short day
    ("ny_days", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 25 * H),  # long day
    ("ny_sun_1_4", "2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 2 * H),  # 01:00 EST–04:00 EDT
    ("ny_sun_1_4", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 4 * H),  # 01:00 EDT–04:00 EST
    ("ny_sun_amb", "2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 150 * M),  # 01:30 EDT–03:00 EST
    # Sep 30 (a working Wednesday) 22:00 runs into the Oct 1 holiday until 06:00.
    ("night", "2026-09-30T20:00+08:00", "2026-10-01T12:00+08:00", 8 * H),
    ("night", "2026-10-01T00:00+08:00", "2026-10-08T12:00+08:00", 6 * H),
    ("overlap", "2026-03-02T00:00+00:00", "2026-03-04T00:00+00:00", 10 * H),
    ("always", "2026-10-01T00:00+08:00", "2026-10-08T00:00+08:00", 7 * 24 * H),
]

# (calendar, moment, is working time)
IS_ROWS = [
    ("sh", "2026-03-02T12:30+08:00", False),
    ("sh", "2026-03-02T13:00+08:00", True),  # ranges are [start, end)
    ("sh", "2026-03-02T18:00+08:00", False),
    ("sh", "2026-03-02T09:00+08:00", True),
    ("sh", "2026-02-14T10:00+08:00", True),  # make-up Saturday
    ("sh", "2026-02-16T10:00+08:00", False),  # Spring Festival
    ("night", "2026-03-07T03:00+08:00", True),  # Friday's range runs into Saturday
    ("night", "2026-03-02T03:00+08:00", False),  # Sunday has no range
    ("night", "2026-10-11T02:00+08:00", True),  # make-up Sat Oct 10 runs into Sunday
    ("always", "2026-10-01T03:00+08:00", True),
]

# (calendar, moment, next working start)
NEXT_ROWS = [
    ("sh", "2026-03-02T12:30+08:00", "2026-03-02T13:00+08:00"),
    ("sh", "2026-03-06T18:00+08:00", "2026-03-09T09:00+08:00"),
    ("sh", "2026-03-02T10:00+08:00", "2026-03-02T10:00+08:00"),  # inside: itself
    ("sh", "2026-09-30T18:30+08:00", "2026-10-08T09:00+08:00"),
    ("ny_sun_gap", "2026-03-08T00:00-05:00", "2026-03-08T03:30-04:00"),  # 02:30 does not exist
    ("ny_sun_amb", "2026-11-01T00:00-04:00", "2026-11-01T01:30-04:00"),  # first 01:30
]


@pytest.mark.parametrize(("cal", "start", "duration", "expected"), ADD_ROWS)
def test_add_business_time(cal: str, start: str, duration: timedelta, expected: str) -> None:
    assert add_business_time(at(start), duration, CAL[cal]) == at(expected)


@pytest.mark.parametrize(("cal", "a", "b", "expected"), BETWEEN_ROWS)
def test_business_time_between(cal: str, a: str, b: str, expected: timedelta) -> None:
    assert business_time_between(at(a), at(b), CAL[cal]) == expected
    # The intervals are the same working time, listed.
    assert sum((e - s for s, e in business_intervals(at(a), at(b), CAL[cal])), timedelta(0)) == expected


@pytest.mark.parametrize(("cal", "moment", "expected"), IS_ROWS)
def test_is_business_time(cal: str, moment: str, expected: bool) -> None:
    assert is_business_time(at(moment), CAL[cal]) is expected


@pytest.mark.parametrize(("cal", "moment", "expected"), NEXT_ROWS)
def test_next_business_start(cal: str, moment: str, expected: str) -> None:
    assert next_business_start(at(moment), CAL[cal]) == at(expected)


def test_results_are_utc() -> None:
    result = add_business_time(at("2026-03-02T09:00+08:00"), H, CAL["sh"])
    assert result.utcoffset() == timedelta(0)
    assert result == datetime.fromisoformat("2026-03-02T02:00+00:00")


def test_intervals_are_merged_and_clipped() -> None:
    got = list(business_intervals(at("2026-03-02T23:00+00:00"), at("2026-03-03T07:00+00:00"), CAL["overlap"]))
    assert got == [(at("2026-03-02T23:00+00:00"), at("2026-03-03T07:00+00:00"))]
    lunch = list(business_intervals(at("2026-03-02T10:00+08:00"), at("2026-03-02T14:00+08:00"), CAL["sh"]))
    assert lunch == [
        (at("2026-03-02T10:00+08:00"), at("2026-03-02T12:00+08:00")),
        (at("2026-03-02T13:00+08:00"), at("2026-03-02T14:00+08:00")),
    ]


def test_holiday_wins_over_make_up_day_and_template_applies() -> None:
    day = date(2026, 3, 7)  # a Saturday
    tuesday_only = {1: ((time(10), time(11)),)}
    worked = BusinessCalendar("UTC", tuesday_only, workdays=frozenset({day}), workday_template=1)
    assert business_time_between(at("2026-03-07T00:00+00:00"), at("2026-03-08T00:00+00:00"), worked) == H
    both = BusinessCalendar("UTC", tuesday_only, holidays=frozenset({day}), workdays=frozenset({day}))
    assert business_time_between(
        at("2026-03-07T00:00+00:00"), at("2026-03-08T00:00+00:00"), both
    ) == timedelta(0)


def test_calendar_without_working_time_raises_instead_of_looping() -> None:
    empty = BusinessCalendar("UTC", {}, workdays=frozenset({date(2026, 3, 7)}))  # Monday has no ranges
    with pytest.raises(ValueError, match="no working time"):
        add_business_time(at("2026-03-01T00:00+00:00"), 30 * M, empty)
    with pytest.raises(ValueError, match="no working time"):
        next_business_start(at("2026-03-01T00:00+00:00"), empty)
    assert business_time_between(
        at("2026-01-01T00:00+00:00"), at("2027-01-01T00:00+00:00"), empty
    ) == timedelta(0)


def test_one_week_of_work_then_holidays_forever_runs_out() -> None:
    # Work only on Mondays, and every Monday after the first of March 2026 is a holiday.
    mondays_off = frozenset(date(2026, 3, 9) + timedelta(weeks=n) for n in range(52))
    cal = BusinessCalendar("UTC", {0: ((time(9), time(10)),)}, holidays=mondays_off)
    assert add_business_time(at("2026-03-01T00:00+00:00"), 30 * M, cal) == at("2026-03-02T09:30+00:00")
    assert add_business_time(at("2026-03-01T00:00+00:00"), 2 * H, cal) == at("2027-03-08T10:00+00:00")


@pytest.mark.parametrize(
    "call",
    [
        lambda c: add_business_time(datetime(2026, 3, 2, 9), H, c),
        lambda c: business_time_between(datetime(2026, 3, 2, 9), at("2026-03-03T09:00+08:00"), c),
        lambda c: is_business_time(datetime(2026, 3, 2, 9), c),
        lambda c: next_business_start(datetime(2026, 3, 2, 9), c),
        lambda c: list(business_intervals(at("2026-03-02T09:00+08:00"), datetime(2026, 3, 3), c)),
        lambda c: add_business_time(at("2026-03-02T09:00+08:00"), -H, c),
    ],
    ids=["add-naive", "between-naive", "is-naive", "next-naive", "intervals-naive", "negative"],
)
def test_bad_input_raises_value_error(call) -> None:
    with pytest.raises(ValueError):
        call(CAL["sh"])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timezone": "Mars/Olympus", "weekly": {}},
        {"timezone": "UTC", "weekly": {7: ((time(9), time(17)),)}},
        {"timezone": "UTC", "weekly": {0: (("09:00", "17:00"),)}},
        {"timezone": "UTC", "weekly": {}, "workday_template": 9},
    ],
    ids=["zone", "weekday", "range-type", "template"],
)
def test_invalid_calendar_raises_value_error(kwargs) -> None:
    with pytest.raises(ValueError):
        BusinessCalendar(**kwargs)


def test_parse_weekly_reads_stored_json() -> None:
    weekly = parse_weekly({"0": [["09:00", "12:00"], ["13:00", "18:00"]], 6: [["22:00", "06:00"]]})
    assert weekly == {0: SPLIT_DAY, 6: ((time(22), time(6)),)}
    evening = BusinessCalendar("UTC", parse_weekly({0: [["18:00", "24:00"]]}))
    assert business_time_between(at("2026-03-02T00:00+00:00"), at("2026-03-04T00:00+00:00"), evening) == 6 * H
    with pytest.raises(ValueError):
        parse_weekly({"0": [["09:00"]]})
