"""Who is calling: the authenticated caller and the interface every authentication scheme meets.

CDS Hooks 2.0 has the EHR sign a JWT per call (`service/auth/tokens.py`); another EHR's scheme
plugs in as another `Verifier`, and the endpoints only ever see a `Caller`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from service.settings import Settings


class AuthFailure(Exception):
    """Authentication failed; `reason` is a short code for our log, never shown to the caller."""

    def __init__(self, reason: str, **context: str) -> None:
        super().__init__(reason)
        self.reason = reason
        # Safe facts for the log (claim names, the claimed `iss`), never the token.
        self.context = {k: v[:200] for k, v in context.items()}


@dataclass(frozen=True)
class Caller:
    """The EHR behind a request, and what it may make us do."""

    # The token's `iss`; None in local demo mode, where no one is authenticated.
    issuer: str | None
    # FHIR base URLs this caller's `fhirServer` may name; any other is never called.
    fhir_servers: tuple[str, ...] = field(default_factory=tuple)
    tenant: str | None = None
    subject: str | None = None
    # The issuer's build accepts suggestions that also create answer Observations.
    records_answers: bool = False

    @classmethod
    def local_demo(cls, settings: Settings) -> Caller:
        """The unauthenticated caller of the local demo: the global FHIR allow-list applies."""
        return cls(issuer=None, fhir_servers=tuple(str(u) for u in settings.fhir_server_allowlist))


class Verifier(Protocol):
    """An authentication scheme: turns a bearer token for an endpoint into a `Caller`."""

    async def verify(self, token: str, endpoint_url: str) -> Caller:
        """The caller, or `AuthFailure` with a reason code; `endpoint_url` is the public URL called."""
        ...
