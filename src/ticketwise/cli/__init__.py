"""The `ticketwise` command line (Typer), one module per command group."""
