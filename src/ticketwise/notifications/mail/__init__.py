"""Outgoing e-mail: templates, composition, the outbox (what to send to whom) and SMTP delivery."""
