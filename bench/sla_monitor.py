"""One SLA monitor tick with many open tickets' timers, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/sla_monitor.py [--backend sqlite|postgresql] [--tickets 1000000]
       [--due 2000] [--ticks 5]

Seeds ``--tickets`` open tickets, each with a running first-response timer, by bulk INSERTs
(SQLAlchemy Core executemany); ``--due`` of them have ``next_check_at`` in the past (their first
response is overdue: the tick replays them, marks the breach and fires the default policy's levels),
the others are due hours to days later. Then runs ``--ticks`` ticks: before each one the same due
timers are made due again, so every tick does the full work. Reported: the time of the indexed
"what is due" query alone, the first tick (which also writes the breach and escalation events) and
the median of the following ticks, in ms, plus tickets processed per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from _common import fresh_database, machine

CHUNK = 20_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--ticks", type=int, default=5)
    args = parser.parse_args()

    url, data_dir = fresh_database(args.backend, "tw_bench_sla_monitor")
    os.environ.update(
        TICKETWISE_DATABASE_URL=url,
        TICKETWISE_DATA_DIR=str(data_dir),
        TICKETWISE_SECRET_KEY="bench",
        TICKETWISE_JOBS__IMMEDIATE="true",
    )
    import sqlalchemy as sa

    from ticketwise.core.db import get_db
    from ticketwise.core.migrate import upgrade
    from ticketwise.reactions import register_all
    from ticketwise.sla import monitor, repository
    from ticketwise.sla.defaults import ensure_default_policy
    from ticketwise.sla.models import SlaTimer
    from ticketwise.tickets.models import Ticket
    from ticketwise.tickets.types.builtin import seed_builtin_types
    from ticketwise.users.models import Contact

    register_all()
    db = get_db()
    upgrade(db.write_engine)
    now = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)  # Wednesday 14:00 in Shanghai: business hours
    with db.session() as session:
        types = seed_builtin_types(session)
        policy = ensure_default_policy(session)
        contact = Contact(email="bench@example.com", name="Bench")
        session.add(contact)
        session.commit()
        type_id, policy_id, contact_id = types[0].id, policy.id, contact.id

    rng = random.Random(7)
    due_ids = set(rng.sample(range(1, args.tickets + 1), args.due))
    started = time.perf_counter()
    tickets, timers = Ticket.__table__, SlaTimer.__table__
    with db.write_engine.begin() as conn:
        for first in range(1, args.tickets + 1, CHUNK):
            ids = range(first, min(first + CHUNK, args.tickets + 1))
            ticket_rows, timer_rows = [], []
            for i in ids:
                overdue = i in due_ids
                created = now - (timedelta(hours=30) if overdue else timedelta(minutes=rng.randint(1, 60)))
                due = created + timedelta(hours=4)
                check = (
                    now - timedelta(minutes=1)
                    if overdue
                    else now + timedelta(minutes=rng.randint(60, 10_000))
                )
                ticket_rows.append(
                    {
                        "id": i,
                        "number": f"TW-20260304-{i:07d}",
                        "title": f"Bench ticket {i}",
                        "description": "",
                        "description_html": "",
                        "type_id": type_id,
                        "status": "new",
                        "priority": "P2",
                        "channel": "portal",
                        "requester_id": contact_id,
                        "sla_policy_id": policy_id,
                        "sla_due_at": due,
                        "sla_breached": False,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                timer_rows.append(
                    {
                        "ticket_id": i,
                        "clock": "first_response",
                        "cycle": 1,
                        "policy_id": policy_id,
                        "status": "running",
                        "target_minutes": 240,
                        "started_at": created,
                        "due_at": due,
                        "paused": [],
                        "next_check_at": check,
                        "fired_levels": [],
                        "updated_at": created,
                    }
                )
            conn.execute(sa.insert(tickets), ticket_rows)
            conn.execute(sa.insert(timers), timer_rows)
        if args.backend == "postgresql":
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets))"
            )
    seed_s = time.perf_counter() - started
    if args.backend == "postgresql":
        with db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.write_engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")

    with db.session() as session:
        started = time.perf_counter()
        found = repository.due_timer_rows(session, now, args.due * 2)
        query_ms = (time.perf_counter() - started) * 1000
    assert len(found) == args.due, len(found)

    samples = []
    processed = []
    due_list = sorted(due_ids)
    for _ in range(args.ticks):
        with db.write_engine.begin() as conn:
            for first in range(0, len(due_list), 500):
                conn.execute(
                    sa.update(timers)
                    .where(timers.c.ticket_id.in_(due_list[first : first + 500]))
                    .values(next_check_at=now - timedelta(minutes=1), fired_levels=[])
                )
        started = time.perf_counter()
        result = monitor.tick(now)
        samples.append(time.perf_counter() - started)
        processed.append(result.tickets)
    following = samples[1:] or samples
    report = {
        "benchmark": "sla_monitor_tick",
        "backend": args.backend,
        "machine": machine(),
        "open_tickets": args.tickets,
        "due_per_tick": args.due,
        "seed_seconds": round(seed_s, 1),
        "due_query_ms": round(query_ms, 1),
        "first_tick_ms": round(samples[0] * 1000, 1),
        "median_tick_ms": round(statistics.median(following) * 1000, 1),
        "tickets_processed_per_tick": processed,
        "tickets_per_second": round(args.due / statistics.median(following), 1),
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
