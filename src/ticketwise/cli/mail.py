"""`ticketwise mail import` and `ticketwise mailgate` (stub until built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="E-mail intake tools.", no_args_is_help=True)


def mailgate() -> None:
    """Post one message from stdin to the inbound e-mail API (for an MTA pipe)."""
    raise typer.Exit(75)
