"""Agent queue view latency with 100,000 and 1,000,000 tickets, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/queue_view.py [--backend sqlite|postgresql] [--sizes 100000,1000000]
       [--samples 30]

Tickets are seeded with bulk INSERTs (SQLAlchemy Core executemany), not HTTP. Each scenario requests
the full HTML page `/agent/queue?...` as a signed-in agent through the ASGI app in this process
(TestClient: routing, session lookup, queries, counts for every view, template rendering), so the
figure is server time without network. Reported: p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from _common import bench_env, fresh_database, machine, summary_ms

STATUSES = (
    ["new"] * 8
    + ["assigned"] * 10
    + ["in_progress"] * 12
    + ["pending"] * 6
    + ["resolved"] * 14
    + ["closed"] * 48
    + ["cancelled"] * 2
)
PRIORITIES = ["P0"] * 2 + ["P1"] * 13 + ["P2"] * 60 + ["P3"] * 25
WORDS_ZH = [
    "打印机",
    "无法",
    "登录",
    "邮箱",
    "网络",
    "故障",
    "申请",
    "空调",
    "报修",
    "投诉",
    "发票",
    "账号",
    "密码",
    "会议室",
]
WORDS_EN = [
    "printer",
    "cannot",
    "login",
    "mailbox",
    "network",
    "outage",
    "request",
    "laptop",
    "refund",
    "invoice",
    "VPN",
]


def seed(n: int, env: dict[str, str], rng: random.Random) -> dict:
    os.environ.update(env)
    import sqlalchemy as sa

    from ticketwise.cli.main import app as cli_app  # noqa: F401  (ensures CLI modules import cleanly)
    from ticketwise.core.db import get_db
    from ticketwise.core.migrate import upgrade
    from ticketwise.core.security import hash_password
    from ticketwise.core.uow import unit_of_work
    from ticketwise.tickets.types.builtin import seed_builtin_types
    from ticketwise.users.models import Role, User

    db = get_db()
    upgrade(db.write_engine)
    with unit_of_work() as s:
        types = {t.slug: t.id for t in seed_builtin_types(s)}
        s.execute(
            sa.insert(User),
            [
                {
                    "email": f"agent{i}@bench.example",
                    "name": f"Agent {i}",
                    "role": Role.AGENT,
                    "password_hash": hash_password("bench-password") if i == 0 else None,
                    "is_active": True,
                    "timezone": "Asia/Shanghai",
                    "availability": "online",
                    "capacity": 20,
                    "created_at": datetime.now(UTC),
                }
                for i in range(20)
            ],
        )
    md = sa.MetaData()
    md.reflect(db.write_engine, only=["users", "teams", "team_members", "contacts", "tickets"])
    users, teams, members, contacts, tickets = (
        md.tables[k] for k in ("users", "teams", "team_members", "contacts", "tickets")
    )
    now = datetime.now(UTC).replace(tzinfo=None) if db.dialect == "sqlite" else datetime.now(UTC)
    with db.write_engine.begin() as conn:
        agent_ids = [
            r[0]
            for r in conn.execute(
                sa.select(users.c.id).where(users.c.email.like("%@bench.example")).order_by(users.c.id)
            )
        ]
        conn.execute(
            sa.insert(teams), [{"name": f"Team {i}", "description": "", "created_at": now} for i in range(4)]
        )
        team_ids = [r[0] for r in conn.execute(sa.select(teams.c.id).order_by(teams.c.id))]
        conn.execute(
            sa.insert(members), [{"team_id": team_ids[i % 4], "user_id": a} for i, a in enumerate(agent_ids)]
        )
        conn.execute(
            sa.insert(contacts),
            [
                {"email": f"c{i}@customer.example", "name": f"Customer {i}", "notes": "", "created_at": now}
                for i in range(5000)
            ],
        )
        contact_ids = [r[0] for r in conn.execute(sa.select(contacts.c.id))]
    type_ids = list(types.values())
    started = time.perf_counter()
    batch = 20000
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            created = now - timedelta(minutes=rng.randint(0, 525600))
            status = rng.choice(STATUSES)
            assigned = status != "new" and rng.random() < 0.9
            words = rng.sample(WORDS_ZH if i % 5 < 3 else WORDS_EN, 3)
            title = ("".join(words) if i % 5 < 3 else " ".join(words)) + f" #{i}"
            rows.append(
                {
                    "number": f"TW-{created:%Y%m%d}-{i:07d}",
                    "title": title,
                    "description": title,
                    "description_html": "",
                    "type_id": type_ids[i % len(type_ids)],
                    "status": status,
                    "priority": rng.choice(PRIORITIES),
                    "channel": "portal",
                    "requester_id": rng.choice(contact_ids),
                    "assignee_id": rng.choice(agent_ids) if assigned else None,
                    "team_id": team_ids[i % 4],
                    "created_at": created,
                    "updated_at": created + timedelta(minutes=rng.randint(0, 5000)),
                }
            )
        with db.write_engine.begin() as conn:
            conn.execute(sa.insert(tickets), rows)
    seconds = time.perf_counter() - started
    # Fresh statistics, as autovacuum/ANALYZE would have in production; on PostgreSQL VACUUM also sets
    # the visibility map, without which index-only counts visit the heap of a bulk-loaded table.
    with db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE")
    with db.read_engine.connect() as conn:
        sample = conn.execute(sa.select(tickets.c.number).where(tickets.c.id == n // 2)).scalar_one()
    return {"seed_seconds": round(seconds, 1), "agent_email": "agent0@bench.example", "sample_number": sample}


def measure(samples: int, agent_email: str, number: str) -> dict:
    from fastapi.testclient import TestClient

    from ticketwise.main import create_app

    scenarios = {
        "mine (default: open)": "/agent/queue?view=mine",
        "unassigned": "/agent/queue?view=unassigned",
        "my_teams": "/agent/queue?view=my_teams",
        "all open": "/agent/queue?view=all",
        "all, priority P1": "/agent/queue?view=all&priority=P1",
        "all, type it_support, sort created": "/agent/queue?view=all&type=it_support&sort=created_desc",
        "all statuses, page 200": "/agent/queue?view=all&status=any&page=200",
        "search by whole number": "/agent/queue?view=all&q=TW-{number}",
        "search text 打印机": "/agent/queue?view=all&q=打印机",
    }
    results = {}
    with TestClient(create_app(), base_url="http://bench") as client:
        client.get("/login")
        token = client.cookies.get("tw_csrf")
        r = client.post(
            "/login",
            data={"email": agent_email, "password": "bench-password", "csrf_token": token, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text[:500]
        for name, url in scenarios.items():
            url = url.replace("TW-{number}", number)
            client.get(url)  # warm
            times = []
            for _ in range(samples):
                t = time.perf_counter()
                resp = client.get(url)
                times.append(time.perf_counter() - t)
                assert resp.status_code == 200, (url, resp.status_code)
            results[name] = summary_ms(times)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    url, data_dir = fresh_database(args.backend, f"tw_bench_queue_{args.size}")
    env = bench_env(url, data_dir)
    seeded = seed(args.size, env, random.Random(7))
    results = measure(args.samples, seeded["agent_email"], seeded["sample_number"])
    print(
        json.dumps(
            {
                "machine": machine(),
                "backend": args.backend,
                "tickets": args.size,
                **seeded,
                "latency_ms": results,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
