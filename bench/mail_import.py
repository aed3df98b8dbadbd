"""E-mail intake throughput: `ticketwise mail import` of a 10,000-message Maildir, messages per second.

Usage: .venv/bin/python bench/mail_import.py [--backend sqlite|postgresql] [--n 10000] [--without-reactions]

The Maildir holds a realistic mix written with the stdlib: new requests (Chinese and English, plain
and HTML, a tenth with a PDF or an inline PNG, a few with CCs), replies that quote the request and
carry our Message-ID in In-Reply-To (so they thread), vacation auto-replies and delivery reports.
The site is created with `ticketwise init` (migrations, built-in types), then the import runs in this
process through the same function the command uses (a unit of work per message: raw store, parse,
requester, threading, ticket or message, attachments, audit; reactions of other domains after
commit). The time covers the import only, not building the Maildir.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

from _common import bench_env, cli, fresh_database, machine

ZH_SUBJECTS = [
    "打印机卡纸",
    "无法登录邮箱",
    "VPN 连接失败",
    "申请新的显示器",
    "报销系统报错",
    "会议室投影仪坏了",
]
EN_SUBJECTS = [
    "Printer jammed",
    "Cannot sign in to mail",
    "VPN keeps dropping",
    "Need a new monitor",
    "Expense tool error",
]
ZH_BODY = "您好，\n\n{subject}，从今天早上开始就一直这样。错误代码 E-{n}。请尽快处理，谢谢！\n\n张三\n市场部"
EN_BODY = (
    "Hello,\n\n{subject} since this morning. Error code E-{n}. Please have a look.\n\nThanks,\nJohn\nSales"
)
PDF = b"%PDF-1.4\n" + b"0" * 40_000 + b"\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 2_000


def _request(n: int, rng: random.Random) -> EmailMessage:
    chinese = rng.random() < 0.5
    subject = rng.choice(ZH_SUBJECTS if chinese else EN_SUBJECTS)
    sender = f"user{rng.randrange(2000)}@{'example.cn' if chinese else 'example.com'}"
    message = EmailMessage()
    message["From"] = f"{'张三' if chinese else 'John Smith'} <{sender}>"
    message["To"] = "support@ticketwise.example"
    if rng.random() < 0.05:
        message["Cc"] = f"colleague{rng.randrange(100)}@example.com"
    message["Subject"] = f"{subject} #{n}"
    message["Message-ID"] = f"<req-{n}@{sender.split('@')[1]}>"
    message["Date"] = "Thu, 26 Nov 2026 09:00:00 +0800"
    text = (ZH_BODY if chinese else EN_BODY).format(subject=subject, n=n)
    message.set_content(text)
    kind = rng.random()
    if kind < 0.3:
        message.add_alternative(
            f"<html><body><p>{text.replace(chr(10), '<br>')}</p></body></html>", subtype="html"
        )
    if kind < 0.05:
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"报告-{n}.pdf")
    elif kind < 0.1:
        message.add_attachment(PNG, maintype="image", subtype="png", filename="screen.png")
    return message


def _reply(n: int, ticket_id: int, rng: random.Random) -> EmailMessage:
    from ticketwise.tickets.mail_ids import make_message_id

    message = EmailMessage()
    message["From"] = f"John Smith <user{rng.randrange(2000)}@example.com>"
    message["To"] = "support@ticketwise.example"
    message["Subject"] = "Re: your request"
    message["Message-ID"] = f"<reply-{n}@example.com>"
    message["In-Reply-To"] = make_message_id(ticket_id)
    message.set_content(
        "Still happening, see the screenshot.\n\nOn Thu, 26 Nov 2026 at 10:00, Support wrote:\n"
        "> We are looking into it.\n> Please restart the device.\n"
    )
    return message


def _auto_reply(n: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"user{n % 2000}@example.com"
    message["To"] = "support@ticketwise.example"
    message["Subject"] = "Automatic reply: out of office"
    message["Message-ID"] = f"<ooo-{n}@example.com>"
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("I am out of the office until Monday.")
    return message


def _bounce(n: int) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        "To: support@ticketwise.example\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-{n}@mx.example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; gone{n}@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--b--\r\n"
    ).encode()


def build_maildir(root: Path, n: int, seed: int = 7) -> Counter[str]:
    """Write ``n`` messages into ``root`` (a Maildir), named so that key order is writing order."""
    rng = random.Random(seed)
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    tickets = 0
    for i in range(n):
        roll = rng.random()
        if roll < 0.30 and tickets:
            data, kind = bytes(_reply(i, rng.randint(1, tickets), rng)), "reply"
        elif roll < 0.35:
            data, kind = bytes(_auto_reply(i)), "auto_reply"
        elif roll < 0.38:
            data, kind = _bounce(i), "bounce"
        else:
            data, kind = bytes(_request(i, rng)), "request"
            tickets += 1
        (root / "new" / f"{i:08d}.bench.local").write_bytes(data)
        kinds[kind] += 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument(
        "--without-reactions",
        action="store_true",
        help="Do not register other domains' event handlers (SLA, completion, duplicates, notifications): "
        "measures the intake pipeline alone.",
    )
    args = parser.parse_args()

    url, data_dir = fresh_database(args.backend, "tw_bench_mail_import")
    env = bench_env(url, data_dir)
    cli(env, "init")
    os.environ.update(env)

    from ticketwise.cli.mail import import_messages
    from ticketwise.config import get_settings
    from ticketwise.core.logging import configure_logging
    from ticketwise.reactions import register_all

    get_settings.cache_clear()
    configure_logging()
    if not args.without_reactions:
        register_all()

    maildir = Path(tempfile.mkdtemp(prefix="tw-bench-maildir-")) / "Maildir"
    kinds = build_maildir(maildir, args.n)
    started = time.perf_counter()
    counts = import_messages(maildir, source="import")
    elapsed = time.perf_counter() - started

    print(f"machine: {machine()}")
    reactions = "without" if args.without_reactions else "with"
    print(
        f"backend: {args.backend}; messages: {args.n} ({dict(sorted(kinds.items()))}); {reactions} reactions"
    )
    print(f"outcomes: {dict(sorted(counts.items()))}")
    print(f"elapsed: {elapsed:.1f} s; throughput: {args.n / elapsed:.0f} messages/s")


if __name__ == "__main__":
    main()
