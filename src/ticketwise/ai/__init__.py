"""The AI domain (DESIGN §7): providers, decision records, triage, priority, assignment, retrieval and
agent assist.

Layer: above ``tickets`` and ``users``, below ``intake``/``sla``/``knowledge``/``notifications``
(import-linter). Every decision goes through :mod:`ticketwise.ai.decisions` (contract §3.8: AI never
acts silently); every LLM call through :mod:`ticketwise.ai.llm`, which falls back to ``builtin``.
"""
