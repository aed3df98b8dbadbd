"""``ticketwise mail import`` (local files into the intake pipeline) and ``ticketwise mailgate`` (an
MTA pipe that posts one message to the inbound e-mail API).

mailgate speaks the sysexits convention MTAs understand: 0 when the site stored the message (any
outcome, quarantined included), 75 (EX_TEMPFAIL) when it could not be reached or answered 5xx/429 so
the MTA keeps the message and retries, 77 (EX_NOPERM) for a missing or refused token, 65
(EX_DATAERR) when the site refuses the message itself. It never touches the database.
"""

from __future__ import annotations

import mailbox
import sys
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx
import structlog
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ticketwise.config import get_settings
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.pipeline import receive_email

log = structlog.get_logger(__name__)
app = typer.Typer(help="E-mail intake tools.", no_args_is_help=True)
console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

EX_OK = 0
EX_DATAERR = 65
EX_TEMPFAIL = 75
EX_NOPERM = 77
INBOUND_PATH = "/api/v1/inbound/email"
FAILED = "failed"


def _tell(text: str) -> None:
    error_console.print(escape(text))


def _exit_code(status: int) -> int:
    if 200 <= status < 300:
        return EX_OK
    if status in (401, 403):
        return EX_NOPERM
    if status in (408, 425, 429) or status >= 500:
        return EX_TEMPFAIL
    return EX_DATAERR


def _problem_detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail") or response.reason_phrase)
    except ValueError:
        return response.reason_phrase


def mailgate(
    url: str | None = typer.Option(
        None,
        "--url",
        envvar="TICKETWISE_MAILGATE_URL",
        help="Address of the site (default: settings.base_url).",
    ),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="TICKETWISE_MAILGATE_TOKEN",
        help="API token of a staff account (write or inbound scope).",
    ),
    timeout: float = typer.Option(60.0, "--timeout", min=1.0, help="Seconds to wait for the site."),
) -> None:
    """Post one message from stdin to the inbound e-mail API (for an MTA pipe)."""
    if not token:
        _tell(gettext(N_("No API token: pass --token or set TICKETWISE_MAILGATE_TOKEN.")))
        raise typer.Exit(EX_NOPERM)
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        _tell(gettext(N_("The message on standard input is empty.")))
        raise typer.Exit(EX_DATAERR)
    endpoint = (url or get_settings().base_url).rstrip("/") + INBOUND_PATH
    try:
        response = httpx.post(
            endpoint,
            content=raw,
            headers={"Content-Type": "message/rfc822", "Authorization": f"Bearer {token}"},
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        _tell(gettext(N_("Cannot reach %(url)s: %(error)s")) % {"url": endpoint, "error": error})
        raise typer.Exit(EX_TEMPFAIL) from None
    code = _exit_code(response.status_code)
    if code != EX_OK:
        _tell(
            gettext(N_("The site answered %(status)s: %(detail)s"))
            % {"status": response.status_code, "detail": _problem_detail(response)}
        )
        raise typer.Exit(code)
    answer = response.json()
    ticket = (answer.get("ticket") or {}).get("number") or "-"
    console.print(escape(f"{answer.get('outcome')} {ticket}"))


Loader = Callable[[], bytes]


def _messages(path: Path) -> list[tuple[str, Loader]]:
    """Each message under ``path`` as (label, loader): a Maildir folder, a folder of ``.eml`` files,
    an mbox file, or one ``.eml`` file. Bytes are read one message at a time, when loaded."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            maildir = mailbox.Maildir(path, factory=None, create=False)
            return [(key, partial(maildir.get_bytes, key)) for key in sorted(maildir.iterkeys())]
        return [(str(p), p.read_bytes) for p in sorted(path.rglob("*.eml")) if p.is_file()]
    with path.open("rb") as handle:
        is_mbox = handle.read(5) == b"From "
    if is_mbox:
        mbox = mailbox.mbox(path, factory=None, create=False)
        return [(f"{path}#{key}", partial(mbox.get_bytes, key)) for key in mbox.iterkeys()]
    return [(str(path), path.read_bytes)]


def import_messages(path: Path, *, source: str, progress: Progress | None = None) -> Counter[str]:
    """Feed every message under ``path`` to the pipeline, one transaction each; returns the number
    of messages per outcome (``failed``: not even stored, e.g. an unreadable file). Never stops on a
    bad message."""
    messages = _messages(path)
    task = progress.add_task(gettext(N_("Importing")), total=len(messages)) if progress else None
    counts: Counter[str] = Counter()
    for label, load in messages:
        try:
            raw = load()
            with unit_of_work() as session:
                result = receive_email(session, raw, source=source)
            counts[result.outcome.value] += 1
        except Exception:  # noqa: BLE001 - one message must not stop the import
            log.exception("mail_import_failed", message=label)
            counts[FAILED] += 1
        if progress is not None and task is not None:
            progress.advance(task)
    return counts


@app.command("import")
def import_command(
    path: Path = typer.Argument(
        ..., exists=True, help="An .eml file, an mbox file, a Maildir or a folder of .eml files."
    ),
    source: str = typer.Option("import", "--source", help="Source name recorded on each stored message."),
) -> None:
    """Import stored mail through the intake pipeline (tickets, replies, bounces, ...)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=error_console, transient=True) as progress:
        counts = import_messages(path, source=source, progress=progress)
    table = Table(title=gettext(N_("Imported messages")))
    table.add_column(gettext(N_("Outcome")))
    table.add_column(gettext(N_("Messages")), justify="right")
    for outcome, count in sorted(counts.items()):
        table.add_row(outcome, str(count))
    table.add_row(gettext(N_("Total")), str(sum(counts.values())))
    console.print(table)
    if counts[FAILED]:
        raise typer.Exit(1)
