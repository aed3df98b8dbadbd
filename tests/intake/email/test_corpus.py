"""Every file of the shared e-mail corpus goes through the parser: no crash, nothing unaccounted for.

The corpus (``/work/shared/corpora/emails``, see its README) is found through ``TICKETWISE_CORPORA``,
else ``<repo>/../shared/corpora``, else ``/work/shared/corpora``; without it these tests are skipped.
Each file is handled by rule:

* licences, READMEs and ``*.json`` expectation files: skipped (the sisimai expectations are used below);
* the reply-parser corpora (plain reply bodies, not e-mails): ``split_reply``, which must keep every
  character either in the reply or in the quote (their expected outputs are checked in test_quotes.py);
* ``*.tnef`` streams: ``unpack_tnef``;
* everything else: ``parse_email``, which must return a message with a kind or raise ``UnparseableEmail``.
"""

from __future__ import annotations

import collections
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ticketwise.intake.email import UnparseableEmail, parse_email, split_reply
from ticketwise.intake.email.errors import BINARY, EMPTY, NO_HEADERS
from ticketwise.intake.email.tnef import unpack_tnef
from ticketwise.intake.message import MailKind

REPLY_CORPORA = ("crisp-email-reply-parser", "email-reply-parser-zapier", "email_reply_parser-github")
# Non-mail inputs kept in the mail libraries' fixture folders (images, archives, text attachments).
ATTACHMENT_FOLDERS = ("mikel-mail/spec/fixtures/attachments/", "flanker/tests/fixtures/messages/attachments/")
# Files among the messages that are not e-mails: a mailing-list digest body without its headers, a file
# that says "Not an RFC-822 Document", and an empty expected-output file.
NOT_MAIL = {
    "cpython-test_email/data/msg_19.txt",
    "enmime/testdata/mail/erroneous.raw",
    "mikel-mail/spec/fixtures/emails/sample_output_multipart",
}


def _corpus() -> Path | None:
    candidates = []
    if os.environ.get("TICKETWISE_CORPORA"):
        candidates.append(Path(os.environ["TICKETWISE_CORPORA"]))
    candidates += [
        Path(__file__).resolve().parents[3].parent / "shared" / "corpora",
        Path("/work/shared/corpora"),
    ]
    for candidate in candidates:
        if (candidate / "emails").is_dir():
            return candidate / "emails"
    return None


EMAILS = _corpus()
pytestmark = pytest.mark.skipif(
    EMAILS is None, reason="shared e-mail corpus not found (set TICKETWISE_CORPORA)"
)


@dataclass
class Outcome:
    rule: str  # "skipped" | "reply" | "tnef" | "message"
    result: str  # a MailKind value, "unparseable: <reason>", "ok", or "ERROR: <exception>"
    bounced: int = 0


def _rule(relative: str) -> str:
    name = relative.rsplit("/", 1)[-1]
    if name.upper().startswith(("LICENSE", "README")) or name.endswith(".json"):
        return "skipped"
    if relative.split("/", 1)[0] in REPLY_CORPORA:
        return "reply"
    if name.endswith(".tnef"):
        return "tnef"
    return "message"


def _run(path: Path, rule: str) -> Outcome:
    data = path.read_bytes()
    try:
        if rule == "reply":
            text = data.decode("utf-8")
            reply, quoted = split_reply(text)
            kept = sorted(re.sub(r"\s+", "", reply + quoted)) == sorted(re.sub(r"\s+", "", text))
            return Outcome(rule, "ok" if kept else "ERROR: characters lost")
        if rule == "tnef":
            unpack_tnef(data)
            return Outcome(rule, "ok")
        try:
            message = parse_email(data)
        except UnparseableEmail as exc:
            return Outcome(rule, f"unparseable: {exc.reason}")
        return Outcome(rule, MailKind(message.kind).value, len(message.bounced))
    except Exception as exc:  # noqa: BLE001 - recorded, then reported by the tests below
        return Outcome(rule, f"ERROR: {exc.__class__.__name__}: {exc}")


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    assert EMAILS is not None
    results = {}
    for path in sorted(p for p in EMAILS.rglob("*") if p.is_file()):
        relative = path.relative_to(EMAILS).as_posix()
        rule = _rule(relative)
        results[relative] = Outcome(rule, "") if rule == "skipped" else _run(path, rule)
    counts = collections.Counter(f"{o.rule}: {o.result}" for o in results.values())
    print("\ne-mail corpus:", ", ".join(f"{key} = {value}" for key, value in sorted(counts.items())))
    return results


def test_nothing_crashes(outcomes: dict[str, Outcome]) -> None:
    errors = {path: o.result for path, o in outcomes.items() if o.result.startswith("ERROR")}
    assert errors == {}
    assert len(outcomes) > 1000


def test_every_message_gets_a_kind_or_a_reason(outcomes: dict[str, Outcome]) -> None:
    allowed = {kind.value for kind in MailKind} | {f"unparseable: {r}" for r in (EMPTY, NO_HEADERS, BINARY)}
    messages = {path: o for path, o in outcomes.items() if o.rule == "message"}
    assert {o.result for o in messages.values()} <= allowed
    parsed = [o for o in messages.values() if not o.result.startswith("unparseable")]
    assert len(parsed) > 1000


def test_only_non_mail_files_are_unparseable(outcomes: dict[str, Outcome]) -> None:
    unparseable = {
        p for p, o in outcomes.items() if o.rule == "message" and o.result.startswith("unparseable")
    }
    attachments = {p for p in outcomes if p.startswith(ATTACHMENT_FOLDERS) and not p.endswith(".eml")}
    assert unparseable == attachments | NOT_MAIL


def test_sisimai_bounces_and_vacation_replies(outcomes: dict[str, Outcome]) -> None:
    assert EMAILS is not None
    base = EMAILS / "sisimai-set-of-emails"
    expected = json.loads((base / "expected_bounce_reasons.json").read_text())
    vacation = {p for p, rows in expected.items() if any(row["reason"] == "vacation" for row in rows)}
    bounces = set(expected) - vacation
    results = {p: outcomes[f"sisimai-set-of-emails/{p}"] for p in expected}

    assert vacation and all(results[p].result == MailKind.AUTO_REPLY.value for p in vacation)
    classified = [p for p in bounces if results[p].result == MailKind.BOUNCE.value]
    assert len(classified) / len(bounces) >= 0.95, sorted(bounces - set(classified))
    with_recipient = [p for p in classified if results[p].bounced]
    assert len(with_recipient) / len(classified) >= 0.95
    print(
        f"\nsisimai: {len(classified)}/{len(bounces)} bounces classified, "
        f"{len(with_recipient)} with a recipient; {len(vacation)} vacation replies"
    )
