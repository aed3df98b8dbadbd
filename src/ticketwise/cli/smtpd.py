"""`ticketwise smtpd`: the optional inbound SMTP listener, feeding every message to the pipeline.

Point an MX (or a relay's transport) at it. It runs until interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import signal
import threading

import typer
from aiosmtpd.controller import Controller

from ticketwise.core.i18n import N_, gettext
from ticketwise.intake.smtp_listener import DEFAULT_MAX_BYTES, IntakeHandler


def build_controller(
    host: str, port: int, *, accept: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> Controller:
    """An aiosmtpd controller (not started) whose handler stores mail through the pipeline."""
    handler = IntakeHandler(accept=accept, max_bytes=max_bytes)
    return Controller(handler, hostname=host, port=port, data_size_limit=max_bytes)


def smtpd(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(2525, help="Port to listen on."),
    accept_domain: list[str] = typer.Option(
        [],
        "--accept-domain",
        help="Accept mail only for this domain or address (repeatable). Default: any recipient.",
    ),
    max_mb: float = typer.Option(25.0, help="Largest accepted message, in MiB (larger ones get 552)."),
) -> None:
    """Receive mail over SMTP and feed it to the intake pipeline."""
    controller = build_controller(
        host, port, accept=tuple(accept_domain), max_bytes=int(max_mb * 1024 * 1024)
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller.start()
    typer.echo(gettext(N_("Listening for SMTP on %(host)s:%(port)d.")) % {"host": host, "port": port})
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
