"""Runtime ticket types: definitions, field kinds, the extension-table schema manager and built-ins."""
