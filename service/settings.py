"""The service's settings: one class, read from `CDS_*` environment variables or `.env`.

Guideline packages own their local-policy settings (see `hooks/*/policy.py`), so this module
names no guideline. Nothing else in the code reads `os.environ`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, HttpUrl
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Deployment settings; defaults are safe for a local run and refuse unsafe production use."""

    model_config = SettingsConfigDict(
        env_prefix="CDS_", env_file=".env", extra="ignore", frozen=True
    )

    # Where the service is reachable from the EHR; also the base of JWT `aud` checks.
    public_base_url: HttpUrl = HttpUrl("http://127.0.0.1:8765")
    # SQLAlchemy URL of the feedback/audit store; SQLite file by default, PostgreSQL in a cluster.
    database_url: str = "sqlite:///var/cds-feedback.sqlite3"
    # Largest request body accepted (a 5,000-resource prefetch is about 3 MB).
    max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    # Browser origins allowed to call us (the CDS Hooks sandbox runs in a browser).
    cors_allowed_origins: tuple[str, ...] = (
        "https://sandbox.cds-hooks.org",
        "http://localhost:8080",
    )
    # FHIR server base URLs we may call for data the EHR did not prefetch (SSRF guard).
    fhir_server_allowlist: tuple[HttpUrl, ...] = ()
    # Seconds one FHIR request may take, and all FHIR requests of one hook call together.
    fhir_request_timeout_s: float = Field(default=1.5, gt=0)
    fhir_total_budget_s: float = Field(default=3.0, gt=0)
    # How many Bundle `next` pages we follow per query before stopping.
    fhir_max_pages: int = Field(default=10, ge=1)
    # Card language when the request sends no Accept-Language we support.
    default_language: Literal["nl", "en"] = "nl"
    # Canonical base of our CodeSystem / Questionnaire URLs; unset = `{public_base_url}/fhir`,
    # where this service serves them.
    canonical_base_url: str | None = None
    # Local demo mode: no JWT verification; only allowed on a loopback address.
    local_demo: bool = False

    @property
    def canonical_base(self) -> str:
        """The canonical base without a trailing slash."""
        base = self.canonical_base_url or f"{str(self.public_base_url).rstrip('/')}/fhir"
        return base.rstrip("/")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import) so tests can override."""
    return Settings()
