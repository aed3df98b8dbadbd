"""Foundations every domain uses: database, unit of work, clock, events, jobs, errors, i18n, security."""
