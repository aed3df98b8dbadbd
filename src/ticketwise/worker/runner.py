"""Running the Huey consumer: embedded in ``ticketwise serve`` or standalone in ``ticketwise worker``."""

from __future__ import annotations

from huey.consumer import Consumer

from ticketwise.ai.tasks import warm_up_in_background
from ticketwise.worker.registry import huey


def start_embedded(workers: int) -> Consumer:
    """Start consumer threads inside this process and return the consumer (call ``stop`` on exit).

    ``Consumer.start`` (unlike ``run``) installs no signal handlers, so it coexists with uvicorn.
    """
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.start()
    return consumer


def run_standalone(workers: int) -> None:
    """Block in the foreground until SIGINT/SIGTERM, like ``huey_consumer``."""
    warm_up_in_background()  # the worker triages new tickets: load the models before the first
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()
