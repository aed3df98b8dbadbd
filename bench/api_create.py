"""API ticket creation: throughput and p50/p99 latency through a real `ticketwise serve`.

Usage: .venv/bin/python bench/api_create.py [--backend sqlite|postgresql] [--n 600] [--concurrency 8]

Every request is a full POST /api/v1/tickets (auth, validation, numbering, extension row, audit event,
commit). The client runs in this process with `--concurrency` threads; server and client share the
machine, as in the peers' benchmarks.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid

import httpx
from _common import Server, bench_env, cli, fresh_database, machine, summary_ms


def payload(i: int) -> dict:
    return {
        "type": "it_support",
        "title": f"VPN 无法连接 / VPN drops #{i}",
        "description": "连接公司 VPN 时提示错误 809，重启电脑后仍然无法连接。Error 809 when connecting.",
        "priority": "P2",
        "requester": {"email": f"bench{i % 50}@example.com", "name": f"Bench {i % 50}"},
        "fields": {"os_version": "Windows 11 23H2", "error_code": "809"},
    }


def run(backend: str, n: int, concurrency: int) -> dict:
    url, data_dir = fresh_database(backend, "tw_bench_api")
    env = bench_env(url, data_dir)
    cli(env, "init")
    token = cli(env, "token", "create", "--user", "admin@example.com").strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    with Server(env) as server:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as warm:
            for i in range(20):
                warm.post("/api/v1/tickets", json=payload(i)).raise_for_status()
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        counter = iter(range(n))

        def worker() -> None:
            nonlocal errors
            with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
                while True:
                    with lock:
                        i = next(counter, None)
                    if i is None:
                        return
                    started = time.perf_counter()
                    r = client.post(
                        "/api/v1/tickets", json=payload(i), headers={"Idempotency-Key": uuid.uuid4().hex}
                    )
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        errors += r.status_code != 201

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        rss = server.rss_mib()
    return {
        "backend": backend,
        "requests": n,
        "concurrency": concurrency,
        "errors": errors,
        "tickets_per_s": round(n / wall, 1),
        "latency_ms": summary_ms(latencies),
        "server_peak_rss_mib": round(rss, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print("machine:", machine())
    for backend in args.backend or ["sqlite", "postgresql"]:
        for conc in sorted({1, args.concurrency}):
            print(json.dumps(run(backend, args.n, conc), ensure_ascii=False))


if __name__ == "__main__":
    main()
