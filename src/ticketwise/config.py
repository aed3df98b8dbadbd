"""Settings, read once from the environment (prefix ``TICKETWISE_``) and an optional ``.env`` file.

Nested sections use ``__`` as the delimiter, e.g. ``TICKETWISE_JOBS__REDIS_URL``. Every field carries
a description; the README table is generated from them (scripts/settings_table.py).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class JobSettings(BaseModel):
    redis_url: str | None = Field(
        None,
        description="Redis URL for the job queue (e.g. redis://127.0.0.1:6379/0). "
        "Unset: an embedded SQLite queue in the data folder.",
    )
    embedded_worker: bool = Field(
        True, description="Run the job consumer inside `ticketwise serve` (single-machine mode)."
    )
    workers: int = Field(2, description="Consumer threads for the job worker.")
    immediate: bool = Field(
        False, description="Run jobs synchronously in the caller after commit (tests only)."
    )


class SecuritySettings(BaseModel):
    session_days: int = Field(14, description="Lifetime of a signed-in web session, in days.")
    secure_cookies: bool = Field(False, description="Mark cookies Secure (set when served over HTTPS).")
    login_rate_limit: str = Field("10/minute", description="Sign-in attempts allowed per client address.")
    public_form_rate_limit: str = Field(
        "5/hour", description="Public (no-login) form submissions allowed per client address."
    )
    api_rate_limit: str = Field("600/minute", description="API requests allowed per token.")
    webhook_rate_limit: str = Field(
        "1200/minute", description="Inbound webhook events allowed per source and client address."
    )
    token_link_hours: int = Field(
        48, description="Validity of invitation and password-reset links, in hours."
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Storage for rate-limit counters (memory:// or redis://...); "
        "use Redis when several web processes run.",
    )


class TicketSettings(BaseModel):
    reopen_window_days: int = Field(
        14, description="A customer reply to a resolved ticket within this many days reopens it."
    )
    auto_close_days: int = Field(
        7, description="Resolved tickets close automatically after this many days without a reply."
    )
    max_attachment_mb: float = Field(20.0, description="Largest accepted attachment, in MiB.")
    page_size: int = Field(25, description="Rows per page in queues and API lists (default).")


class IntakeSettings(BaseModel):
    duplicate_window_hours: int = Field(
        72, description="A new ticket is compared with the same requester's open tickets of this many hours."
    )
    duplicate_threshold: float = Field(
        0.8, description="Similarity (0-1) from which a new ticket is suggested as a probable duplicate."
    )
    auto_merge_threshold: float | None = Field(
        None,
        description="Similarity (0-1) from which a probable duplicate is linked as duplicate automatically "
        "(the merge itself stays a staff action). Unset: never.",
    )
    major_incident_window_minutes: int = Field(
        30, description="Similar tickets from different requesters within this many minutes form a cluster."
    )
    major_incident_min_requesters: int = Field(
        5, description="Different requesters in a cluster that raise a possible major incident alert."
    )
    major_incident_similarity: float = Field(
        0.6, description="Similarity (0-1) from which two tickets count as the same incident."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TICKETWISE_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    data_dir: Path = Field(
        Path("var"), description="Folder for the SQLite database, attachments, job queue and secrets."
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL. Unset: SQLite at <data_dir>/ticketwise.db. "
        "PostgreSQL: postgresql+psycopg://user@host/db",
    )
    secret_key: str | None = Field(
        None,
        description="Key for signing cookies and links and for sealing stored passwords and API keys "
        "(changing it makes those unreadable). Unset: generated once and kept in <data_dir>/secret_key.",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000", description="Public address of this site, used in links sent to people."
    )
    site_name: str = Field("Ticketwise", description="Name shown in the page header and in messages.")
    default_locale: str = Field("zh_CN", description="Language when neither the user nor the browser says.")
    admin_email: str = Field("admin@example.com", description="E-mail of the first admin created by `init`.")
    admin_password: str | None = Field(
        None, description="Password of the first admin. Unset: a generated one is printed once."
    )
    demo_password: str | None = Field(
        None,
        description="Shared password of the accounts `ticketwise demo` creates. Unset: generated and printed.",
    )
    log_level: str = Field("INFO", description="Log level (DEBUG, INFO, WARNING, ERROR).")
    log_json: bool = Field(False, description="Write logs as JSON lines instead of console text.")
    public_forms_enabled: bool = Field(True, description="Serve the no-login public form per ticket type.")
    portal_signup_enabled: bool = Field(True, description="Let customers create their own portal account.")

    jobs: JobSettings = JobSettings()
    security: SecuritySettings = SecuritySettings()
    tickets: TicketSettings = TicketSettings()
    intake: IntakeSettings = IntakeSettings()

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # Accept the plain libpq scheme and route it to psycopg 3.
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{(self.data_dir / 'ticketwise.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def signing_key(self) -> str:
        """The configured secret, else one generated once and persisted with mode 0600."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
