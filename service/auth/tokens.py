"""CDS Hooks 2.0 client authentication: the JWT the EHR signs for every call.

Checked in the order of the CDS Hooks best practices: header (ES384 or RS384 only, a `kid`),
`iss` on our trust list, the key from that issuer's JWKS (a `jku` only when allow-listed for
that issuer), the signature (joserfc), then the claims: `aud` is the endpoint URL called (or
the issuer's configured audience), `exp`/`iat`/`nbf` within the clock skew, `tenant`, the
lifetime, and last the `jti`, which is accepted once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import orjson
from joserfc import jws, jwt
from joserfc.errors import (
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import Key, KeySet

from service.auth import AuthFailure, Caller, Verifier
from service.auth.keys import JwksCache, KeySource
from service.auth.replay import (
    DatabaseReplayGuard,
    LocalReplayGuard,
    ReplayCacheFull,
    ReplayGuard,
    ReplayGuardUnavailable,
    SeenTokens,
)
from service.settings import Settings, TrustedIssuer

# The spec recommends ES384 and RS384 (the sandbox and Epic); never `none`, never HMAC.
ALGORITHMS = ("ES384", "RS384")
_KEY_TYPES = {"ES384": "EC", "RS384": "RSA"}
# An EHR's JWT is well under 2 KB; refuse to parse anything far larger.
MAX_TOKEN_CHARS = 16 * 1024
# `crit` asks us to understand extensions we do not; `b64: false` changes what is signed.
_REFUSED_HEADERS = ("crit", "b64")
_CLAIM_REASONS = {
    "aud": "wrong-audience",
    "iss": "wrong-issuer",
    "nbf": "not-yet-valid",
    "iat": "issued-in-future",
    "tenant": "wrong-tenant",
}


def read_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims before the signature check: used only to find the issuer and its key."""
    if len(token) > MAX_TOKEN_CHARS:
        raise AuthFailure("malformed-token")
    try:
        compact = jws.extract_compact(token.encode("ascii"))
        claims = orjson.loads(compact.payload or b"")
    except (JoseError, ValueError):
        raise AuthFailure("malformed-token") from None
    header = dict(compact.headers())
    if not isinstance(claims, dict):
        raise AuthFailure("malformed-token")
    if header.get("alg") not in ALGORITHMS:
        raise AuthFailure("alg-not-allowed", alg=str(header.get("alg")))
    if any(name in header for name in _REFUSED_HEADERS):
        raise AuthFailure("unsupported-header")
    if "typ" in header and str(header["typ"]).upper() != "JWT":
        raise AuthFailure("wrong-typ")
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise AuthFailure("missing-kid")
    return header, claims


def verify_signature(token: str, key: Key | KeySet) -> dict[str, Any]:
    """The claims of a token that `key` verifies with ES384 or RS384; AuthFailure otherwise."""
    try:
        claims = jwt.decode(token, key, algorithms=list(ALGORITHMS)).claims
    except (JoseError, ValueError):
        raise AuthFailure("bad-signature") from None
    return dict(claims)


def _normalised(url: str) -> str | None:
    try:
        return str(httpx.URL(url))
    except (httpx.InvalidURL, TypeError, ValueError):
        return None


def key_source(issuer: TrustedIssuer, header: dict[str, Any]) -> KeySource:
    """Where this token's key must come from; a `jku` the issuer has not allow-listed is refused.

    An issuer with a `jwks_file` has its keys pinned: an allow-listed `jku` is then checked
    but not fetched, so an offline test network can trust the CDS Hooks sandbox, whose tokens
    always name its internet `jku`.
    """
    jku = header.get("jku")
    if jku is not None:
        allowed = {
            _normalised(str(url)): str(url)
            for url in (*issuer.allowed_jku, *((issuer.jwks_url,) if issuer.jwks_url else ()))
        }
        wanted = _normalised(jku) if isinstance(jku, str) else None
        if wanted is None or wanted not in allowed:
            raise AuthFailure("jku-not-allowed", iss=issuer.iss)
        if issuer.jwks_file is not None:
            return KeySource(file=issuer.jwks_file)
        return KeySource(url=allowed[wanted])
    if issuer.jwks_url is not None:
        return KeySource(url=str(issuer.jwks_url))
    if issuer.jwks_file is not None:
        return KeySource(file=issuer.jwks_file)
    raise AuthFailure("no-key-source", iss=issuer.iss)


class CdsHooksJwtVerifier:
    """The `Verifier` for CDS Hooks 2.0 JWTs from the trusted issuers in the settings.

    `replay` remembers the accepted `jti`s; without one, this process's memory does (a verifier
    used without a store). The app gives every verifier of ours the store's shared guard
    (`share_replay_guard`), so a token is accepted once by all processes on the database.
    """

    def __init__(
        self,
        settings: Settings,
        http: httpx.AsyncClient,
        clock: Callable[[], float] = time.time,
        replay: ReplayGuard | None = None,
    ) -> None:
        self._issuers = {issuer.iss: issuer for issuer in settings.trusted_issuers}
        self._skew_s = settings.jwt_clock_skew_s
        self._max_lifetime_s = settings.jwt_max_lifetime_s
        self._clock = clock
        self._keys = JwksCache(
            http,
            ttl_s=settings.jwks_cache_ttl_s,
            min_refresh_interval_s=settings.jwks_min_refresh_interval_s,
            fetch_timeout_s=settings.jwks_fetch_timeout_s,
            clock=clock,
        )
        self.replay: ReplayGuard = LocalReplayGuard() if replay is None else replay
        self.replay_chosen = replay is not None

    async def verify(self, token: str, endpoint_url: str) -> Caller:
        """The calling EHR, or AuthFailure naming the first check that failed."""
        header, unverified = read_unverified(token)
        claimed = unverified.get("iss")
        issuer = self._issuers.get(claimed) if isinstance(claimed, str) else None
        if issuer is None:
            raise AuthFailure("unknown-issuer", iss=str(claimed))
        key = await self._keys.key(
            key_source(issuer, header), header["kid"], _KEY_TYPES[header["alg"]]
        )
        claims = verify_signature(token, key)
        self._check_claims(claims, issuer, endpoint_url)
        try:
            first_use = await self.replay.first_use(
                issuer.iss, claims["jti"], claims["exp"] + self._skew_s, self._clock()
            )
        except ReplayCacheFull:
            raise AuthFailure("replay-cache-full", iss=issuer.iss) from None
        except ReplayGuardUnavailable as unavailable:
            raise AuthFailure(
                "replay-guard-unavailable", iss=issuer.iss, cause=unavailable.cause
            ) from None
        if not first_use:
            raise AuthFailure("replayed-jti", iss=issuer.iss, jti=claims["jti"])
        return Caller(
            issuer=issuer.iss,
            fhir_servers=tuple(str(url) for url in issuer.fhir_servers),
            tenant=_text(claims.get("tenant")),
            subject=_text(claims.get("sub")),
            records_answers=issuer.records_answers,
        )

    def _check_claims(
        self, claims: dict[str, Any], issuer: TrustedIssuer, endpoint_url: str
    ) -> None:
        options: dict[str, Any] = {
            "iss": {"essential": True, "value": issuer.iss},
            "aud": {"essential": True, "value": issuer.audience or endpoint_url},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "jti": {"essential": True},
        }
        if issuer.tenant is not None:
            options["tenant"] = {"essential": True, "value": issuer.tenant}
        registry = jwt.JWTClaimsRegistry(
            now=lambda: int(self._clock()), leeway=self._skew_s, **options
        )
        try:
            registry.validate(claims)
        except MissingClaimError as exc:
            raise AuthFailure("missing-claim", iss=issuer.iss, claim=exc.claim) from None
        except ExpiredTokenError:
            raise AuthFailure("expired", iss=issuer.iss) from None
        except InvalidClaimError as exc:
            reason = _CLAIM_REASONS.get(exc.claim, "invalid-claim")
            if exc.claim == "aud":
                # Both are URLs or configured names, never secrets: the fix for a go-live whose
                # every token fails is to compare them (CDS_PUBLIC_BASE_URL or `audience`).
                raise AuthFailure(
                    reason,
                    iss=issuer.iss,
                    claim="aud",
                    expected_aud=issuer.audience or endpoint_url,
                    received_aud=_audience_text(claims.get("aud")),
                ) from None
            raise AuthFailure(reason, iss=issuer.iss, claim=exc.claim) from None
        if claims["exp"] - claims["iat"] > self._max_lifetime_s:
            raise AuthFailure("lifetime-too-long", iss=issuer.iss)


def share_replay_guard(verifier: Verifier | None, store: SeenTokens) -> Verifier | None:
    """`verifier`, with its `jti` seen-set in `store`'s database when it is one of ours that was
    not given a guard of its own: then every worker and replica on that database refuses a token
    any one of them accepted. Another scheme (or None, local demo mode) is returned unchanged."""
    if isinstance(verifier, CdsHooksJwtVerifier) and not verifier.replay_chosen:
        verifier.replay = DatabaseReplayGuard(store)
        verifier.replay_chosen = True
    return verifier


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _audience_text(value: Any) -> str:
    """The token's `aud` for the log: a string, or a JSON list of strings (RFC 7519 § 4.1.3)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return orjson.dumps(value).decode()
    return f"<{type(value).__name__}>"
