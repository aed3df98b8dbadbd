"""The intake pipeline (DESIGN §5): store raw → normalise → decide → create or append, each step
recording its decision. :func:`receive_email` is the entry point for every e-mail channel."""

from ticketwise.intake.message import IntakeDefaults
from ticketwise.intake.pipeline.result import IntakeResult
from ticketwise.intake.pipeline.run import process_item, receive_email

__all__ = ["IntakeDefaults", "IntakeResult", "process_item", "receive_email"]
