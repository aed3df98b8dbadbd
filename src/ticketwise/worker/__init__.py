"""Background work: the task registry, the periodic schedule and the consumer runners."""
