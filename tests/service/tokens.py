"""Real signed tokens for the authentication tests: keys are generated here, never shipped.

Two EHR styles as the CDS Hooks notes describe them: the sandbox (ES384, `jku`, `kid`, no
`sub`) and Epic (RS384, `sub`, `nbf` five minutes before `iat`, a configured `aud`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from typing import Any

from cryptography.hazmat.primitives import serialization
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, KeySetSerialization, RSAKey

NOW = 1_795_430_000  # 2026-11-23T08:33:20Z: the verifier's clock in these tests
PUBLIC = "https://cds.hospital.example"
FHIR = "https://fhir.hospital.example/r4"  # the fixtures' fhirServer

SANDBOX_ISS = "https://sandbox.cds-hooks.org"
SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json"
SANDBOX_KID = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f"

EPIC_ISS = "https://fhir.epic-hospital.example/interconnect-fhir-oauth/api/FHIR/R4"
EPIC_JKU = "https://fhir.epic-hospital.example/interconnect-fhir-oauth/api/epic/2019/Security/Open/PublicKeys/530013/530013"
EPIC_KID = "d3bmo5HzW61TUgikHZH+A8Tx4UOXz2iOs4KvVU4eLY0="
EPIC_AUD = "https://cds.hospital.example/epic/savecdshooksrequest"
EPIC_SUB = "metastasis-cds-client"

TENANT_ISS = "https://ehr.ziekenhuis.example"
TENANT = "ziekenhuis-a"


def es384_key(kid: str) -> ECKey:
    return ECKey.generate_key("P-384", parameters={"kid": kid, "use": "sig", "alg": "ES384"})


def rs384_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS384"})


SANDBOX_KEY = es384_key(SANDBOX_KID)
EPIC_KEY = rs384_key(EPIC_KID)
TENANT_KEY = es384_key("tenant-key-1")
ATTACKER_KEY = es384_key(SANDBOX_KID)  # same kid as the sandbox's key, another key pair


def jwks(*keys: Key) -> KeySetSerialization:
    """The public JWKS an EHR publishes."""
    return KeySet(list(keys)).as_dict(private=False)


def claims(audience: str, iss: str = SANDBOX_ISS, **changes: Any) -> dict[str, Any]:
    """Spec claims (iss, aud, exp, iat, jti); a change of None removes the claim."""
    base: dict[str, Any] = {
        "iss": iss,
        "aud": audience,
        "iat": NOW - 5,
        "exp": NOW + 300,
        "jti": str(uuid.uuid4()),
        **changes,
    }
    return {k: v for k, v in base.items() if v is not None}


def sandbox_token(
    audience: str, key: Key = SANDBOX_KEY, jku: str = SANDBOX_JKU, **changes: Any
) -> str:
    header = {"alg": "ES384", "typ": "JWT", "kid": key.kid, "jku": jku}
    return jwt.encode(header, claims(audience, **changes), key, algorithms=["ES384"])


def epic_token(audience: str = EPIC_AUD, **changes: Any) -> str:
    header = {"alg": "RS384", "typ": "JWT", "kid": EPIC_KID, "jku": EPIC_JKU}
    payload = claims(audience, iss=EPIC_ISS, **{"sub": EPIC_SUB, "nbf": NOW - 305, **changes})
    return jwt.encode(header, payload, EPIC_KEY, algorithms=["RS384"])


def tenant_token(aud: str, tenant: str = TENANT) -> str:
    header = {"alg": "ES384", "typ": "JWT", "kid": TENANT_KEY.kid}
    payload = claims(aud, iss=TENANT_ISS, tenant=tenant)
    return jwt.encode(header, payload, TENANT_KEY, algorithms=["ES384"])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def unsigned_token(aud: str) -> str:
    """`alg: none` with an empty signature: what an attacker sends first."""
    header = {"alg": "none", "typ": "JWT", "kid": SANDBOX_KID, "jku": SANDBOX_JKU}
    return f"{_segment(header)}.{_segment(claims(aud))}."


def hs256_with_public_key(aud: str) -> str:
    """Algorithm confusion: HMAC keyed with the EHR's *public* RSA key (which anyone has)."""
    header = {"alg": "HS256", "typ": "JWT", "kid": EPIC_KID, "jku": EPIC_JKU}
    payload = claims(aud, iss=EPIC_ISS, sub=EPIC_SUB)
    signing_input = f"{_segment(header)}.{_segment(payload)}"
    public_pem = EPIC_KEY.get_op_key("verify").public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def tampered(token: str, **changes: Any) -> str:
    """The same header and signature over a payload with `changes` applied."""
    header, payload, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return f"{header}.{_segment({**decoded, **changes})}.{signature}"
