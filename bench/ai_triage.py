"""Builtin triage latency per ticket, warm (issue #5 §10): ``triage_new_ticket`` end to end — every
prediction, decision records, applying values through the tickets service — on a fresh database.

    .venv/bin/python bench/ai_triage.py [--backend sqlite|postgresql] [--tickets 500] [--history 20000]

The type and urgency models are trained on ``--history`` synthetic zh/en tickets (bench/_synthetic_tickets.py)
and registered as ``ticketwise ai train`` would; categories use the cold-start model. The first 20 tickets
warm the process (jieba's dictionary, py3langid, model files) and are not counted. Commit time is not
included: the caller (intake's unit of work) commits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fresh_database, machine, summary_ms  # noqa: E402
from _synthetic_tickets import tickets  # noqa: E402

WARMUP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument("--history", type=int, default=20_000)
    args = parser.parse_args()
    url, data_dir = fresh_database(args.backend, "tw_bench_ai_triage")
    os.environ.update(
        TICKETWISE_DATABASE_URL=url, TICKETWISE_DATA_DIR=str(data_dir), TICKETWISE_SECRET_KEY="bench",
        TICKETWISE_JOBS__IMMEDIATE="true", TICKETWISE_LOG_LEVEL="WARNING",
    )  # fmt: skip
    from ticketwise.ai.triage import store
    from ticketwise.ai.triage.classifier import train
    from ticketwise.ai.triage.service import triage_new_ticket
    from ticketwise.core.db import get_db
    from ticketwise.core.migrate import upgrade
    from ticketwise.tickets.enums import Channel
    from ticketwise.tickets.schemas import RequesterIn, TicketCreate
    from ticketwise.tickets.service import create_ticket
    from ticketwise.tickets.types.builtin import seed_builtin_types

    db = get_db()
    upgrade(db.write_engine)
    history = tickets(args.history, seed=1)
    with db.session() as session:
        seed_builtin_types(session)
        for index, target in ((1, "type"), (3, "urgency")):
            started = time.perf_counter()
            classifier, report = train([(row[0], row[index]) for row in history], algorithm="auto")
            store.save_model(
                session, target, classifier, report, training_seconds=time.perf_counter() - started
            )
        session.commit()

    samples = []
    for number, (text, *_labels) in enumerate(tickets(args.tickets + WARMUP, seed=2)):
        title, _, description = text.partition("\n")
        with db.session() as session:
            ticket = create_ticket(
                session, None,
                TicketCreate(type="general_inquiry", title=title[:300], description=description,
                             requester=RequesterIn(email="bench@example.com")),
                channel=Channel.EMAIL,
            )  # fmt: skip
            started = time.perf_counter()
            triage_new_ticket(session, ticket)
            elapsed = time.perf_counter() - started
            session.commit()
        if number >= WARMUP:
            samples.append(elapsed)
    print(machine())
    print(
        json.dumps(
            {"backend": args.backend, "history": args.history, "latency_ms": summary_ms(samples)}, indent=2
        )
    )


if __name__ == "__main__":
    main()
