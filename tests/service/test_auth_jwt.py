"""The JWT scheme's steps on their own: the spec's test vector, header rules, key sources."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import httpx
import pytest
from joserfc.jwk import KeySet

from service.auth import AuthFailure
from service.auth.keys import JwksCache, KeySource
from service.auth.replay import ReplayCache, ReplayCacheFull
from service.auth.tokens import CdsHooksJwtVerifier, key_source, read_unverified, verify_signature
from service.settings import Settings, TrustedIssuer
from tests.conftest import (
    SHARED,
    SPEC_EXAMPLES,
    requires_shared,
    spec_example,
    spec_example_text,
)
from tests.service.tokens import (
    ATTACKER_KEY,
    NOW,
    SANDBOX_ISS,
    SANDBOX_JKU,
    SANDBOX_KEY,
    SANDBOX_KID,
    es384_key,
    jwks,
    sandbox_token,
    tampered,
)


def _spec_jwt() -> str:
    return spec_example_text("jwt-compact-example.txt").strip()


def test_the_spec_example_jwt_verifies_against_the_spec_example_jwks() -> None:
    """CDS Hooks 2.0 § JWT Signing Algorithm example. Its `exp` is in 2015 and its `aud` is
    cds.example.org, so only the header and signature steps run here."""
    token = _spec_jwt()
    keys = KeySet.import_key_set(spec_example("jwks-public-example.json"))
    header, unverified = read_unverified(token)
    assert header == spec_example("jwt-header-example.json")
    assert verify_signature(token, keys) == spec_example("jwt-payload-example.json")
    assert unverified == spec_example("jwt-payload-example.json")


def test_the_spec_example_jwt_fails_with_another_key_or_a_changed_payload() -> None:
    token = _spec_jwt()
    other = KeySet.import_key_set(jwks(es384_key("example-kid")))
    with pytest.raises(AuthFailure, match="bad-signature"):
        verify_signature(token, other)
    keys = KeySet.import_key_set(spec_example("jwks-public-example.json"))
    with pytest.raises(AuthFailure, match="bad-signature"):
        verify_signature(tampered(token, tenant="another-tenant"), keys)


@pytest.mark.parametrize(
    ("header_change", "reason"),
    [
        ({"alg": "ES256"}, "alg-not-allowed"),
        ({"alg": "RS256"}, "alg-not-allowed"),
        ({"kid": ""}, "missing-kid"),
        ({"typ": "at+jwt"}, "wrong-typ"),
        ({"crit": ["exp"]}, "unsupported-header"),
    ],
)
def test_header_rules(header_change: dict[str, object], reason: str) -> None:
    token = sandbox_token("https://cds.example/cds-services")
    head, payload, signature = token.split(".")
    decoded = json.loads(_unb64(head))
    forged = _b64(json.dumps({**decoded, **header_change}).encode())
    with pytest.raises(AuthFailure) as failure:
        read_unverified(f"{forged}.{payload}.{signature}")
    assert failure.value.reason == reason


def test_oversized_or_non_ascii_token_is_malformed() -> None:
    for token in ("e" * 20_000, "ëyJ.x.y"):
        with pytest.raises(AuthFailure) as failure:
            read_unverified(token)
        assert failure.value.reason == "malformed-token"


def test_jku_must_be_allow_listed_for_that_issuer() -> None:
    issuer = TrustedIssuer(
        iss="https://ehr.example",
        jwks_url="https://ehr.example/keys",
        allowed_jku=("https://ehr.example/rotating-keys",),
    )
    assert key_source(issuer, {"jku": "https://EHR.example/rotating-keys"}).url == (
        "https://ehr.example/rotating-keys"
    )
    assert key_source(issuer, {"jku": "https://ehr.example/keys"}).url == "https://ehr.example/keys"
    assert key_source(issuer, {}).url == "https://ehr.example/keys"
    for jku in ("https://ehr.example/keys/../evil", "https://ehr.example.evil/keys", 7):
        with pytest.raises(AuthFailure, match="jku-not-allowed"):
            key_source(issuer, {"jku": jku})


def test_issuer_with_only_allowed_jku_needs_a_jku_in_the_token() -> None:
    issuer = TrustedIssuer(iss="https://ehr.example", allowed_jku=("https://ehr.example/k",))
    with pytest.raises(AuthFailure, match="no-key-source"):
        key_source(issuer, {})


def _pinned_sandbox(keys: Path) -> TrustedIssuer:
    """The sandbox issuer as an offline test network configures it: keys from a file."""
    return TrustedIssuer(
        iss=SANDBOX_ISS, jwks_file=keys, allowed_jku=(SANDBOX_JKU,), test_only=True
    )


def test_a_pinned_key_file_answers_an_allow_listed_jku_and_refuses_any_other(
    tmp_path: Path,
) -> None:
    issuer = _pinned_sandbox(tmp_path / "sandbox-jwks.json")
    assert key_source(issuer, {"jku": SANDBOX_JKU}) == KeySource(
        file=tmp_path / "sandbox-jwks.json"
    )
    assert key_source(issuer, {}) == KeySource(file=tmp_path / "sandbox-jwks.json")
    for jku in ("https://sandbox.cds-hooks.org/other.json", "https://evil.example/jwks.json"):
        with pytest.raises(AuthFailure, match="jku-not-allowed"):
            key_source(issuer, {"jku": jku})


def _verify_offline(
    issuer: TrustedIssuer, token: str, audience: str
) -> tuple[str | None, list[str]]:
    """The verified issuer (or the failure's reason) and every URL the verifier tried to fetch."""
    fetched: list[str] = []

    def offline(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        raise httpx.ConnectError("offline test network", request=request)

    async def verify() -> str | None:
        settings = Settings(
            database_url="sqlite://",
            public_base_url="https://cds.hospital.example",
            trusted_issuers=[issuer],
        )
        async with httpx.AsyncClient(transport=httpx.MockTransport(offline)) as http:
            verifier = CdsHooksJwtVerifier(settings, http, clock=lambda: NOW)
            try:
                return (await verifier.verify(token, audience)).issuer
            except AuthFailure as failure:
                return failure.reason

    return asyncio.run(verify()), fetched


def test_a_sandbox_token_is_accepted_offline_against_the_pinned_keys(tmp_path: Path) -> None:
    keys = tmp_path / "sandbox-jwks.json"
    keys.write_text(json.dumps(jwks(SANDBOX_KEY)), encoding="utf-8")
    audience = "https://cds.hospital.example/cds-services/spinal-metastases-order-sign"
    issuer = _pinned_sandbox(keys)
    assert _verify_offline(issuer, sandbox_token(audience), audience) == (SANDBOX_ISS, [])
    other_jku = sandbox_token(audience, jku="https://sandbox.cds-hooks.org/other.json")
    assert _verify_offline(issuer, other_jku, audience) == ("jku-not-allowed", [])
    # Pinned means pinned: another key pair under the sandbox's kid is not looked up anywhere.
    forged = sandbox_token(audience, key=ATTACKER_KEY)
    assert _verify_offline(issuer, forged, audience) == ("bad-signature", [])


def test_the_sandbox_key_set_shipped_with_the_offline_sandbox_is_a_pinnable_file() -> None:
    """Operators get the file beside the sandbox build (or from the sandbox's own `jku` URL)."""
    shipped = requires_shared(SHARED / "cds-hooks-sandbox" / ".well-known" / "jwks.json")
    issuer = _pinned_sandbox(shipped)
    assert key_source(issuer, {"jku": SANDBOX_JKU}) == KeySource(file=shipped)
    keys = KeySet.import_key_set(json.loads(shipped.read_text(encoding="utf-8")))
    assert [key.kid for key in keys] == [SANDBOX_KID]


def test_the_sandbox_jwks_from_the_spec_notes_loads_from_a_file() -> None:
    sandbox_jwks = requires_shared(SPEC_EXAMPLES / "sandbox-jwks.json")

    async def load() -> str:
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, ttl_s=3600, min_refresh_interval_s=60, fetch_timeout_s=1)
            source = KeySource(file=sandbox_jwks)
            key = await cache.key(source, "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f", "EC")
            with pytest.raises(AuthFailure, match="unknown-kid"):
                await cache.key(source, "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f", "RSA")
            return str(key.kid)

    assert asyncio.run(load()) == "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f"


def test_a_file_that_is_not_a_jwks_gives_no_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"keys": "none"}', encoding="utf-8")

    async def load() -> None:
        async with httpx.AsyncClient() as http:
            cache = JwksCache(http, ttl_s=3600, min_refresh_interval_s=60, fetch_timeout_s=1)
            await cache.key(KeySource(file=path), "k", "EC")

    with pytest.raises(AuthFailure, match="jwks-unavailable"):
        asyncio.run(load())


def test_replay_cache_forgets_a_jti_after_its_token_expired_and_refuses_when_full() -> None:
    cache = ReplayCache(max_entries=2)
    assert cache.first_use("iss", "a", forget_after=NOW + 10, now=NOW)
    assert not cache.first_use("iss", "a", forget_after=NOW + 10, now=NOW + 5)
    assert cache.first_use("other-iss", "a", forget_after=NOW + 10, now=NOW + 5)
    with pytest.raises(ReplayCacheFull):
        cache.first_use("iss", "b", forget_after=NOW + 10, now=NOW + 5)
    assert cache.first_use("iss", "b", forget_after=NOW + 30, now=NOW + 11)  # "a"s expired
    assert len(cache) == 1


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
