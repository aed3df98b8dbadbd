"""Mailboxes: IMAP accounts the intake pipeline reads mail from (DESIGN §5).

``models`` (the ``mailboxes`` table), ``service`` (admin writes and validation), ``access`` (admin
reads), ``connection`` (opening an IMAP session, the connection test), ``fetcher`` (one run over one
mailbox), ``schedule`` (which mailbox is due, the row claim that keeps two workers apart) and
``tasks`` (the Huey jobs).
"""
