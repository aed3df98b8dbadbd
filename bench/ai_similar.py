"""Similar-case retrieval: speed over 100,000 solved tickets, and ranking quality.

Usage:
  .venv/bin/python bench/ai_similar.py perf [--backend sqlite|postgresql] [--tickets 100000] [--queries 300]
  .venv/bin/python bench/ai_similar.py quality

``perf`` seeds resolved tickets (half Chinese, half English: generated helpdesk tickets plus BANKING77
training sentences, each with an agent's public reply) by bulk INSERT into a fresh database, then
measures, in this process:

* build: ``rebuild_index`` (tokenise, embed, write every document row) and commit;
* load: the first lookup's full load of the in-memory index from the table, and the process's RSS
  growth from it (the index's memory);
* lookup: ``similar_to_text`` for new-ticket-like queries (tokenise + embed the query, check the change
  counter, score every document, read the hits' rows), p50/p95/p99;
* incremental: resolving one more ticket (``refresh_document`` + commit) and the next lookup, which
  applies the change from the table.

``quality`` reports nearest-neighbour accuracy: BANKING77 (all 3,080 test queries against the 10,003
training queries; the nearest training query's intent must match) and our zh/en helpdesk paraphrase
sets (tests/fixtures/similar; the paraphrased ticket must come first), for BM25 alone, the embedder
alone and the fused score the product uses.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import bench_env, fresh_database, machine, summary_ms

ROOT = Path(__file__).resolve().parents[1]
BANKING = ROOT.parent / "shared" / "corpora" / "intents" / "intents-banking77" / "banking_data"
FIXTURES = ROOT / "tests" / "fixtures" / "similar"

ZH_OBJECTS = (
    "打印机 笔记本电脑 台式机 显示器 VPN 企业邮箱 空调 门禁卡 投影仪 复印机 无线网络 共享盘 OA系统 ERP系统 电梯 饮水机 "
    "办公椅 键盘 鼠标 服务器 数据库 官网 手机 会议系统 财务系统 考勤机 路由器 交换机 扫描仪 电话"
)
ZH_PLACES = "三楼财务部 二楼研发区 五楼大会议室 一楼前台 A座 B座八楼 仓库 市场部 人事部 客服中心 北京分公司 上海办公室 机房 茶水间 培训室"
ZH_SYMPTOMS = (
    "无法使用 没有反应 频繁掉线 连接失败 提示认证失败 蓝屏 卡纸 不制冷 漏水 闪屏 打不开 报错 速度很慢 无法登录 显示无信号 "
    "声音很大 自动重启 无法同步 数据丢失 权限不足 收不到验证码 乱码 超时 无法打印 噪音很大"
)
ZH_TIMES = "今天早上 从昨天开始 上周起 刚才 每天下午 开会时 重启后 更新系统后 换了网线后 下雨后"
ZH_FIXES = "已重启设备 更换了配件 重新配置了账号 清理了缓存 升级了驱动 调整了权限 更换了网线 联系厂家上门维修 恢复了备份 重置了密码"
EN_OBJECTS = (
    "printer laptop desktop monitor VPN mailbox air-conditioner badge projector copier Wi-Fi shared-drive intranet ERP "
    "elevator keyboard mouse server database website phone headset scanner router switch payroll-system"
)
EN_PLACES = (
    "finance office|R&D floor|main meeting room|reception|building A|warehouse|marketing|HR|support center|"
    "Beijing branch|Shanghai office|server room|training room"
)
EN_SYMPTOMS = (
    "does not work|stopped responding|keeps disconnecting|cannot connect|rejects my password|shows a blue screen|jams|"
    "is not cooling|is leaking|flickers|will not open|shows an error|is very slow|cannot log in|has no signal|"
    "is very noisy|restarts by itself|does not sync|lost my data|says access denied|never sends the code|"
    "shows garbled text|times out"
)
EN_TIMES = (
    "since this morning|since yesterday|since last week|right now|every afternoon|during meetings|after a restart|"
    "after the update|after moving desks"
)
EN_FIXES = (
    "Restarted the device|Replaced the part|Reconfigured the account|Cleared the cache|Updated the driver|"
    "Granted the permission|Replaced the cable|Vendor repaired it on site|Restored from backup|Reset the password"
)


def _choice(rng: random.Random, options: str) -> str:
    """One of the ``|``-separated (or, without any ``|``, space-separated) options."""
    return rng.choice(options.split("|") if "|" in options else options.split())


def zh_ticket(rng: random.Random) -> tuple[str, str, str]:
    obj, place, symptom, when = (_choice(rng, x) for x in (ZH_OBJECTS, ZH_PLACES, ZH_SYMPTOMS, ZH_TIMES))
    code = f"资产编号 IT-{rng.randint(10000, 99999)}" if rng.random() < 0.3 else ""
    title = f"{place}{obj}{symptom}"
    body = f"{when}{place}的{obj}{symptom}，影响正常工作，请尽快处理。{code}"
    return title, body, f"{_choice(rng, ZH_FIXES)}，{obj}已恢复正常，请确认。"


def en_ticket(rng: random.Random, banking: list[tuple[str, str]]) -> tuple[str, str, str]:
    if banking and rng.random() < 0.5:
        text, intent = rng.choice(banking)
        return intent.replace("_", " ").capitalize(), text, f"{_choice(rng, EN_FIXES)}; please check again."
    obj, place, symptom, when = (_choice(rng, x) for x in (EN_OBJECTS, EN_PLACES, EN_SYMPTOMS, EN_TIMES))
    code = f" Asset IT-{rng.randint(10000, 99999)}." if rng.random() < 0.3 else ""
    title = f"{obj.capitalize()} in {place} {symptom}"
    body = f"The {obj} in the {place} {symptom} {when}. I cannot work like this.{code}"
    return title, body, f"{_choice(rng, EN_FIXES)}; the {obj} works again."


def banking_rows(split: str) -> list[tuple[str, str]]:
    with (BANKING / f"{split}.csv").open(encoding="utf-8") as f:
        return [(row["text"], row["category"]) for row in csv.DictReader(f)]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seed(n: int, rng: random.Random) -> None:
    import sqlalchemy as sa

    from ticketwise.core.db import get_db
    from ticketwise.core.migrate import upgrade
    from ticketwise.core.uow import unit_of_work
    from ticketwise.tickets.types.builtin import seed_builtin_types
    from ticketwise.users.models import Contact, Role, User

    db = get_db()
    upgrade(db.write_engine)
    with unit_of_work() as s:
        type_id = next(t.id for t in seed_builtin_types(s) if t.slug == "general_inquiry")
        agent = User(email="agent@bench.example", name="Agent", role=Role.AGENT, is_active=True)
        contact = Contact(email="customer@bench.example", name="Customer")
        s.add_all([agent, contact])
        s.flush()
        agent_id, contact_id = agent.id, contact.id
    md = sa.MetaData()
    md.reflect(db.write_engine, only=["tickets", "ticket_messages"])
    tickets, messages = md.tables["tickets"], md.tables["ticket_messages"]
    stamp = datetime.now(UTC).replace(tzinfo=None) if db.dialect == "sqlite" else datetime.now(UTC)
    banking = banking_rows("train")
    with db.write_engine.begin() as conn:
        for start in range(0, n, 5000):
            batch = range(start + 1, min(n, start + 5000) + 1)
            rows, replies = [], []
            for i in batch:
                zh = i % 2 == 0
                title, body, fix = zh_ticket(rng) if zh else en_ticket(rng, banking)
                rows.append(
                    {
                        "id": i, "number": f"TW-20260101-{i:06d}", "title": title, "description": body,
                        "description_html": "", "type_id": type_id, "status": "resolved", "priority": "P2",
                        "channel": "portal", "requester_id": contact_id, "language": "zh" if zh else "en",
                        "sla_breached": False, "resolved_at": stamp, "created_at": stamp, "updated_at": stamp,
                    }
                )  # fmt: skip
                replies.append(
                    {
                        "ticket_id": i, "kind": "reply", "direction": "outbound", "channel": "portal",
                        "author_user_id": agent_id, "body_text": fix, "body_html": "", "quoted_text": "",
                        "created_at": stamp,
                    }
                )  # fmt: skip
            conn.execute(sa.insert(tickets), rows)
            conn.execute(sa.insert(messages), replies)


def perf(args: argparse.Namespace) -> dict:
    url, data_dir = fresh_database(args.backend, "tw_bench_similar")
    os.environ.update(bench_env(url, data_dir))
    rng = random.Random(7)
    started = time.perf_counter()
    seed(args.tickets, rng)
    seeded = time.perf_counter() - started

    from ticketwise.ai.retrieval.documents import refresh_document
    from ticketwise.ai.retrieval.embedder import default_embedder
    from ticketwise.ai.retrieval.rebuild import rebuild_index
    from ticketwise.ai.retrieval.service import similar_to_text
    from ticketwise.ai.retrieval.sync import process_index
    from ticketwise.core.uow import unit_of_work

    default_embedder()
    similar_to_text  # noqa: B018 - imported before the RSS baseline
    started = time.perf_counter()
    with unit_of_work() as s:
        counts = rebuild_index(s)
    built = time.perf_counter() - started

    gc.collect()
    before = rss_mib()
    with unit_of_work(write=False) as s:
        started = time.perf_counter()
        with process_index(s).synced(s) as index:
            documents, vocabulary, index_bytes = index.size, index.bm25.vocabulary_size, index.nbytes
        loaded = time.perf_counter() - started
    gc.collect()
    index_mib = rss_mib() - before

    queries = [zh_ticket(rng)[1] if i % 2 == 0 else en_ticket(rng, [])[1] for i in range(args.queries)]
    queries += [
        pair["query"]
        for lang in ("zh", "en")
        for pair in json.loads((FIXTURES / f"{lang}_paraphrases.json").read_text())
    ]  # noqa: E501
    samples, hits_found = [], 0
    with unit_of_work(write=False) as s:
        similar_to_text(s, queries[0])  # warm-up: jieba's dictionary
        for query in queries:
            started = time.perf_counter()
            hits = similar_to_text(s, query, limit=5)
            samples.append(time.perf_counter() - started)
            hits_found += bool(hits)

    incremental = []
    for ticket_id in range(1, 21):
        started = time.perf_counter()
        with unit_of_work() as s:
            refresh_document(s, "ticket", ticket_id)
        written = time.perf_counter() - started
        with unit_of_work(write=False) as s:
            started = time.perf_counter()
            similar_to_text(s, queries[ticket_id])
            incremental.append((written, time.perf_counter() - started))

    return {
        "benchmark": "ai_similar perf",
        "machine": machine(),
        "backend": args.backend,
        "tickets": args.tickets,
        "seed_s": round(seeded, 1),
        "indexed": counts,
        "build_s": round(built, 1),
        "load_s": round(loaded, 2),
        "documents": documents,
        "vocabulary": vocabulary,
        "index_mib": round(index_bytes / 2**20, 1),
        "rss_growth_on_load_mib": round(index_mib, 1),
        "process_rss_mib": round(rss_mib(), 1),
        "lookup_ms": summary_ms(samples),
        "queries_with_hits": f"{hits_found}/{len(queries)}",
        "reindex_one_ms": summary_ms([w for w, _ in incremental]),
        "lookup_after_change_ms": summary_ms([q for _, q in incremental]),
    }


def quality(args: argparse.Namespace) -> dict:
    import numpy as np

    from ticketwise.ai.retrieval import memory
    from ticketwise.ai.retrieval.embedder import default_embedder
    from ticketwise.ai.retrieval.memory import DocumentKey, HybridIndex, script_of
    from ticketwise.ai.text.tokenize import words

    embedder = default_embedder()
    assert embedder is not None, "wordllama is not installed"

    def accuracy(docs: list[str], queries: list[str], correct, mode: str) -> float:
        tokens = [words(d) for d in docs]
        index = HybridIndex(
            embedder if mode != "bm25" else None, average_length=np.mean([len(t) for t in tokens])
        )
        vectors = embedder.embed(docs)
        for i, terms in enumerate(tokens):
            index.put(DocumentKey("doc", i), 1, terms if mode != "embedding" else [], vectors[i])
        query_vectors = embedder.embed(queries)
        right = 0
        for q, query in enumerate(queries):
            terms = words(query) if mode != "embedding" else []
            vector = query_vectors[q] if mode != "bm25" else None
            hits = index.search(terms, vector, script=script_of(query), limit=1)
            right += bool(hits) and correct(q, hits[0].key.source_id)
        return round(right / len(queries), 4)

    results: dict[str, dict[str, float]] = {}
    train, test = banking_rows("train"), banking_rows("test")
    for mode in ("bm25", "embedding", "fused"):
        if mode == "embedding":
            saved, memory.LEXICAL_WEIGHT = memory.LEXICAL_WEIGHT, 0.0
        results.setdefault("banking77_test_1nn", {})[mode] = accuracy(
            [t for t, _ in train], [t for t, _ in test], lambda q, d: test[q][1] == train[d][1], mode
        )
        for lang in ("zh", "en"):
            pairs = json.loads((FIXTURES / f"{lang}_paraphrases.json").read_text())
            results.setdefault(f"{lang}_paraphrase_top1", {})[mode] = accuracy(
                [f"{p['title']}\n{p['body']}" for p in pairs],
                [p["query"] for p in pairs],
                lambda q, d: q == d,
                mode,
            )
        if mode == "embedding":
            memory.LEXICAL_WEIGHT = saved
    return {
        "benchmark": "ai_similar quality",
        "embedder": embedder.name,
        "lexical_weight": memory.LEXICAL_WEIGHT,
        **results,
    }  # noqa: E501


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("perf")
    p.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--tickets", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=300)
    commands.add_parser("quality")
    args = parser.parse_args()
    result = perf(args) if args.command == "perf" else quality(args)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
