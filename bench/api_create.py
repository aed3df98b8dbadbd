"""API ticket creation: throughput and p50/p99 latency through a real `ticketwise serve`.

Usage: .venv/bin/python bench/api_create.py [--backend sqlite|postgresql] [--n 600] [--concurrency 8]
       [--identical]

Every request is a full POST /api/v1/tickets (auth, validation, numbering, extension row, audit event,
commit) followed by every reaction that runs before the response (completion, duplicate and
major-incident detection, SLA clocks, acknowledgement and notifications). The client runs in this process with `--concurrency` threads; server and client share the
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

# A realistic mix: what people write differs from ticket to ticket, so duplicate and major-incident
# detection compare texts that are mostly unlike (``--identical`` sends one text, their worst case).
PROBLEMS = [
    ("VPN 无法连接", "连接公司 VPN 时提示错误 {code}，重启电脑后仍然无法连接。"),
    ("打印机卡纸", "{floor} 楼的打印机一直卡纸，已经试过重新放纸，还是不行。"),
    ("邮箱收不到邮件", "从昨天下午开始邮箱收不到外部邮件，发件人说退信代码 {code}。"),
    ("电脑蓝屏", "我的笔记本开机后蓝屏，错误代码 0x{code}，资产编号 IT-{asset}。"),
    ("申请软件安装", "需要在电脑上安装 Visio 2021，用于画流程图，请审批。"),
    ("Cannot sign in to Teams", "Teams says error {code} when I sign in since this morning."),
    ("Laptop is very slow", "My laptop (asset IT-{asset}) takes ten minutes to boot and freezes in Excel."),
    ("Password reset", "I am locked out of my account after the password change, please reset it."),
    ("Monitor flickers", "The second monitor on desk {floor}-12 flickers every few seconds."),
    ("Wi-Fi drops in room {floor}01", "The guest Wi-Fi in meeting room {floor}01 drops every few minutes."),
]


def payload(i: int, identical: bool = False) -> dict:
    title, body = PROBLEMS[0 if identical else (i * 7) % len(PROBLEMS)]
    values = {"code": 800 + i % 97, "floor": 1 + i % 9, "asset": f"{100000 + i:06d}"}
    return {
        "type": "it_support",
        "title": f"{title.format(**values)} #{i}",
        "description": body.format(**values),
        "priority": "P2",
        "requester": {"email": f"bench{i % 50}@example.com", "name": f"Bench {i % 50}"},
        "fields": {"os_version": "Windows 11 23H2", "error_code": str(values["code"])},
    }


def run(backend: str, n: int, concurrency: int, identical: bool = False) -> dict:
    url, data_dir = fresh_database(backend, "tw_bench_api")
    env = bench_env(url, data_dir)
    cli(env, "init")
    token = cli(env, "token", "create", "--user", "admin@example.com").strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    with Server(env) as server:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as warm:
            for i in range(20):
                warm.post("/api/v1/tickets", json=payload(i, identical)).raise_for_status()
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
                        "/api/v1/tickets",
                        json=payload(i, identical),
                        headers={"Idempotency-Key": uuid.uuid4().hex},
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
        "texts": "identical" if identical else "mixed",
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
    parser.add_argument("--identical", action="store_true", help="every ticket the same text (worst case)")
    args = parser.parse_args()
    print("machine:", machine())
    for backend in args.backend or ["sqlite", "postgresql"]:
        for conc in sorted({1, args.concurrency}):
            print(json.dumps(run(backend, args.n, conc, args.identical), ensure_ascii=False))


if __name__ == "__main__":
    main()
