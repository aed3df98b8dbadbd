"""``ticketwise mailgate`` (exit codes an MTA understands) and ``ticketwise mail import`` (eml, mbox,
Maildir, never stopping on a bad message)."""

from __future__ import annotations

import mailbox
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
import uvicorn
from tests.cli.conftest import Cli

from ticketwise.cli.main import app
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.models import InboundItem, Outcome
from ticketwise.tickets.models import Ticket
from ticketwise.users import repository as users_repository
from ticketwise.users import tokens

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline"


def _mail(n: int, *, sender: str = "carol@customer.example") -> bytes:
    message = EmailMessage()
    message["From"] = f"Carol <{sender}>"
    message["To"] = "support@ticketwise.example"
    message["Subject"] = f"Request {n}"
    message["Message-ID"] = f"<req-{n}@customer.example>"
    message.set_content(f"Problem number {n}.")
    return bytes(message)


# --- mailgate against a stub server: the exit codes ----------------------------------------------


class _Stub(BaseHTTPRequestHandler):
    status = 201
    body = b'{"outcome": "created", "ticket": {"number": "TW-20261126-0001"}}'
    received: list[tuple[str, dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", "0"))
        type(self).received.append((self.path, dict(self.headers), self.rfile.read(length)))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Handler", (_Stub,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _gate(cli: Cli, args: list[str], raw: bytes):
    return cli.runner.invoke(app, ["mailgate", *args], input=raw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mailgate_posts_stdin_as_rfc822_with_the_token(cli: Cli, stub) -> None:
    url, handler = stub
    raw = _mail(1)

    result = _gate(cli, ["--url", url + "/", "--token", "tw_secret"], raw)

    assert result.exit_code == 0, result.output
    assert "created TW-20261126-0001" in result.output
    path, headers, body = handler.received[0]
    assert path == "/api/v1/inbound/email"
    assert headers["Content-Type"] == "message/rfc822"
    assert headers["Authorization"] == "Bearer tw_secret"
    assert body == raw


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (200, 0),
        (202, 0),
        (401, 77),
        (403, 77),
        (413, 65),
        (415, 65),
        (422, 65),
        (429, 75),
        (500, 75),
        (503, 75),
    ],
)
def test_mailgate_exit_codes_follow_the_answer(cli: Cli, stub, monkeypatch, status: int, code: int) -> None:
    url, handler = stub
    handler.status = status
    handler.body = b'{"outcome": "quarantined", "ticket": null, "detail": "nope"}'
    monkeypatch.setenv("TICKETWISE_MAILGATE_TOKEN", "tw_from_env")

    result = _gate(cli, ["--url", url], _mail(1))

    assert result.exit_code == code, result.output
    assert handler.received[0][1]["Authorization"] == "Bearer tw_from_env"


def test_mailgate_without_server_is_a_temporary_failure(cli: Cli) -> None:
    result = _gate(cli, ["--url", f"http://127.0.0.1:{_free_port()}", "--token", "tw_x"], _mail(1))
    assert result.exit_code == 75
    assert "Cannot reach" in result.output


def test_mailgate_without_token_or_message_fails_permanently(cli: Cli, stub) -> None:
    url, handler = stub
    assert _gate(cli, ["--url", url], _mail(1)).exit_code == 77
    assert _gate(cli, ["--url", url, "--token", "tw_x"], b"  \n").exit_code == 65
    assert handler.received == []


# --- against the real site -----------------------------------------------------------------------


def test_mailgate_into_a_running_site_creates_the_ticket(cli: Cli) -> None:
    cli.site("mailgate")
    assert (
        cli.run("init", "--admin-email", "root@example.com", "--admin-password", "long-password-1").exit_code
        == 0
    )
    with unit_of_work() as session:
        admin = users_repository.get_user_by_email(session, "root@example.com")
        _token, plaintext = tokens.create_api_token(session, admin, "mta", "write")

    from ticketwise.main import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        first = _gate(cli, ["--url", f"http://127.0.0.1:{port}", "--token", plaintext], _mail(7))
        again = _gate(cli, ["--url", f"http://127.0.0.1:{port}", "--token", plaintext], _mail(7))
        refused = _gate(cli, ["--url", f"http://127.0.0.1:{port}", "--token", "tw_wrong"], _mail(8))
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    assert first.exit_code == 0, first.output
    assert first.output.startswith("created TW-")
    assert again.exit_code == 0 and again.output.startswith("duplicate TW-")
    assert refused.exit_code == 77
    with unit_of_work(write=False) as session:
        assert session.scalar(sa.select(Ticket.title)) == "Request 7"


# --- mail import ---------------------------------------------------------------------------------


@pytest.fixture
def site(cli: Cli) -> Cli:
    cli.site("import")
    assert (
        cli.run("init", "--admin-email", "root@example.com", "--admin-password", "long-password-1").exit_code
        == 0
    )
    return cli


def _outcomes() -> dict[str, int]:
    with unit_of_work(write=False) as session:
        rows = session.execute(sa.select(InboundItem.outcome, sa.func.count()).group_by(InboundItem.outcome))
        return {outcome.value: count for outcome, count in rows}


def test_import_one_eml_file(site: Cli, tmp_path: Path) -> None:
    result = site.run("mail", "import", str(FIXTURES / "quoted_printable.eml"))

    assert result.exit_code == 0, result.output
    assert "created" in result.output
    assert _outcomes() == {"created": 1}
    with unit_of_work(write=False) as session:
        assert session.scalar(sa.select(InboundItem.source)) == "import"


def test_import_an_mbox_with_a_bad_message_in_the_middle(site: Cli, tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    box.add(_mail(1))
    box.add(b"\x00\x01\x02garbage")
    box.add(_mail(1))  # the same Message-ID again
    box.add((FIXTURES / "rfc3834-01.eml").read_bytes())
    box.flush()
    box.close()

    result = site.run("mail", "import", str(path), "--source", "archive-2025")

    assert result.exit_code == 0, result.output
    assert _outcomes() == {"created": 1, "quarantined": 1, "duplicate": 1, "auto_reply": 1}
    assert "Total" in result.output and "4" in result.output
    with unit_of_work(write=False) as session:
        assert set(session.scalars(sa.select(InboundItem.source))) == {"archive-2025"}


def test_import_a_maildir(site: Cli, tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    for n in range(3):
        box.add(_mail(n, sender=f"user{n}@customer.example"))
    box.add((FIXTURES / "lhost-postfix-02.eml").read_bytes())

    result = site.run("mail", "import", str(tmp_path / "Maildir"))

    assert result.exit_code == 0, result.output
    assert _outcomes() == {"created": 3, "bounce": 1}


def test_import_a_folder_of_eml_files(site: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(_mail(1))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.eml").write_bytes(_mail(2))

    assert site.run("mail", "import", str(tmp_path)).exit_code == 0
    assert _outcomes() == {"created": 2}


def test_import_of_a_missing_path_is_refused(site: Cli, tmp_path: Path) -> None:
    result = site.run("mail", "import", str(tmp_path / "nope.mbox"))
    assert result.exit_code == 2
    assert Outcome.CREATED.value not in result.output
