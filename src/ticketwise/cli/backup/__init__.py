"""``ticketwise backup`` and ``ticketwise restore`` (DESIGN §9).

A backup is a ``.tar.gz`` archive, or a folder with the same layout::

    manifest.json        format, version, dialect, schema revision, what is included
    database.sqlite3     SQLite: an online, consistent copy (sqlite3's Connection.backup)
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` (when pg_dump is installed)
    attachments/         the content-addressed attachment store
    secret_key           the generated signing key, when the site uses one (not an env-configured key)

Backups are taken while the site runs: SQLite's backup API copies a consistent snapshot and pg_dump
reads one transaction. Restore refuses to replace a database that holds any row unless ``--force``
is given, then migrates the restored schema to this version's head.

Modules: :mod:`.stores` (the two databases), :mod:`.archive` (writing), :mod:`.restore` (reading
back), :mod:`.commands` (the Typer commands).
"""
