"""The consumer knows every periodic task the domains declare."""

from ticketwise.worker.registry import huey


def test_auto_close_is_scheduled():
    names = {task.__name__ for task in huey._registry._periodic_tasks}
    assert any(name.endswith("auto_close_resolved") for name in names)
