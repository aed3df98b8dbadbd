"""SLA deadline computations per second: business calendar vs 24×7.

Usage: .venv/bin/python bench/sla_deadlines.py [--count 20000] [--seed 7]

Each computation is one ``add_business_time(created_at, target, calendar)`` — what the SLA domain does
for every clock of every ticket when a policy is applied or replayed — followed, as in a replay, by one
``business_time_between(created_at, now)`` for the elapsed time. Targets are the default policy's
(15 min, 1 h, 2 h, 4 h, 8 h, 24 h, 72 h) mixed; creation times are random over 2026. Calendars: Asia/
Shanghai 09–12 / 13–18 on weekdays with China's 2026 holidays and make-up days; America/New_York
09–17 (DST); 24×7. A fresh calendar object per batch of 100 computations, so the per-calendar day
memo helps only as much as it would for one monitor tick or one request. ``100_day_deadlines_per_s``
adds a target of 100 days of business time (2,400 business hours, over a year of calendar days) with
one calendar object, the case week skipping is for.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import machine  # noqa: E402

from ticketwise.sla.calendar import BusinessCalendar, add_business_time, business_time_between  # noqa: E402
from ticketwise.sla.holiday_sets import country_days  # noqa: E402

TARGETS = [timedelta(minutes=m) for m in (15, 60, 120, 240, 480, 1440, 4320)]


def calendars() -> dict[str, dict]:
    from datetime import time as t

    off, work = country_days("CN", [2026, 2027])
    return {
        "Shanghai 9-12/13-18 + CN holidays": {
            "timezone": "Asia/Shanghai",
            "weekly": {d: ((t(9), t(12)), (t(13), t(18))) for d in range(5)},
            "holidays": off,
            "workdays": work,
        },
        "New York 9-17 (DST)": {
            "timezone": "America/New_York",
            "weekly": {d: ((t(9), t(17)),) for d in range(5)},
        },
        "24x7": {"timezone": "Asia/Shanghai", "weekly": {}, "always": True},
    }


def run(spec: dict, count: int, rng: random.Random) -> dict[str, float]:
    year = datetime(2026, 1, 1, tzinfo=UTC)
    starts = [year + timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(count)]
    targets = [rng.choice(TARGETS) for _ in range(count)]
    elapsed_until = [s + timedelta(seconds=rng.randrange(5 * 86400)) for s in starts]
    began = time.perf_counter()
    for batch in range(0, count, 100):
        cal = BusinessCalendar(**spec)
        for i in range(batch, min(batch + 100, count)):
            add_business_time(starts[i], targets[i], cal)
    add_s = time.perf_counter() - began
    began = time.perf_counter()
    for batch in range(0, count, 100):
        cal = BusinessCalendar(**spec)
        for i in range(batch, min(batch + 100, count)):
            business_time_between(starts[i], elapsed_until[i], cal)
    between_s = time.perf_counter() - began
    long_cal = BusinessCalendar(**spec)
    began = time.perf_counter()
    for i in range(count // 10):
        add_business_time(starts[i], timedelta(days=100), long_cal)
    long_s = time.perf_counter() - began
    return {
        "deadlines_per_s": round(count / add_s),
        "elapsed_per_s": round(count / between_s),
        "100_day_deadlines_per_s": round((count // 10) / long_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results = {}
    for name, spec in calendars().items():
        results[name] = run(spec, args.count, random.Random(args.seed))
    print(
        json.dumps(
            {"machine": machine(), "count": args.count, "results": results}, ensure_ascii=False, indent=2
        )
    )


if __name__ == "__main__":
    main()
