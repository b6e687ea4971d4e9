"""The service's settings: one class, read from `CDS_*` environment variables or `.env`.

Guideline packages own their local-policy settings (see `hooks/*/policy.py`), so this module
names no guideline. Nothing else in the code reads `os.environ`.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The CDS Hooks sandbox publishes its signing key in its repository: anyone can sign its tokens.
PUBLIC_TEST_ISSUER_HOST = "sandbox.cds-hooks.org"

# The product's one canonical base for our CodeSystems and Questionnaire. It is an identifier,
# not a location: EHR builds (flowsheet rows, questionnaires) store codes under it, so it is the
# same in test, acceptance and production and never follows a host, port or public URL. `.example`
# is reserved (RFC 2606): no one else can own it. We serve the resources at `{public}/fhir/...`.
PRODUCT_CANONICAL_BASE = "https://metastasis-cds.example/fhir"
# The canonical base of releases before 0.2 (`{public_base_url}/fhir` of `make serve`): data
# recorded under it still counts, as does `{CDS_PUBLIC_BASE_URL}/fhir` of this deployment.
LEGACY_CANONICAL_BASE = "http://127.0.0.1:8765/fhir"


def is_loopback_host(host: str | None) -> bool:
    """True for `localhost` and loopback IP addresses: traffic that never leaves this machine."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _require_https(url: HttpUrl, what: str) -> None:
    if url.scheme != "https" and not is_loopback_host(url.host):
        raise ValueError(f"{what} must be an https URL (got {url})")


class TrustedIssuer(BaseModel):
    """One EHR we accept calls from: where its signing keys are and what its tokens may do.

    `CDS_TRUSTED_ISSUERS` is a JSON list of these objects.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    iss: str = Field(min_length=1)
    """The JWT `iss` exactly as the EHR sends it (case-sensitive, no normalisation)."""
    jwks_url: HttpUrl | None = None
    """Where the issuer's public keys (JWKS) are when a token has no allow-listed `jku`."""
    jwks_file: Path | None = None
    """A JWKS file on this machine, for EHRs that exchange keys out of band; it pins the keys: a
    token's allow-listed `jku` is then checked but not fetched (an offline test network).
    """
    allowed_jku: tuple[HttpUrl, ...] = ()
    """`jku` header values we accept (fetched unless `jwks_file` pins the keys); any other `jku` is
    refused, never fetched.
    """
    audience: str | None = None
    """The `aud` this issuer sends instead of the endpoint URL (Epic: configured by the hospital).
    """
    tenant: str | None = None
    """When set, the token's `tenant` claim must equal it."""
    fhir_servers: tuple[HttpUrl, ...] = ()
    """FHIR base URLs this issuer's calls may name in `fhirServer`; we call no other server."""
    test_only: bool = False
    """Acknowledges an issuer whose private key is public (the CDS Hooks sandbox): test only."""
    records_answers: bool = False
    """A suggestion that answers a card's question also creates one Observation per input-contract
    item it asserts, so the next call knows the answer; only for an EHR whose build accepts such
    `create` actions (off by default: the EHR would otherwise show them as orders to sign).
    """

    @model_validator(mode="after")
    def _safe(self) -> TrustedIssuer:
        """A key source is required, keys and FHIR data travel over TLS, the sandbox is opt-in."""
        if self.jwks_url is None and self.jwks_file is None and not self.allowed_jku:
            raise ValueError(f"issuer {self.iss!r} needs jwks_url, jwks_file or allowed_jku")
        for url in (*((self.jwks_url,) if self.jwks_url else ()), *self.allowed_jku):
            _require_https(url, f"JWKS URL of issuer {self.iss!r}")
        for url in self.fhir_servers:
            _require_https(url, f"FHIR server of issuer {self.iss!r}")
        hosts = {urlsplit(self.iss).hostname}
        hosts |= {u.host for u in (*((self.jwks_url,) if self.jwks_url else ()), *self.allowed_jku)}
        if PUBLIC_TEST_ISSUER_HOST in hosts and not self.test_only:
            raise ValueError(
                f"issuer {self.iss!r} uses the CDS Hooks sandbox, whose signing key is public: "
                'anyone can forge its tokens. Set "test_only": true only on a test system.'
            )
        return self


class Settings(BaseSettings):
    """Deployment settings; defaults are safe for a local run and refuse unsafe production use."""

    # Each field's docstring is its description: `python -m service --help` lists them.
    model_config = SettingsConfigDict(
        env_prefix="CDS_",
        env_file=".env",
        extra="ignore",
        frozen=True,
        use_attribute_docstrings=True,
    )

    public_base_url: HttpUrl = HttpUrl("http://127.0.0.1:8765")
    """Where the service is reachable from the EHR; also the base of JWT `aud` checks."""
    behind_proxy: bool = False
    """A proxy in front forwards the public URL to the port we listen on (so the two ports differ by
    design); without it, a public URL whose port is not ours is warned about.
    """
    database_url: str = "sqlite:///var/cds-feedback.sqlite3"
    """SQLAlchemy URL of the feedback/audit store; SQLite file by default, PostgreSQL in a cluster.
    """
    max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    """Largest request body accepted (a 5,000-resource prefetch is about 3 MB)."""
    feedback_max_items: int = Field(default=500, ge=1)
    """Feedback items one delivery may carry (413 beyond it); an EHR sends a few at a time."""
    cors_allowed_origins: tuple[str, ...] = (
        "https://sandbox.cds-hooks.org",
        "http://localhost:8080",
    )
    """Browser origins allowed to call us (the CDS Hooks sandbox runs in a browser)."""
    fhir_server_allowlist: tuple[HttpUrl, ...] = ()
    """FHIR servers we may call in local demo mode (SSRF guard); with authentication on, each trusted
    issuer's `fhir_servers` applies instead.
    """
    fhir_request_timeout_s: float = Field(default=1.5, gt=0)
    """Seconds one FHIR request may take."""
    fhir_total_budget_s: float = Field(default=3.0, gt=0)
    """Seconds all FHIR requests of one hook call may take together."""
    fhir_max_pages: int = Field(default=10, ge=1)
    """How many Bundle `next` pages we follow per query before stopping."""
    fhir_max_response_bytes: int = Field(default=2 * 1024 * 1024, ge=64 * 1024)
    """Bytes one FHIR answer may have once inflated; a larger one is not read (its key then is
    unavailable, or incomplete for a later page), and a gzip bomb stops here. Parsing holds the
    event loop, ~15 ms a MiB: keep it small; servers page their searches.
    """
    fhir_max_call_bytes: int = Field(default=8 * 1024 * 1024, ge=64 * 1024)
    """Bytes all FHIR answers of one hook call may have together, inflated."""
    default_language: Literal["nl", "en"] = "nl"
    """Card language when the request sends no Accept-Language we support."""
    canonical_base_url: str = Field(default=PRODUCT_CANONICAL_BASE, pattern=r"^https?://[^\s/]+")
    """Canonical base of our CodeSystem / Questionnaire URLs: the product's, in every deployment.
    Change it only when the EHR's data was built on another base (then add it, not swap it).
    """
    local_demo: bool = False
    """Local demo mode: no JWT verification; only allowed on a loopback address."""
    docs_enabled: bool | None = None
    """Swagger UI at /docs and the OpenAPI document at /openapi.json (service/docs.py); unset = on in
    local demo mode only. The committed openapi/openapi.json is the contract either way.
    """
    viewer_enabled: bool | None = None
    """The built-in card viewer at /viewer (service/viewer); unset = on in local demo mode only."""
    viewer_fixtures_dir: Path | None = None
    """Folder of `<service-id>/<scenario>.request.json` the viewer offers; unset = the repo's
    fixtures/.
    """
    viewer_fixtures_as_of: datetime = datetime(2026, 11, 23, 10, tzinfo=UTC)
    """The moment the fixtures were written for; the viewer shifts their dates by (now - this) so a
    fixture patient looks the same on any day (answers stay hours, not weeks, old).
    """
    viewer_signing_key_file: Path | None = None
    """PEM file of an EC P-384 private key: when set (and not in local demo mode) the viewer signs its
    calls with ES384 as issuer `{public_base_url}/viewer`, which an operator must trust.
    """

    # --- authentication (CDS Hooks 2.0 § Trusting CDS Clients) ----------------------------
    trusted_issuers: tuple[TrustedIssuer, ...] = ()
    """The EHRs whose signed JWTs we accept (JSON list of TrustedIssuer objects)."""
    jwt_clock_skew_s: int = Field(default=30, ge=0, le=300)
    """Seconds of clock difference tolerated on `exp`, `iat` and `nbf`."""
    jwt_max_lifetime_s: int = Field(default=3600, ge=60, le=3600)
    """Longest token lifetime (`exp` - `iat`) accepted; also how long a `jti` is remembered."""
    jwks_cache_ttl_s: float = Field(default=3600.0, ge=60)
    """Seconds a fetched JWKS is used before it is fetched again."""
    jwks_min_refresh_interval_s: float = Field(default=60.0, ge=1)
    """At most one refetch per JWKS source per this many seconds for an unknown `kid`, so a stream of
    forged key ids cannot make us hammer the EHR's key endpoint.
    """
    jwks_fetch_timeout_s: float = Field(default=2.0, gt=0, le=10)
    """Seconds one JWKS download may take."""

    # --- logging and audit -----------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Level of the JSON log lines `python -m service` writes to stderr."""
    audit_batch_size: int = Field(default=200, ge=1)
    """Audit records written to the store per batch."""
    audit_flush_interval_s: float = Field(default=1.0, gt=0)
    """The longest wait, in seconds, before queued audit records are written."""
    audit_queue_max: int = Field(default=10_000, ge=1)
    """Audit records waiting to be written at most; beyond it new ones are dropped and logged."""
    snooze_after_override_days: float = Field(default=0, ge=0, le=365)
    """Local policy: days a non-critical card dismissed with an override reason is not shown again
    for that patient and rule while the facts behind it are unchanged; 0 = off (every card is shown
    every time). Never applies to critical cards. Needs `snooze_key`.
    """
    snooze_key: SecretStr | None = Field(default=None, min_length=32)
    """Secret key (at least 32 characters) of the keyed hash under which the snooze store keeps
    issuer + patient: the database never holds a patient id. The same on every replica.
    """
    metrics_enabled: bool = True
    """`GET /metrics` in Prometheus' format, without a token (like /healthz): for a scraper on the
    internal network; the proxy in front must not expose it. Labels never hold patient data.
    """

    # --- processes ---------------------------------------------------------------------------
    shutdown_timeout_s: float = Field(default=5.0, gt=0, le=300)
    """Seconds a stopping process (SIGTERM) lets calls in flight finish before it closes their
    connections and writes out the audit queue; give the orchestrator's grace period more.
    """
    max_connections: int = Field(default=512, ge=1)
    """Connections and requests in flight one process takes (uvicorn's `limit_concurrency`);
    beyond it, 503 at once. Set the proxy's limit per upstream below workers × this.
    """
    bind_host: str | None = None
    """The address the server listens on, for the start-up checks of `service.app:factory` under
    another server (uvicorn --factory, gunicorn), which does not tell the app; unset = one other
    machines may reach. `python -m service` sets it from --host for its workers.
    """

    @model_validator(mode="after")
    def _refuse_unsafe_combinations(self) -> Settings:
        """Demo mode stays on this machine; a live service has TLS and one entry per issuer."""
        if self.local_demo and not is_loopback_host(self.public_base_url.host):
            raise ValueError(
                "local_demo (unauthenticated) is for this machine only: "
                f"public_base_url must be a loopback address, not {self.public_base_url}"
            )
        if not self.local_demo and not is_loopback_host(self.public_base_url.host):
            _require_https(self.public_base_url, "public_base_url")
        # We send the EHR's bearer token to these servers: never in clear over a network.
        for url in self.fhir_server_allowlist:
            _require_https(url, "fhir_server_allowlist entry")
        if self.snooze_after_override_days > 0 and self.snooze_key is None:
            raise ValueError(
                "snooze_after_override_days needs snooze_key: a secret of at least 32 characters"
            )
        issuers = [i.iss for i in self.trusted_issuers]
        if len(set(issuers)) != len(issuers):
            raise ValueError("trusted_issuers lists an iss more than once")
        return self

    @property
    def auth_required(self) -> bool:
        """JWT verification is on unless this is the local demo."""
        return not self.local_demo

    @property
    def base_url(self) -> str:
        """The public base URL without a trailing slash: the prefix of every JWT `aud`."""
        return str(self.public_base_url).rstrip("/")

    @property
    def canonical_base(self) -> str:
        """The canonical base without a trailing slash: what we publish and send."""
        return self.canonical_base_url.rstrip("/")

    @property
    def canonical_aliases(self) -> tuple[str, ...]:
        """Other bases whose codes still count as ours when we read: the pre-0.2 default and
        this deployment's own `{public}/fhir`, where we serve the resources. Never sent."""
        aliases = (LEGACY_CANONICAL_BASE, f"{self.base_url}/fhir")
        return tuple(a for a in dict.fromkeys(aliases) if a != self.canonical_base)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built on first use (never at import) so tests can override."""
    return Settings()
