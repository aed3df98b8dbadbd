"""Agent assist has no tables of its own: tone findings are AI decisions (:mod:`ticketwise.ai.models`),
overrides of the reply guard are ticket events, and drafts, summaries and translations are not stored.
Kept because :mod:`ticketwise.models` imports every domain's models module."""
