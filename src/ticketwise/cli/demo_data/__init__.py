"""The ``ticketwise demo`` data set.

Content (pure data, both languages): :mod:`.people`, :mod:`.conversation` and one scenario module
per built-in type. :mod:`.plan` turns it into a deterministic plan; :mod:`.cast` creates the people
and :mod:`.story` carries out each ticket's plan through the domain services, for
:mod:`ticketwise.cli.demo` to backdate and summarise.
"""
