"""Webhook intake: events per second through the real ASGI app, for new and repeated events.

Usage: .venv/bin/python bench/webhook_intake.py [--backend sqlite|postgresql] [--n 400] [--concurrency 8]

Every request is a full signed POST /api/v1/webhooks/<slug>: signature check, raw body stored and
committed, JMESPath mapping, requester look-up, then either a new ticket (number, extension row, audit,
completion and duplicate detection after commit) or, for a repeated reference, the comparison and an
update of the changed fields. The app runs in this process behind Starlette's TestClient (one per
client thread), so the numbers include the HTTP stack but not a socket; client and app share the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time

from _common import bench_env, cli, fresh_database, machine, summary_ms

MAPPING = {
    "title": "alert.title",
    "description": "alert.text",
    "priority": "alert.priority",
    "requester_email": "alert.owner",
    "tags": "alert.tags",
    "fields.error_code": "alert.code",
}


def event(i: int, revision: int = 0) -> dict:
    return {
        "alert": {
            "id": f"ALERT-{i}",
            "title": f"服务器 srv-{i % 97} 磁盘空间不足 / disk almost full #{i}",
            "text": "监控检测到 /var 使用率超过 95%。Monitoring saw /var above 95% usage.",
            "priority": "P1" if revision % 2 else "P2",
            "owner": f"owner{i % 50}@example.com",
            "tags": ["monitoring", "disk"],
            "code": f"E{100 + i % 7}",
        }
    }


def _create_source(url: str, data_dir) -> str:
    from ticketwise.config import Settings
    from ticketwise.core.db import Database, set_db
    from ticketwise.intake.webhooks import sources
    from ticketwise.users import repository

    database = Database(Settings(database_url=url, data_dir=data_dir))
    set_db(database)
    with database.session() as session:
        admin = repository.get_user_by_email(session, "admin@example.com")
        _source, secret = sources.create_source(
            session,
            admin,
            sources.SourceInput(
                name="Bench",
                slug="bench",
                default_type_slug="it_support",
                mapping=MAPPING,
                external_ref_path="alert.id",
            ),
        )
        session.commit()
    set_db(None)
    return secret


def _drive(
    app: object, secret: str, bodies: list[bytes], concurrency: int
) -> tuple[float, list[float], dict]:
    from ticketwise.core.signatures import signature_headers

    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    work = iter(bodies)

    def worker() -> None:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            while True:
                with lock:
                    body = next(work, None)
                if body is None:
                    return
                headers = {"Content-Type": "application/json", **signature_headers(secret, body)}
                started = time.perf_counter()
                r = client.post("/api/v1/webhooks/bench", content=body, headers=headers)
                elapsed = time.perf_counter() - started
                outcome = (
                    r.json().get("outcome", str(r.status_code)) if r.status_code < 500 else str(r.status_code)
                )
                with lock:
                    latencies.append(elapsed)
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, outcomes


def run(backend: str, n: int, concurrency: int) -> dict:
    url, data_dir = fresh_database(backend, "tw_bench_webhook")
    env = bench_env(url, data_dir)
    cli(env, "init")
    secret = _create_source(url, data_dir)
    encode = lambda payload: json.dumps(payload, ensure_ascii=False).encode()  # noqa: E731
    os.environ.update(env)
    from ticketwise.main import create_app

    app = create_app()
    _drive(app, secret, [encode(event(-i - 1)) for i in range(20)], 2)  # warm-up
    new_wall, new_lat, new_outcomes = _drive(app, secret, [encode(event(i)) for i in range(n)], concurrency)
    same_wall, same_lat, same_outcomes = _drive(
        app, secret, [encode(event(i)) for i in range(n)], concurrency
    )
    upd_wall, upd_lat, upd_outcomes = _drive(
        app, secret, [encode(event(i, revision=1)) for i in range(n)], concurrency
    )
    return {
        "backend": backend,
        "events": n,
        "concurrency": concurrency,
        "new": {
            "events_per_s": round(n / new_wall, 1),
            "latency_ms": summary_ms(new_lat),
            "outcomes": new_outcomes,
        },
        "repeated_unchanged": {
            "events_per_s": round(n / same_wall, 1),
            "latency_ms": summary_ms(same_lat),
            "outcomes": same_outcomes,
        },
        "repeated_changed": {
            "events_per_s": round(n / upd_wall, 1),
            "latency_ms": summary_ms(upd_lat),
            "outcomes": upd_outcomes,
        },
        "machine": machine(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.n, args.concurrency), indent=2, ensure_ascii=False))
