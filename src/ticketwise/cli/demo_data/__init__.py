"""Content of the ``ticketwise demo`` data set: people, teams, organizations and ticket scenarios.

Pure data and pure functions of a :class:`random.Random`; nothing here touches the database. The
scenarios are written in both languages; :mod:`ticketwise.cli.demo_data.plan` turns them into a
deterministic plan that :mod:`ticketwise.cli.demo` carries out through the domain services.
"""
