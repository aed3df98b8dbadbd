"""Throughput of ``parse_email`` over the e-mail corpus: ``.venv/bin/python bench/parse_email.py [dir]``.

Reads every file once into memory, then times parsing only. Prints messages/second, the kinds found and
the slowest files.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from pathlib import Path

from ticketwise.intake.email import UnparseableEmail, parse_email


def corpus_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("TICKETWISE_CORPORA"):
        return Path(os.environ["TICKETWISE_CORPORA"]) / "emails"
    here = Path(__file__).resolve().parents[1]
    for candidate in (here.parent / "shared" / "corpora", Path("/work/shared/corpora")):
        if candidate.is_dir():
            return candidate / "emails"
    raise SystemExit("corpus not found; pass its directory")


def main() -> None:
    files = sorted(p for p in corpus_dir().rglob("*") if p.is_file())
    blobs = [(p, p.read_bytes()) for p in files]
    kinds: collections.Counter[str] = collections.Counter()
    timings: list[tuple[float, str]] = []
    started = time.perf_counter()
    for path, raw in blobs:
        t0 = time.perf_counter()
        try:
            kinds[parse_email(raw).kind.value] += 1
        except UnparseableEmail as exc:
            kinds[f"unparseable ({exc.reason})"] += 1
        timings.append((time.perf_counter() - t0, str(path)))
    elapsed = time.perf_counter() - started
    size = sum(len(raw) for _, raw in blobs)
    print(
        f"{len(blobs)} files, {size / 1e6:.1f} MB in {elapsed:.2f} s: {len(blobs) / elapsed:.0f} messages/s"
    )
    timings.sort()
    median = timings[len(timings) // 2][0]
    print(f"median {median * 1000:.2f} ms, p99 {timings[int(len(timings) * 0.99)][0] * 1000:.1f} ms")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count}")
    slow = sum(seconds for seconds, _ in timings[-20:])
    print(f"the 20 slowest files take {slow:.2f} s of it")
    print("slowest:")
    for seconds, path in timings[-5:]:
        print(f"  {seconds * 1000:8.1f} ms  {path}")


if __name__ == "__main__":
    main()
