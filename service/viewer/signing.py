"""The viewer's own ES384 key: it signs the viewer's calls when the service checks JWTs.

The viewer is then one more CDS client with its own issuer (`{public_base_url}/viewer`); it is
trusted only when an operator adds that issuer and its JWKS to the trusted issuers, and the
tokens it mints are short-lived and only for this service's own CDS endpoints.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from service.settings import Settings

ALGORITHM = "ES384"
TOKEN_LIFETIME_S = 60
_CDS_PATH = re.compile(r"^/cds-services(?:/(?P<service>[A-Za-z0-9._-]+)(?:/feedback)?)?$")


class SigningKeyError(ValueError):
    """The configured signing key cannot be used; the service must not start unsigned."""


def load_key(path: Path) -> ECKey:
    """An EC P-384 private key from a PEM file."""
    try:
        key = ECKey.import_key(path.read_bytes())
    except OSError as exc:
        raise SigningKeyError(f"viewer signing key {path} cannot be read: {exc}") from exc
    except (ValueError, JoseError) as exc:
        raise SigningKeyError(f"viewer signing key {path} is not an EC private key") from exc
    if key.as_dict(private=False).get("crv") != "P-384" or not key.is_private:
        raise SigningKeyError(f"viewer signing key {path} must be an EC P-384 private key")
    return key


def public_jwks(key: ECKey) -> dict[str, Any]:
    """The JWK Set an operator trusts for the viewer's issuer (public part only)."""
    public = key.as_dict(private=False)
    return {"keys": [{**public, "kid": key.thumbprint(), "use": "sig", "alg": ALGORITHM}]}


@dataclass(frozen=True)
class ViewerSigner:
    """Mints the JWT a CDS client sends (CDS Hooks 2.0 § Trusting CDS Clients) for the viewer."""

    key: ECKey
    base_url: str  # the public base URL: `aud` is built from it, as the verifier does

    @classmethod
    def from_settings(cls, settings: Settings) -> ViewerSigner | None:
        """A signer when a key is configured outside local demo mode (which calls unsigned)."""
        if settings.viewer_signing_key_file is None or settings.local_demo:
            return None
        return cls(load_key(settings.viewer_signing_key_file), str(settings.public_base_url))

    @property
    def issuer(self) -> str:
        return f"{self.base_url.rstrip('/')}/viewer"

    def audience(self, path: str, known_services: set[str]) -> str | None:
        """The endpoint URL for a path of our own CDS API; None for anything else."""
        match = _CDS_PATH.match(path)
        if match is None:
            return None
        service = match.group("service")
        if service is not None and service not in known_services:
            return None
        return f"{self.base_url.rstrip('/')}{path}"

    def token(self, audience: str, now: datetime) -> str:
        issued = int(now.timestamp())
        # No `jku`: a verifier that knows the viewer's JWKS from a file or a configured URL
        # refuses a `jku` it has not allow-listed, and none is needed.
        header = {"alg": ALGORITHM, "typ": "JWT", "kid": self.key.thumbprint()}
        claims = {
            "iss": self.issuer,
            "aud": audience,
            "iat": issued,
            "exp": issued + TOKEN_LIFETIME_S,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(header, claims, self.key, algorithms=[ALGORITHM])
