"""What verifying the EHR's JWT adds to each call, with the issuer's JWKS already cached.

The load runs use local demo mode (no tokens), so this is measured on its own: the service's
own verifier (`CdsHooksJwtVerifier`: header, issuer, key, signature, claims, `jti` replay
check) against the bare signature check of the JOSE library, for an ES384 token (the CDS
Hooks sandbox) and an RS384 token (Epic). Every token has its own `jti`, as real calls do.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, RSAKey
from pydantic import HttpUrl

from service.auth.tokens import CdsHooksJwtVerifier
from service.settings import Settings, TrustedIssuer

_BASE = "https://cds.bench.example"
_ENDPOINT = f"{_BASE}/cds-services/spinal-metastases-order-sign"


@dataclass(frozen=True)
class JwtCost:
    alg: str
    verifier_ms: float  # median per token, the service's whole check
    signature_ms: float  # median per token, joserfc's decode alone


def _keys() -> dict[str, Key]:
    return {
        "ES384": ECKey.generate_key("P-384", parameters={"kid": "bench-es384", "alg": "ES384"}),
        "RS384": RSAKey.generate_key(2048, parameters={"kid": "bench-rs384", "alg": "RS384"}),
    }


def _token(alg: str, key: Key, now: int) -> str:
    claims = {
        "iss": f"https://ehr-{alg.lower()}.bench.example",
        "aud": _ENDPOINT,
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode({"alg": alg, "typ": "JWT", "kid": key.kid}, claims, key, algorithms=[alg])


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


async def _measure(tokens_per_alg: int, folder: Path) -> list[JwtCost]:
    keys = _keys()
    issuers = []
    for alg, key in keys.items():
        jwks = folder / f"{alg}.jwks.json"
        jwks.write_text(json.dumps(KeySet([key]).as_dict(private=False)), encoding="utf-8")
        issuers.append(
            TrustedIssuer(iss=f"https://ehr-{alg.lower()}.bench.example", jwks_file=jwks)
        )
    settings = Settings(public_base_url=HttpUrl(_BASE), trusted_issuers=tuple(issuers))
    now = int(time.time())
    results = []
    async with httpx.AsyncClient() as http:
        verifier = CdsHooksJwtVerifier(settings, http)
        for alg, key in keys.items():
            tokens = [_token(alg, key, now) for _ in range(tokens_per_alg + 1)]
            await verifier.verify(tokens.pop(), _ENDPOINT)  # loads and caches the JWKS
            whole: list[float] = []
            for token in tokens:
                started = time.perf_counter()
                await verifier.verify(token, _ENDPOINT)
                whole.append(time.perf_counter() - started)
            signature: list[float] = []
            for token in tokens:
                started = time.perf_counter()
                jwt.decode(token, key, algorithms=[alg])
                signature.append(time.perf_counter() - started)
            results.append(JwtCost(alg, _median_ms(whole), _median_ms(signature)))
    return results


def measure(tokens_per_alg: int, folder: Path) -> list[JwtCost]:
    """Median verification cost per token for ES384 and RS384."""
    return asyncio.run(_measure(tokens_per_alg, folder))
