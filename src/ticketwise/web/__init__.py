"""Server-rendered web UI: agent workspace, customer portal, public forms and admin (Jinja2 + htmx + Alpine.js + Bootstrap 5)."""
