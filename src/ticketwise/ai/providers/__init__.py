"""LLM providers (DESIGN §7): stored configurations, the OpenAI-compatible client, key encryption.

``builtin`` is not a provider here: it is what every feature does when :func:`ticketwise.ai.llm.ask`
answers ``None``. Each feature points at one configuration (``ai_feature_settings``) or at none.
"""
